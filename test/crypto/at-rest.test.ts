import t from 'tap';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { buildApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import type { RequestDetails } from '../../src/requests/model.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/ports.js';
import { build, Client } from '../helpers.js';

/**
 * Patient data at rest: every email and name a request holds is encrypted in the store. These
 * tests read the raw files (the database and its write-ahead log) and the raw MongoDB
 * documents, and look for each value the sender typed, in any case.
 */

const cleansing: RequestDetails = {
  kind: 'cleansing',
  newEmail: 'zanzibar.newaddress@example.com',
  oldEmail: 'quokka.oldaddress@example.org',
  nhsNumberLast3: '919',
  lastAccessDate: null,
  stepsTaken: 'Tried the forgotten password link; the old mailbox was closed.',
  senderName: 'Philippa Wrenfield',
  senderOdsCode: 'Y12345',
  senderEmail: 'reception.wrenfield@example.nhs.uk',
};
const contact: RequestDetails = {
  kind: 'contact',
  senderOdsCode: 'B86022',
  senderName: 'Ottoline Brackenbury',
  senderEmail: 'ottoline.brackenbury@example.nhs.uk',
  errorCode: null,
  checked: null,
  description: 'The patient still cannot connect after every check in the guide.',
  nhsNumberLast3: null,
};
const SECRETS = ['zanzibar.newaddress', 'quokka.oldaddress', 'Philippa Wrenfield', 'reception.wrenfield', 'Ottoline Brackenbury', 'ottoline.brackenbury'];

/** Each value that appears in the bytes, in UTF-8 or UTF-16 (either byte order), in any case. */
function found(bytes: Buffer): string[] {
  const even = bytes.length % 2 === 0 ? bytes : bytes.subarray(0, bytes.length - 1);
  const texts = [bytes.toString('latin1'), even.toString('utf16le'), Buffer.from(even).swap16().toString('utf16le')].map((text) => text.toLowerCase());
  return SECRETS.filter((secret) => texts.some((text) => text.includes(secret.toLowerCase())));
}
const rawFiles = (path: string) => Buffer.concat([path, `${path}-wal`].filter(existsSync).map((file) => readFileSync(file)));

const submit = (app: Awaited<ReturnType<typeof build>>['app'], details: RequestDetails) =>
  app.requests.submit({ details, source: { channel: 'public' }, idempotencyKey: randomUUID(), at: app.now(), by: null });

t.test('SQLite: no email or name in the database file or its write-ahead log, while running and after', async (t) => {
  const { app } = await build(t);
  const path = app.config.SQLITE_PATH;
  // Through the public form too, so its drafts are read from the file as well.
  const gp = new Client(app);
  await gp.get('/cleansing-request');
  await gp.post('/cleansing-request', {
    newEmail: cleansing.newEmail, oldEmail: cleansing.oldEmail, nhsNumberLast3: '919', lastAccessDay: '', lastAccessMonth: '', lastAccessYear: '',
    stepsTaken: cleansing.stepsTaken, senderName: cleansing.senderName, senderOdsCode: 'Y12345', senderEmail: cleansing.senderEmail,
  });
  await gp.get('/cleansing-request/check');
  t.equal((await gp.submit('/cleansing-request/submit')).statusCode, 303, 'sent through the form');
  const { reference } = await submit(app, contact);

  t.same(found(rawFiles(path)), [], 'nothing in clear text on disk');
  // And yet the service desk reads them, and the duplicate check still matches.
  const stored = await app.requests.find(reference);
  t.match(app.requests.record(stored!).details, { senderName: 'Ottoline Brackenbury' });
  const again = await submit(app, { ...cleansing, oldEmail: cleansing.oldEmail.toUpperCase() });
  t.equal(again.possibleDuplicates.length, 1, 'a second request with the same old email (in capitals) is linked to the first');
});

t.test('SQLite: requests stored before encryption are sealed at the next start, leaving no clear text', async (t) => {
  const dir = t.testdir({});
  const path = join(dir, 'old.sqlite');
  const before = MIGRATIONS.findIndex((sql) => sql.includes('CREATE TABLE requests ('));
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.transaction(() => {
    MIGRATIONS.slice(0, before).forEach((sql) => db.exec(sql));
    db.pragma(`user_version = ${before}`);
    db.prepare(
      `INSERT INTO cleansing_requests (id, reference, idempotency_key, new_email, old_email, nhs_number_last3, last_access_date, steps_taken,
         sender_name, sender_ods_code, sender_email, status, created_at, version, last_change_at, updated_at)
       VALUES ('old-1', 'CLN-AAA-AAA', 'k1', ?, ?, '007', NULL, 'Steps', ?, 'Y12345', ?, 'new', '2026-01-05T09:00:00.000Z', 1, '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z')`,
    ).run(cleansing.newEmail, cleansing.oldEmail, cleansing.senderName, cleansing.senderEmail);
  })();
  db.close();
  t.not(found(rawFiles(path)).length, 0, 'the old file holds them in clear text');

  const config = { ...configSchema.parse({}), SQLITE_PATH: path, LOG_LEVEL: 'silent' as const, PRESSURE_MAX_EVENT_LOOP_DELAY_MS: 0 };
  const app = await buildApp({ config, store: openSqliteStore(path), logStream: new Writable({ write: (_c, _e, done) => done() }) });
  await app.ready();
  const stored = await app.requests.find('CLN-AAA-AAA');
  t.match(app.requests.record(stored!).details, { oldEmail: cleansing.oldEmail, nhsNumberLast3: '007' }, 'still readable, now sealed');
  t.notMatch(stored!.sealedDetails, /^plain:/);
  await app.close();
  t.same(found(rawFiles(path)), [], 'no clear text left in the file');
});

const uri = process.env.MONGODB_URI;
t.test('MongoDB: no email or name in the raw documents', { skip: uri ? false : 'MONGODB_URI is not set' }, async (t) => {
  const { openMongoStore } = await import('../../src/store/mongo/index.js');
  const { MongoClient, BSON } = await import('mongodb');
  const dbName = `at_rest_${process.pid}_${Date.now()}`;
  const store: Store = await openMongoStore({ uri: uri!, dbName });
  const config = { ...configSchema.parse({}), SQLITE_PATH: join(t.testdir({}), 'unused.sqlite'), LOG_LEVEL: 'silent' as const, PRESSURE_MAX_EVENT_LOOP_DELAY_MS: 0 };
  const app = await buildApp({ config, store, logStream: new Writable({ write: (_c, _e, done) => done() }) });
  await app.ready();
  await submit(app, cleansing);
  await submit(app, contact);
  const client = await new MongoClient(uri!).connect();
  t.teardown(async () => {
    await client.db(dbName).dropDatabase();
    await client.close();
  });
  const db = client.db(dbName);
  const collections = await db.listCollections().toArray();
  const raw = Buffer.concat(await Promise.all(collections.map(async (c) => Buffer.concat((await db.collection(c.name).find({}).toArray()).map((doc) => Buffer.from(BSON.serialize(doc)))))));
  t.same(found(raw), []);
  await app.close();
});
