import t from 'tap';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';

/** The migration that lets agents work requests keeps every request stored before it, as New. */
t.test('requests stored before the casework migration become New, version 1, unassigned, last changed when they arrived', async (t) => {
  const file = join(t.testdir({}), 'old.sqlite');
  const before = MIGRATIONS.findIndex((sql) => sql.includes('cleansing_requests_v2'));
  t.ok(before > 0, 'the migration is in the list');
  const db = new Database(file);
  db.transaction(() => {
    MIGRATIONS.slice(0, before).forEach((sql) => db.exec(sql));
    db.pragma(`user_version = ${before}`);
    db.prepare(
      `INSERT INTO cleansing_requests (id, reference, idempotency_key, new_email, old_email, nhs_number_last3, last_access_date,
         steps_taken, sender_name, sender_ods_code, sender_email, status, created_at, version)
       VALUES ('old-1', 'CLN-AAA-AAA', 'k1', 'n@example.com', 'o@example.com', '007', NULL, 'Steps', 'Pat', 'Y12345', 's@example.nhs.uk', 'new', '2026-01-05T09:00:00.000Z', 1)`,
    ).run();
  })();
  db.close();

  const store = openSqliteStore(file);
  t.teardown(() => store.close());
  const found = await store.requests.findByReference('CLN-AAA-AAA');
  t.match(found, { id: 'old-1', kind: 'cleansing', status: 'new', version: 1, assignee: null, closedAt: null, practiceOdsCode: 'Y12345', source: { channel: 'public' }, lastChange: { by: null } });
  // Carried into the one requests table as clear text for the app to seal at its next start (test/crypto/at-rest.test.ts).
  t.match(JSON.parse(found!.sealedDetails!.replace(/^plain:/, '')), { kind: 'cleansing', nhsNumberLast3: '007', oldEmail: 'o@example.com' }, 'every field kept');
  t.equal(found?.lastChange.at.toISOString(), '2026-01-05T09:00:00.000Z');
  const at = new Date('2026-01-06T10:00:00.000Z');
  const by = { userId: 'u1', username: 'sam', displayName: 'Sam Agent' };
  const moved = await store.requests.change('old-1', 1, { status: 'in-progress', assignee: null, closedAt: null, entry: { type: 'status', at, by, version: 2, from: 'new', to: 'in-progress', why: null } });
  t.match(moved, { status: 'in-progress', version: 2 }, 'and can be worked');
});
