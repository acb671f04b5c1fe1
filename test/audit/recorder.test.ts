import t from 'tap';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { verifyAuditLog } from '../../src/audit/verify-log.js';
import { checkpointSignedBy } from '../../src/audit/checkpoint.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { loadConfig } from '../../src/config.js';
import { loadAuditKey } from '../../src/audit/key.js';
import { build } from '../helpers.js';

t.test('checkpoints every N events, counted from the stored head, and one more at shut-down', async (t) => {
  const { app } = await build(t, { AUDIT_CHECKPOINT_EVERY: 5 });
  const lead = { id: 'u1', username: 'lee' };
  for (let i = 0; i < 7; i++) await app.audit('request.viewed', lead, `CLN-${i}`);
  // Written straight through the store (as other code may): counted at the next recording.
  for (let i = 0; i < 4; i++) await app.store.audit.record({ at: app.now(), actor: { userId: 'u1', username: 'lee' }, action: 'staff.signed-in', reference: null });
  await app.audit('staff.signed-out', lead);
  t.same((await app.store.audit.checkpoints()).map((c) => c.seq), [5, 12]);
  await app.audit('staff.signed-in', lead);
  const key = app.auditKey;
  const path = app.config.SQLITE_PATH;
  await app.close();

  const store = openSqliteStore(path);
  t.teardown(() => store.close());
  const checkpoints = await store.audit.checkpoints();
  t.same(checkpoints.map((c) => c.seq), [5, 12, 13], 'the head is signed when the app closes');
  t.ok(checkpoints.every((c) => checkpointSignedBy(key, c)));
  t.same(await verifyAuditLog(store.audit, key), { intact: true, events: 13, checkpoints: 3 });
});

t.test('the key: AUDIT_KEY when set, else a key file beside the database made once, readable by the app only', async (t) => {
  const given = randomBytes(32);
  const withKey = await build(t, { AUDIT_KEY: given.toString('base64') });
  t.ok(withKey.app.auditKey.equals(given));

  const { app } = await build(t);
  const file = join(dirname(app.config.SQLITE_PATH), 'audit.key');
  t.equal(statSync(file).mode & 0o777, 0o600);
  t.ok(loadAuditKey(app.config).equals(app.auditKey), 'the same key on the next start (or for audit:verify)');

  t.throws(() => loadConfig({ AUDIT_KEY: 'c2hvcnQ=' }), /AUDIT_KEY must be 32 bytes, base64-encoded/);
});
