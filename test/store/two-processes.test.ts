import t from 'tap';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyAuditLog } from '../../src/audit/verify-log.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';

const child = fileURLToPath(new URL('./fixtures/append-audit.ts', import.meta.url));

t.test('sqlite: two processes appending to one audit log at once keep one unbroken chain', async (t) => {
  const path = join(t.testdir({}), 'shared.sqlite');
  openSqliteStore(path).close(); // migrated before either starts
  // The same loader flags as this test process, so the child runs the TypeScript sources too.
  const runs = ['first', 'second'].map((who) => fork(child, [path, '300', who], { execArgv: process.execArgv, stdio: 'inherit' }));
  const codes = await Promise.all(runs.map(async (run) => (await once(run, 'exit'))[0] as number));
  t.same(codes, [0, 0]);

  const store = openSqliteStore(path);
  t.teardown(() => store.close());
  const events = await store.audit.range({ afterSeq: 0, limit: 1000 });
  t.equal(events.length, 600);
  t.same(events.map((e) => e.seq), Array.from({ length: 600 }, (_, i) => i + 1), 'numbered 1 to 600');
  t.equal(new Set(events.map((e) => e.actor.username)).size, 2, 'both processes wrote');
  t.same(await verifyAuditLog(store.audit, randomBytes(32)), { intact: true, events: 600, checkpoints: 0 });
});
