import t from 'tap';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { verifyAuditLog } from '../../src/audit/verify-log.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { storeContract } from './contract.js';

const dir = t.testdir({});
const file = join(dir, 'contract.sqlite');

let fresh = 0;
// Every repository opens the same file, as a restarted process would; tampering gets a file of its own.
storeContract(
  t,
  async () => openSqliteStore(file),
  async () => {
    const path = join(dir, `tamper-${++fresh}.sqlite`);
    const store = openSqliteStore(path);
    const db = new Database(path);
    const columns = { action: 'action', reference: 'reference', prev: 'prev', hash: 'hash' } as const;
    return {
      store,
      raw: {
        async update(seq, fields) {
          for (const [field, value] of Object.entries(fields)) {
            db.prepare(`UPDATE audit_events SET ${columns[field as keyof typeof columns]} = ? WHERE seq = ?`).run(value, seq);
          }
        },
        async deleteFrom(seq) {
          db.prepare('DELETE FROM audit_events WHERE seq >= ?').run(seq);
        },
        async close() {
          db.close();
        },
      },
    };
  },
);

t.test('sqlite: a second open of the same file keeps the data (migrations run once)', async (t) => {
  const first = openSqliteStore(join(dir, 'reopen.sqlite'));
  await first.staff.create({ username: 'keeper', displayName: 'K', role: 'agent', passwordHash: 'h' });
  await first.close();
  const second = openSqliteStore(join(dir, 'reopen.sqlite'));
  t.teardown(() => second.close());
  t.equal(await second.staff.count(), 1);
});

t.test('sqlite: audit events from before the hash chain are chained once at open, renumbered without gaps', async (t) => {
  const path = join(dir, 'legacy.sqlite');
  const old = new Database(path);
  MIGRATIONS.slice(0, 2).forEach((sql) => old.exec(sql));
  old.pragma('user_version = 2');
  const insert = old.prepare('INSERT INTO audit_events (seq, at, actor_user_id, actor_username, action, reference) VALUES (?, ?, ?, ?, ?, ?)');
  insert.run(1, '2026-01-05T09:00:00.000Z', 'u1', 'lead', 'staff.signed-in', null);
  insert.run(3, '2026-01-05T09:01:00.000Z', 'u1', 'lead', 'staff.created:agent', 'agent1');
  insert.run(4, '2026-01-05T09:02:00.000Z', null, null, 'request.created', 'CLN-1');
  old.close();

  const store = openSqliteStore(path);
  t.teardown(() => store.close());
  const events = await store.audit.range({ afterSeq: 0, limit: 10 });
  t.same(events.map((e) => [e.seq, e.action]), [[1, 'staff.signed-in'], [2, 'staff.created:agent'], [3, 'request.created']]);
  await store.audit.record({ at: new Date(), actor: { userId: 'u1', username: 'lead' }, action: 'audit.viewed', reference: null });
  t.same(await verifyAuditLog(store.audit, randomBytes(32)), { intact: true, events: 4, checkpoints: 0 });
});
