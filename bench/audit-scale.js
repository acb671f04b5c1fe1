// Part of `npm run bench:audit`: the audit pages and export at 1,000 and at 1,000,000 generated
// events (BENCH_AUDIT_EVENTS to change), in one run. Median of 30 in-process requests
// (app.inject) for the first page and three filtered pages, then the CSV export of every event
// over a real socket: rows per second and the peak resident memory of this process (the app and
// the reading client together, so an upper bound for the server). Run after `npm run build`.
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import Database from 'better-sqlite3';
import { buildApp } from '../dist/app.js';
import { configSchema } from '../dist/config.js';
import { openSqliteStore } from '../dist/store/sqlite/index.js';
import { insertAuditEvent } from '../dist/store/sqlite/audit.js';
import { startSession } from '../dist/staff/sessions.js';

const LARGE = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
const ROUNDS = 30;
const ACTIONS = ['staff.signed-in', 'requests.listed', 'request.viewed', 'triage.started', 'request.created'];
const PAGES = {
  first: '/staff/audit',
  who: '/staff/audit?who=agent3',
  'who and a month': '/staff/audit?who=agent3&from=2025-03-01&to=2025-03-31',
  reference: '/staff/audit?reference=CLN-100005',
};

/** A store with `events` chained events spread over 2025: 40 agents, some public, five actions. */
function generate(path, events) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // generation only
  const append = insertAuditEvent(db);
  const start = Date.parse('2025-01-01T00:00:00Z');
  const step = (365 * 86_400_000) / events;
  const batch = db.transaction((from, to) => {
    for (let i = from; i < to; i++) {
      const s = i % 40;
      append({
        at: new Date(start + i * step),
        actor: i % 7 === 0 ? { userId: null, username: null } : { userId: `u${s}`, username: `agent${s}` },
        action: ACTIONS[i % ACTIONS.length],
        reference: i % 3 === 0 ? null : `CLN-${100_000 + (i % 100_000)}`,
      });
    }
  });
  for (let from = 0; from < events; from += 10_000) batch(from, Math.min(events, from + 10_000));
  db.close();
}

async function measure(events, exportAll) {
  const dir = mkdtempSync(join(tmpdir(), 'audit-scale-'));
  try {
    const path = join(dir, 'audit.sqlite');
    await openSqliteStore(path).close(); // migrated schema
    generate(path, events);
    const store = openSqliteStore(path);
    const app = await buildApp({ config: { ...configSchema.parse({}), SQLITE_PATH: path, LOG_LEVEL: 'silent' }, store });
    await app.ready();
    const lead = await store.staff.create({ username: 'lead', displayName: 'Lead', role: 'team-lead', passwordHash: 'unused' });
    const cookie = `sid=${await startSession(store, lead.id, 8, new Date())}`;
    const result = { events };
    for (const [name, url] of Object.entries(PAGES)) {
      const times = [];
      for (let i = 0; i < ROUNDS; i++) {
        const started = performance.now();
        const response = await app.inject({ url, headers: { cookie } });
        if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
        times.push(performance.now() - started);
      }
      result[name] = times.sort((a, b) => a - b)[ROUNDS >> 1];
    }
    if (exportAll) {
      await app.listen({ port: 0, host: '127.0.0.1' });
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const started = performance.now();
      await new Promise((resolve, reject) =>
        get({ port: app.server.address().port, path: '/staff/audit/export.csv', headers: { cookie } }, (res) => res.resume().on('end', resolve)).on('error', reject),
      );
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      Object.assign(result, { exportSeconds: seconds, exportRowsPerSecond: Math.round(events / seconds), peakRssMb: Math.round(peak / 1e6) });
    }
    await app.close();
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const small = await measure(1000, false);
const large = await measure(LARGE, true);
for (const name of Object.keys(PAGES)) {
  const ratio = large[name] / small[name];
  console.log(`audit page (${name}): ${small[name].toFixed(2)} ms at 1000 events, ${large[name].toFixed(2)} ms at ${LARGE} (× ${ratio.toFixed(2)}; target ≤ 1.5)`);
}
console.log(`CSV export of ${LARGE} events: ${large.exportSeconds.toFixed(1)} s, ${large.exportRowsPerSecond} rows/s, peak RSS ${large.peakRssMb} MB (app and client in one process; target < 200 MB for the server)`);
