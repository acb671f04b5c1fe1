import t, { type Test } from 'tap';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isTransientSqliteError, openSqliteStore } from '../../src/store/sqlite/index.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import type { NewStoredRequest, Store } from '../../src/store/ports.js';
import { sampleCleansingRequest } from '../sample-cleansing-request.js';
import { readOnlyFiles, smallDisk } from './disk-faults.js';

let n = 0;
// Long steps taken, so that a small disk fills within a few requests.
const request = (): NewStoredRequest => sampleCleansingRequest({ reference: `CLN-FAULT-${++n}`, idempotencyKey: `fault-key-${n}-${Date.now()}`, stepsTaken: 'x'.repeat(2000) });
const audit = (stored: { reference: string; createdAt: Date }) => ({
  at: stored.createdAt,
  actor: { userId: null, username: null },
  action: 'request.created',
  reference: stored.reference,
});
const submit = (store: Store) => store.requests.create(request(), { audit });

/** A folder removed after the test's other teardowns (t.testdir's goes first, while files are still immutable). */
function scratch(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-faults-'));
  t.teardown(() => new Promise((resolve) => setImmediate(resolve)).then(() => rmSync(dir, { recursive: true, force: true })));
  return dir;
}

t.test('a full disk: writes fail as StoreUnavailableError, and work again once there is room', async (t) => {
  const disk = smallDisk(t);
  if (!disk) return t.plan(0, 'cannot mount a small filesystem here (needs root)');
  const store = openSqliteStore(join(disk.dir, 'db.sqlite'));
  await submit(store);

  disk.fill();
  const failures = await Promise.allSettled(Array.from({ length: 50 }, () => submit(store)));
  const reasons = failures.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as Error);
  t.ok(reasons.length > 0, `writes fail on a full disk (${reasons.length} of 50)`);
  t.ok(reasons.every((e) => e instanceof StoreUnavailableError), 'every one as StoreUnavailableError, never a driver error');
  t.match((reasons[0] as StoreUnavailableError).cause, { code: /^SQLITE_(FULL|IOERR)/ });
  await t.rejects(store.health(new Date()), StoreUnavailableError, 'the health probe says so too');

  disk.free();
  const after = await submit(store);
  t.equal(after.created, true, 'the same store writes again without a restart');
  t.ok(await store.requests.findByReference(after.request.reference));
  await t.resolves(store.health(new Date()));
  await store.close(); // before the filesystem goes
  disk.remove();
});

t.test('a full database: SQLite reports SQLITE_FULL, which the adapter counts as a fault that may pass', async (t) => {
  // A real SQLITE_FULL from the driver, where no small disk can be mounted: max_page_count
  // caps the file as a full disk would.
  const db = new Database(join(t.testdir({}), 'full.sqlite'));
  t.teardown(() => db.close());
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (x TEXT)');
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  const error = (() => {
    try {
      db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000));
      return null;
    } catch (e) {
      return e;
    }
  })();
  t.match(error, { code: 'SQLITE_FULL' });
  t.equal(isTransientSqliteError(error), true);
  for (const code of ['SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_IOERR_WRITE', 'SQLITE_CANTOPEN', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT']) {
    t.equal(isTransientSqliteError({ code }), true, code);
  }
  for (const code of ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_ERROR', 'SQLITE_MISMATCH', 'SQLITE_FULLX']) {
    t.equal(isTransientSqliteError({ code }), false, code);
  }
});

t.test('a read-only database: writes fail as StoreUnavailableError, and recover when it is writable again', async (t) => {
  const path = join(scratch(t), 'db.sqlite');
  const store = openSqliteStore(path);
  await submit(store);
  const files = readOnlyFiles(t, [path, `${path}-wal`]);
  t.teardown(() => store.close());
  if (!files) return t.plan(0, 'cannot make files read-only here');

  files.on();
  await t.rejects(submit(store), StoreUnavailableError, 'a write on the open connection fails');
  await t.rejects(submit(store), StoreUnavailableError, 'and again on the connection reopened while read-only');
  await t.rejects(store.health(new Date()), StoreUnavailableError);
  t.ok(await store.staff.count() >= 0, 'reads still work');

  files.off();
  t.equal((await submit(store)).created, true, 'writes work again without a restart');
  await t.resolves(store.health(new Date()));
});

t.test('a store opened while its file is read-only recovers once it is writable', async (t) => {
  const path = join(scratch(t), 'db.sqlite');
  await openSqliteStore(path).close();
  const files = readOnlyFiles(t, [path, `${path}-wal`]);
  if (!files) return t.plan(0, 'cannot make files read-only here');
  files.on();
  const store = openSqliteStore(path);
  t.teardown(() => store.close());
  await t.rejects(submit(store), StoreUnavailableError);
  files.off();
  t.equal((await submit(store)).created, true);
});

t.test('personal data on disk: the folder is 0700, the database, WAL and SHM files 0600', async (t) => {
  const dir = join(t.testdir({}), 'data', 'nested');
  const path = join(dir, 'db.sqlite');
  const store = openSqliteStore(path);
  t.teardown(() => store.close());
  await submit(store);
  const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);
  t.equal(mode(dir), '700', 'data folder');
  for (const file of [path, `${path}-wal`, `${path}-shm`]) t.equal(mode(file), '600', file.slice(dir.length + 1));
});
