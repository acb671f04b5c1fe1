// `npm run bench:figures`: /staff/figures for its default 90-day range against a queue page
// (/staff/requests), on one store with 100,000 requests (BENCH_FIGURES_REQUESTS to change),
// their audit events, 20,000 finished triages and a year of daily journey tallies for every
// node of every tree. Median of 30 in-process requests (app.inject) each. Target: the figures
// page answers in under 10 times the queue page's time. Run after `npm run build`.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { buildApp } from '../dist/app.js';
import { configSchema } from '../dist/config.js';
import { openSqliteStore } from '../dist/store/sqlite/index.js';
import { insertAuditEvent } from '../dist/store/sqlite/audit.js';
import { startSession } from '../dist/staff/sessions.js';
import { loadTrees } from '../dist/trees/load.js';

const REQUESTS = Number(process.env.BENCH_FIGURES_REQUESTS ?? 100_000);
const TRIAGES = 20_000;
const ROUNDS = 30;
const TARGET = 10;
const DAY = 86_400_000;
const now = Date.now();

function generate(path, trees) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // generation only
  const request = db.prepare(
    `INSERT INTO cleansing_requests (id, reference, idempotency_key, new_email, old_email, nhs_number_last3, last_access_date,
       steps_taken, sender_name, sender_ods_code, sender_email, status, created_at, version)
     VALUES (?, ?, ?, 'n@example.com', 'o@example.com', '123', NULL, 'Tried the reset link.', 'Pat', ?, 'r@example.nhs.uk', 'new', ?, 1)`,
  );
  const audit = insertAuditEvent(db);
  const triage = db.prepare(
    `INSERT INTO triage (id, ticket_reference, tree_id, tree_version, agent_user_id, agent_username, steps, outcome, started_at, ended_at, version)
     VALUES (?, ?, 'lost-email', 1, ?, ?, '[]', '{"nodeId":"resolved","result":"resolved","next":null}', ?, ?, 2)`,
  );
  const tally = db.prepare('INSERT INTO journey_day_counts (tree_id, node_id, event, day, count) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    // Spread over the last year: about a quarter fall in the 90-day range.
    for (let i = 0; i < REQUESTS; i++) {
      const at = new Date(now - (i / REQUESTS) * 365 * DAY);
      const reference = `CLN-${100_000 + i}`;
      request.run(randomUUID(), reference, `key-${i}`, `Y${String(10_000 + (i % 3000)).padStart(5, '0')}`, at.toISOString());
      audit({ at, actor: i % 5 === 0 ? { userId: 'u1', username: 'agent1' } : { userId: null, username: null }, action: 'request.created', reference });
    }
    for (let i = 0; i < TRIAGES; i++) {
      const at = new Date(now - (i / TRIAGES) * 365 * DAY).toISOString();
      triage.run(randomUUID(), `INC-${i}`, `u${i % 40}`, `agent${i % 40}`, at, at);
    }
    for (let d = 0; d < 365; d++) {
      const day = new Date(now - d * DAY).toISOString().slice(0, 10);
      for (const tree of trees) {
        for (const [nodeId, node] of Object.entries(tree.nodes)) {
          tally.run(tree.id, nodeId, 'reached', day, 50 + ((d * 7 + nodeId.length) % 40));
          if (node.kind === 'outcome') tally.run(tree.id, nodeId, 'ended', day, 10 + (d % 20));
        }
      }
    }
  })();
  db.close();
}

const dir = mkdtempSync(join(tmpdir(), 'figures-bench-'));
try {
  const path = join(dir, 'figures.sqlite');
  await openSqliteStore(path).close(); // migrated schema
  generate(path, (await loadTrees(join(import.meta.dirname, '..', 'fixtures', 'trees'))).list());
  const store = openSqliteStore(path);
  const app = await buildApp({ config: { ...configSchema.parse({}), SQLITE_PATH: path, LOG_LEVEL: 'silent' }, store });
  await app.ready();
  const lead = await store.staff.create({ username: 'lead', displayName: 'Lead', role: 'team-lead', passwordHash: 'unused' });
  const cookie = `sid=${await startSession(store, lead.id, 8, new Date())}`;
  const median = async (url) => {
    const times = [];
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      const response = await app.inject({ url, headers: { cookie } });
      if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[ROUNDS >> 1];
  };
  const queue = await median('/staff/requests');
  const figures = await median('/staff/figures');
  await app.close();
  const ratio = figures / queue;
  console.log(`figures page (90 days, ${REQUESTS} requests): ${figures.toFixed(2)} ms; queue page ${queue.toFixed(2)} ms (× ${ratio.toFixed(2)}; target < ${TARGET})`);
  if (ratio >= TARGET) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
