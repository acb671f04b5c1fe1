import t from 'tap';
import Database from 'better-sqlite3';
import { dirname, join } from 'node:path';
import { runVerify } from '../../src/audit/verify-cli.js';
import { configSchema } from '../../src/config.js';
import { build } from '../helpers.js';

t.test('audit:verify with the server configuration: intact exits 0, a changed event exits 1 naming it', async (t) => {
  const { app } = await build(t, { AUDIT_CHECKPOINT_EVERY: 3 });
  for (let i = 0; i < 8; i++) await app.audit('staff.signed-in', { id: 'u1', username: 'lee' });
  await app.close();
  const config = { ...configSchema.parse({}), SQLITE_PATH: app.config.SQLITE_PATH };

  const lines: string[] = [];
  t.equal(await runVerify(config, (line) => lines.push(line)), 0);
  t.equal(lines[0], 'intact: events 1 to 8');
  t.equal(lines[1], 'signed checkpoints matched: 3', 'the key file beside the database is found');
  t.match(lines[2], /^checked 8 events in [\d.]+ s \(\d+ events\/s; [\d.]+ s of CPU, \d+ events per CPU-second\)$/);

  const db = new Database(config.SQLITE_PATH);
  db.prepare("UPDATE audit_events SET action = 'staff.signed-out' WHERE seq = 4").run();
  db.close();
  lines.length = 0;
  t.equal(await runVerify(config, (line) => lines.push(line)), 1);
  t.equal(lines[0], 'not intact: event 4 has been altered: its content no longer matches its hash');

  const elsewhere = { ...config, AUDIT_KEY_FILE: join(dirname(config.SQLITE_PATH), 'other.key') };
  lines.length = 0;
  t.equal(await runVerify(elsewhere, (line) => lines.push(line)), 1, 'another key: the checkpoints are refused');
  t.match(lines[0], /^not intact: the checkpoint for event 3 is not signed with this service's audit key/);
});
