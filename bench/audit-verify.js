// `npm run bench:audit`: makes a store with 1,000,000 audit events (BENCH_AUDIT_EVENTS to change)
// through the adapter's own chained insert, signs checkpoints as the app would, then runs
// `audit:verify` on it as a separate process and reports events per second (the issue aims for at
// least 100,000/s on the embedded store). Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../dist/store/sqlite/index.js';
import { insertAuditEvent } from '../dist/store/sqlite/audit.js';
import { signCheckpoint } from '../dist/audit/checkpoint.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
const CHECKPOINT_EVERY = 1000;
const ACTIONS = ['staff.signed-in', 'requests.listed', 'request.viewed', 'triage.started', 'request.created'];

const dir = mkdtempSync(join(tmpdir(), 'audit-bench-'));
try {
  const path = join(dir, 'audit.sqlite');
  const key = randomBytes(32);
  (await openSqliteStore(path).close()); // migrated schema

  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // generation only: the verify run below reads a normal file
  const append = insertAuditEvent(db);
  const head = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
  const checkpoint = db.prepare('INSERT INTO audit_checkpoints (seq, hash, at, mac) VALUES (@seq, @hash, @at, @mac)');
  const start = Date.parse('2025-01-01T00:00:00Z');
  const made = performance.now();
  const batch = db.transaction((from, to) => {
    for (let i = from; i < to; i++) {
      const staff = i % 40;
      append({
        at: new Date(start + i * 30_000),
        actor: i % 7 === 0 ? { userId: null, username: null } : { userId: `user-${staff}`, username: `agent${staff}` },
        action: ACTIONS[i % ACTIONS.length],
        reference: i % 3 === 0 ? null : `CLN-${String(100000 + (i % 100000))}`,
      });
      if ((i + 1) % CHECKPOINT_EVERY === 0) {
        const c = signCheckpoint(key, head.get(), new Date(start + i * 30_000 + 1));
        checkpoint.run({ ...c, at: c.at.toISOString() });
      }
    }
  });
  for (let from = 0; from < EVENTS; from += 10_000) batch(from, Math.min(EVENTS, from + 10_000));
  db.close();
  console.log(`made ${EVENTS} chained events in ${((performance.now() - made) / 1000).toFixed(1)} s`);

  const output = execFileSync(process.execPath, [join(ROOT, 'dist/audit/verify-cli.js')], {
    env: { ...process.env, SQLITE_PATH: path, AUDIT_KEY: key.toString('base64'), MONGODB_URI: '' },
    encoding: 'utf8',
  });
  process.stdout.write(output);
  const rate = Number(/\((\d+) events\/s;/.exec(output)?.[1] ?? 0);
  const cpuRate = Number(/, (\d+) events per CPU-second\)/.exec(output)?.[1] ?? 0);
  console.log(`audit:verify over ${EVENTS} events: ${rate} events/s wall-clock, ${cpuRate} per CPU-second (aim: at least 100000/s)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
