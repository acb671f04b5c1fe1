/* global fetch */
// Team leads' oversight at scale (issue 8, "Scale") and the queue's speed (issue 7, "Speed"),
// run by bench/run.js after its other scenarios (alone: BENCH_ONLY=oversight). Two apps, each
// in its own process as production runs it, on SQLite files seeded before they start:
// - "small": 1,000 requests and so 1,000 audit events (each request's 'created' event);
// - "large": 100,000 requests and 1,000,000 audit events (the requests' own and 900,000 more
//   of staff at work), with checkpoints, 20,000 finished triages and a year of journey tallies.
// The same pages are timed on both in the same rounds, so the machine's load hits both alike.
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { URLSearchParams } from 'node:url';
import { hashPassword } from '../dist/staff/passwords.js';
import { openSqliteStore } from '../dist/store/sqlite/index.js';
import { requestStates, seedRequests } from './seed-requests.js';
import { appendAuditEvents } from './seed-audit.js';
import { seedActivity } from './seed-activity.js';

/** For quick trial runs only: the targets assume the defaults. */
const LARGE_EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
const LARGE_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100_000);
const SMALL_REQUESTS = 1_000;
/** Timed requests per page and app; the median is the figure. */
const PAGE_ROUNDS = Number(process.env.BENCH_PAGE_ROUNDS ?? 21);
/** Requests the status-change load walks through (each at most once per autocannon run). */
const STATUS_POOL = 5_000;
/** The large store is seeded a month at a time, so event times rise with their sequence numbers as in a real log. */
const SLICES = 12;
const DAY = 86_400_000;

export const OVERSIGHT_TARGETS = {
  /** A page with the large store answers within this many times its time with the small one. */
  pageGrowth: 1.5,
  verifyEventsPerSecond: 100_000,
  /** The app's resident memory during the whole CSV export of every event. */
  exportRssMb: 200,
  /** /staff/figures (90 days) against the queue's first page, same app. */
  figuresVsQueue: 10,
  /** POST /staff/requests/<ref>/status: app req/s ÷ bare req/s. */
  statusChangeRatio: 0.08,
};

const LEAD = { username: 'bench.lead', displayName: 'Bench Lead', password: randomBytes(18).toString('base64url') };
const FORM = 'application/x-www-form-urlencoded';
const NEXT_STATUS = { new: 'in-progress', 'in-progress': 'waiting-for-practice', 'waiting-for-practice': 'in-progress' };
const median = (values) => Float64Array.from(values).sort()[values.length >> 1];
const round2 = (n) => Math.round(n * 100) / 100;

/** Splits n into SLICES whole parts that add up to n. */
const part = (n, k) => Math.floor(((k + 1) * n) / SLICES) - Math.floor((k * n) / SLICES);

/**
 * A store with `requests` requests and `events` audit events in all, over the year before `now`,
 * and a team lead who signs in with LEAD's password (a real argon2id hash, through the port).
 */
async function buildStore(path, { requests, events, key, now, root, activity }) {
  await openSqliteStore(path).close(); // the migrated schema
  const sliceMs = (365 * DAY) / SLICES;
  const start = now.getTime() - 365 * DAY;
  const references = [];
  let busyOdsCode = null;
  for (let k = 0; k < SLICES; k++) {
    const from = new Date(start + k * sliceMs);
    const to = new Date(start + (k + 1) * sliceMs);
    const seeded = await seedRequests(path, part(requests, k), { now: to, spreadDays: sliceMs / DAY, offset: references.length });
    references.push(...seeded.references);
    busyOdsCode = seeded.busyOdsCode;
    appendAuditEvents(path, part(Math.max(0, events - requests), k), { key, from, to, references: seeded.references.map((r) => r.reference) });
  }
  if (activity) await seedActivity(path, { root, now, triages: Math.round(requests / 5) });
  const store = openSqliteStore(path);
  try {
    await store.staff.create({ username: LEAD.username, displayName: LEAD.displayName, role: 'team-lead', passwordHash: await hashPassword(LEAD.password) });
  } finally {
    await store.close();
  }
  return { references, busyOdsCode };
}

/** A browser's cookie jar, enough for one signed-in member of staff. */
function cookieJar() {
  const jar = new Map();
  return {
    keep(response) {
      for (const cookie of response.headers.getSetCookie()) {
        const pair = cookie.split(';')[0];
        const eq = pair.indexOf('=');
        jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
    },
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
  };
}

/** Signs the team lead in through the real sign-in form (CSRF, argon2id, throttling), as a browser does. */
async function signIn(base, hiddenFields) {
  const jar = cookieJar();
  const page = await fetch(`${base}/staff/sign-in`);
  jar.keep(page);
  const token = hiddenFields(await page.text())._csrf;
  if (page.status !== 200 || !token) throw new Error(`GET /staff/sign-in: ${page.status}, no CSRF token`);
  const posted = await fetch(`${base}/staff/sign-in`, {
    method: 'POST',
    headers: { 'content-type': FORM, cookie: jar.header() },
    body: new URLSearchParams({ _csrf: token, username: LEAD.username, password: LEAD.password, next: '/staff/requests' }).toString(),
    redirect: 'manual',
  });
  jar.keep(posted);
  await posted.arrayBuffer();
  if (posted.status !== 303) throw new Error(`POST /staff/sign-in: ${posted.status}, expected 303`);
  return jar;
}

/** 503 "busy" answers met (the app sheds load when its event loop lags: PRESSURE_MAX_EVENT_LOOP_DELAY_MS); each is retried. */
const busy = { answers: 0 };

/**
 * One GET as the signed-in lead: its time to the last byte, and how many rows its first table
 * body has. A 503 "busy" is waited out (its Retry-After) and asked again, untimed, and counted.
 */
async function timedGet(side, path) {
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    const response = await fetch(`${side.base}${path}`, { headers: { cookie: side.jar.header() } });
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.status === 503 && attempt < 30) {
      busy.answers++;
      await sleep(1000 * Math.min(5, Number(response.headers.get('retry-after')) || 1));
      continue;
    }
    if (response.status !== 200) throw new Error(`GET ${path} on the ${side.name} app: ${response.status}`);
    return { ms, rows: rowsOf(text), text };
  }
}

const rowsOf = (text) => {
  const body = /<tbody[\s\S]*?<\/tbody>/.exec(text)?.[0] ?? '';
  return (body.match(/<tr\b/g) ?? []).length;
};

/**
 * Median times of each [side, path] pair, timed in the same rounds, one request at a time, the
 * order turning each round (A B, B A, ...) so drift on the machine hits every pair alike.
 */
async function medianTimes(pairs) {
  for (const [side, path] of pairs) for (let i = 0; i < 3; i++) await timedGet(side, path); // warm-up
  const times = pairs.map(() => []);
  const rows = pairs.map(() => 0);
  const order = pairs.map((_, i) => i);
  for (let round = 0; round < PAGE_ROUNDS; round++) {
    for (const i of round % 2 === 0 ? order : [...order].reverse()) {
      const got = await timedGet(pairs[i][0], pairs[i][1]);
      times[i].push(got.ms);
      rows[i] = got.rows;
    }
  }
  return pairs.map((_, i) => ({ medianMs: round2(median(times[i])), rows: rows[i] }));
}

const vmRssMb = (pid) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/** The CSV export of every event, read to the end, with the app's VmRSS sampled every 10 ms throughout (a 503 "busy" is waited out). */
async function exportAll(side, pid) {
  for (let attempt = 1; ; attempt++) {
    const result = await exportOnce(side, pid);
    if (result.status !== 503 || attempt === 30) return result;
    busy.answers++;
    await sleep(1000);
  }
}

async function exportOnce(side, pid) {
  let peak = vmRssMb(pid);
  const before = peak;
  let samples = 1;
  const sample = () => {
    peak = Math.max(peak, vmRssMb(pid));
    samples++;
  };
  const sampler = setInterval(sample, 10);
  const started = performance.now();
  try {
    const { status, newlines, bytes } = await new Promise((resolve, reject) => {
      const request = httpRequest(`${side.base}/staff/audit/export.csv`, { headers: { cookie: side.jar.header() } }, (response) => {
        let newlines = 0;
        let bytes = 0;
        response.on('data', (chunk) => {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
        });
        response.on('error', reject);
        response.on('end', () => resolve({ status: response.statusCode, newlines, bytes }));
      });
      request.on('error', reject);
      request.end();
    });
    const seconds = (performance.now() - started) / 1000;
    sample();
    if (status === 503) return { status };
    if (status !== 200) throw new Error(`GET /staff/audit/export.csv: ${status}`);
    const rows = newlines - 1; // the header line
    return { status, rows, megabytes: round2(bytes / 1e6), seconds: round2(seconds), rowsPerSecond: Math.round(rows / seconds), rssBeforeMb: round2(before), peakRssMb: round2(peak), samples };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Status changes as agents make them: the request page's form (CSRF token, the version shown,
 * the move) posted for request after request of a pool, each moved along its allowed moves
 * (New → In progress → Waiting for practice → In progress ...). Before each autocannon run the
 * pool's versions are read back from the store: a request autocannon built but never sent at
 * the end of a run left its guess one ahead.
 */
function statusChangeRequest(dbFile, jar, token, pool) {
  let cursor = 0;
  const used = new Set();
  return {
    method: 'POST',
    path: `/staff/requests/${pool[0].reference}/status`,
    headers: { cookie: jar.header(), 'content-type': FORM },
    async prepare() {
      if (used.size === 0) return;
      const fresh = new Map((await requestStates(dbFile, [...used])).map((r) => [r.reference, r]));
      for (const r of pool) if (fresh.has(r.reference)) Object.assign(r, fresh.get(r.reference));
      used.clear();
    },
    setupRequest(req) {
      const r = pool[cursor++ % pool.length];
      used.add(r.reference);
      const to = NEXT_STATUS[r.status];
      req.path = `/staff/requests/${r.reference}/status`;
      req.body = new URLSearchParams({ _csrf: token, version: String(r.version), to }).toString();
      r.status = to;
      r.version += 1;
      return req;
    },
  };
}

/** Answers its checks and a printer; run.js folds them into its exit code. */
export async function oversightScenarios(bench) {
  const { startApp, startBare, stopChild, compare, hiddenFields, replayableHeaders, workDir, root } = bench;
  const key = randomBytes(32);
  const now = new Date();
  const env = { AUDIT_KEY: key.toString('base64') };
  const paths = { small: join(workDir, 'oversight-small.sqlite'), large: join(workDir, 'oversight-large.sqlite') };

  process.stdout.write(`oversight: seeding ${SMALL_REQUESTS} requests (${SMALL_REQUESTS} audit events) and ${LARGE_REQUESTS} requests (${LARGE_EVENTS} audit events)`);
  const seedStarted = performance.now();
  const small = await buildStore(paths.small, { requests: SMALL_REQUESTS, events: SMALL_REQUESTS, key, now, root, activity: false });
  const large = await buildStore(paths.large, { requests: LARGE_REQUESTS, events: LARGE_EVENTS, key, now, root, activity: true });
  const seedSeconds = round2((performance.now() - seedStarted) / 1000);
  process.stdout.write(` in ${seedSeconds} s\n`);

  const apps = {
    small: await startApp('oversight-small', { ...env, SQLITE_PATH: paths.small }),
    large: await startApp('oversight-large', { ...env, SQLITE_PATH: paths.large }),
  };
  const sides = {};
  for (const name of ['small', 'large']) sides[name] = { name, base: apps[name].base, jar: await signIn(apps[name].base, hiddenFields) };

  // Pages whose time must not grow with the store, each on both apps in the same rounds.
  const sinceDay = new Date(now.getTime() - 180 * DAY).toISOString().slice(0, 10);
  const today = now.toISOString().slice(0, 10);
  const smallRef = small.references.at(-1).reference;
  const largeRef = large.references.at(-1).reference;
  const growthPages = [
    { name: 'audit log, first page', path: '/staff/audit' },
    { name: 'audit log by action', path: `/staff/audit?action=request.created` },
    { name: 'audit log by username', path: '/staff/audit?who=agent1' },
    { name: 'audit log by username, 180 days', path: `/staff/audit?who=agent1&from=${sinceDay}&to=${today}` },
    { name: 'audit log by reference', path: { small: `/staff/audit?reference=${smallRef}`, large: `/staff/audit?reference=${largeRef}` } },
    { name: 'queue, first page', path: '/staff/requests' },
    { name: 'queue by status and practice', path: `/staff/requests?status=new&ods=${large.busyOdsCode}` },
  ];
  process.stdout.write(`oversight: timing ${growthPages.length} pages, ${PAGE_ROUNDS} rounds on each app\n`);
  const growth = [];
  for (const page of growthPages) {
    const pathOn = (name) => (typeof page.path === 'string' ? page.path : page.path[name]);
    const [few, many] = await medianTimes([
      [sides.small, pathOn('small')],
      [sides.large, pathOn('large')],
    ]);
    growth.push({ name: page.name, path: pathOn('large'), small: few, large: many, ratio: round2(many.medianMs / few.medianMs) });
    process.stdout.write(`  ${page.name}: ${few.medianMs} ms (${few.rows} rows) small, ${many.medianMs} ms (${many.rows} rows) large\n`);
  }

  process.stdout.write('oversight: figures (90 days) against the queue page\n');
  const [figuresTime, queueTime] = await medianTimes([
    [sides.large, '/staff/figures'],
    [sides.large, '/staff/requests'],
  ]);
  const figures = { figuresMs: figuresTime.medianMs, queueMs: queueTime.medianMs, ratio: round2(figuresTime.medianMs / queueTime.medianMs) };
  process.stdout.write(`  figures ${figures.figuresMs} ms, queue ${figures.queueMs} ms\n`);

  process.stdout.write('oversight: CSV export of every audit event\n');
  const exported = await exportAll(sides.large, apps.large.child.pid);
  process.stdout.write(`  ${exported.rows} rows in ${exported.seconds} s, peak VmRSS ${exported.peakRssMb} MB\n`);

  // Status changes against a bare server answering the same 303.
  const pool = large.references.filter((_, i) => i % Math.max(1, Math.floor(large.references.length / STATUS_POOL)) === 0).slice(0, STATUS_POOL);
  const first = pool[0];
  const form = hiddenFields((await timedGet(sides.large, `/staff/requests/${first.reference}`)).text);
  if (!form._csrf || Number(form.version) !== first.version) {
    throw new Error(`GET /staff/requests/${first.reference}: CSRF token ${form._csrf ? 'found' : 'missing'}, version ${form.version} (seeded ${first.version})`);
  }
  const statusPath = `/staff/requests/${first.reference}/status`;
  const firstBody = new URLSearchParams({ _csrf: form._csrf, version: String(first.version), to: NEXT_STATUS[first.status] }).toString();
  const sent = await fetch(`${sides.large.base}${statusPath}`, { method: 'POST', headers: { 'content-type': FORM, cookie: sides.large.jar.header() }, body: firstBody, redirect: 'manual' });
  const sentBody = Buffer.from(await sent.arrayBuffer());
  if (sent.status !== 303) throw new Error(`POST ${statusPath}: ${sent.status}, expected 303`);
  first.status = NEXT_STATUS[first.status];
  first.version += 1;
  const seeded = new Map((await requestStates(paths.large, pool.map((r) => r.reference))).map((r) => [r.reference, r.version]));
  let acknowledged = 1;
  const bare = await startBare([{ method: 'POST', path: statusPath, status: sent.status, headers: replayableHeaders(sent), bodyBase64: sentBody.toString('base64') }]);
  const statusResult = await compare(`POST /staff/requests/<ref>/status (${LARGE_REQUESTS} requests stored)`, [
    { name: 'app', base: sides.large.base, request: statusChangeRequest(paths.large, sides.large.jar, form._csrf, pool), expect: 303, onRun: (run) => (acknowledged += run.statuses[303] ?? 0) },
    { name: 'bare', base: bare.base, request: { method: 'POST', path: statusPath, headers: { 'content-type': FORM, cookie: sides.large.jar.header() }, body: firstBody }, expect: 303 },
  ]);
  await stopChild(bare.child);
  const rssAtEnd = vmRssMb(apps.large.child.pid);
  await stopChild(apps.small.child);
  await stopChild(apps.large.child);
  // Every change stored is one version more on its request: the sum must equal the 303s.
  const storedChanges =
    (await requestStates(paths.large, pool.map((r) => r.reference))).reduce((sum, r) => sum + r.version - seeded.get(r.reference), 0) + 1;
  const statusRatio = statusResult.app.reqPerSec / statusResult.bare.reqPerSec;

  // audit:verify over the whole chain, as its own process with the server's configuration.
  process.stdout.write('oversight: audit:verify over the large chain\n');
  let verifyOutput;
  try {
    verifyOutput = execFileSync(process.execPath, [join(root, 'dist/audit/verify-cli.js')], {
      env: { ...process.env, SQLITE_PATH: paths.large, AUDIT_KEY: env.AUDIT_KEY, MONGODB_URI: '', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
  } catch (error) {
    // Exit 1 names the first event that does not match: a finding to report, not a crash.
    verifyOutput = `${error.stdout ?? ''}${error.stderr ?? ''}` || String(error);
  }
  const verify = {
    intact: /^intact: events 1 to (\d+)/m.exec(verifyOutput)?.[1] ?? null,
    eventsPerSecond: Number(/\((\d+) events\/s;/.exec(verifyOutput)?.[1] ?? 0),
    eventsPerCpuSecond: Number(/, (\d+) events per CPU-second\)/.exec(verifyOutput)?.[1] ?? 0),
    checkpoints: Number(/signed checkpoints matched: (\d+)/.exec(verifyOutput)?.[1] ?? 0),
    output: verifyOutput.trim(),
  };

  const T = OVERSIGHT_TARGETS;
  const checks = [
    ...growth.map((g) => ({ name: `${g.name}: time at ${LARGE_EVENTS}/${LARGE_REQUESTS} vs ${SMALL_REQUESTS}`, value: g.ratio, target: `<= ${T.pageGrowth}`, pass: g.ratio <= T.pageGrowth })),
    { name: `audit:verify over ${verify.intact ?? '?'} events: intact`, value: verify.intact ? 'intact' : 'not intact', target: 'intact', pass: verify.intact !== null && Number(verify.intact) >= LARGE_EVENTS },
    { name: 'audit:verify events per second', value: verify.eventsPerSecond, target: `>= ${T.verifyEventsPerSecond}`, pass: verify.eventsPerSecond >= T.verifyEventsPerSecond },
    { name: 'audit CSV export: rows', value: exported.rows, target: `>= ${LARGE_EVENTS}`, pass: exported.rows >= LARGE_EVENTS },
    { name: 'audit CSV export: peak app RSS (MB)', value: exported.peakRssMb, target: `< ${T.exportRssMb}`, pass: exported.peakRssMb < T.exportRssMb },
    { name: 'figures (90 days) vs queue page time', value: figures.ratio, target: `< ${T.figuresVsQueue}`, pass: figures.ratio < T.figuresVsQueue },
    { name: 'status change: app/bare req/s', value: Math.round(statusRatio * 1000) / 1000, target: `>= ${T.statusChangeRatio}`, pass: statusRatio >= T.statusChangeRatio },
    { name: 'status change: answered 303 / sent', value: `${statusResult.app.statuses[303] ?? 0} / ${statusResult.app.requests}`, target: 'all', pass: statusResult.app.unexpected === 0 && statusResult.app.connectionErrors === 0 && statusResult.app.timeouts === 0 },
    { name: 'status change: stored = acknowledged (303)', value: `${storedChanges} / ${acknowledged}`, target: 'equal', pass: storedChanges === acknowledged },
  ];

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    stores: { small: { requests: SMALL_REQUESTS, auditEvents: SMALL_REQUESTS }, large: { requests: LARGE_REQUESTS, auditEvents: LARGE_EVENTS, triages: Math.round(LARGE_REQUESTS / 5), journeyDays: 365 }, seedSeconds },
    pageRounds: PAGE_ROUNDS,
    busyAnswersRetried: busy.answers,
    growth,
    figures,
    export: exported,
    statusChange: { ...statusResult, ratio: Math.round(statusRatio * 1000) / 1000, stored: storedChanges, acknowledged, rssAtEndMb: round2(rssAtEnd) },
    verify,
    checks,
    pass: checks.every((c) => c.pass),
  };
  writeFileSync(join(root, 'bench', 'results-oversight.json'), `${JSON.stringify(results, null, 2)}\n`);
  return { checks, print: () => printOversight(results) };
}

function printOversight(r) {
  const pad = (s, n) => String(s).padEnd(n);
  const padL = (s, n) => String(s).padStart(n);
  const verdict = (name) => (r.checks.find((c) => c.name.startsWith(name))?.pass ? 'PASS' : 'FAIL');
  const T = OVERSIGHT_TARGETS;
  console.log(`\nOversight at scale: "small" ${r.stores.small.requests} requests and ${r.stores.small.auditEvents} audit events; "large" ${r.stores.large.requests} requests and ${r.stores.large.auditEvents} audit events (seeded in ${r.stores.seedSeconds} s); median of ${r.pageRounds} requests each\n`);
  console.log(`${pad('page', 36)}${padL('small', 10)}${padL('rows', 6)}${padL('large', 10)}${padL('rows', 6)}${padL('ratio', 8)}${padL('needed', 9)}  result`);
  for (const g of r.growth) {
    console.log(`${pad(g.name, 36)}${padL(`${g.small.medianMs} ms`, 10)}${padL(g.small.rows, 6)}${padL(`${g.large.medianMs} ms`, 10)}${padL(g.large.rows, 6)}${padL(g.ratio.toFixed(2), 8)}${padL(`<= ${T.pageGrowth}`, 9)}  ${verdict(g.name)}`);
  }
  console.log(`${pad('figures (90 days) vs queue, large', 36)}${padL(`${r.figures.figuresMs} ms`, 10)}${padL('', 6)}${padL(`${r.figures.queueMs} ms`, 10)}${padL('', 6)}${padL(r.figures.ratio.toFixed(2), 8)}${padL(`< ${T.figuresVsQueue}`, 9)}  ${verdict('figures')}`);
  const s = r.statusChange;
  console.log(`\n${pad('target', 32)}${padL('app req/s', 11)}${padL('bare req/s', 12)}${padL('ratio', 8)}${padL('needed', 9)}${padL('app p50', 10)}${padL('app p99', 10)}${padL('bare p99', 10)}  result`);
  console.log(
    `${pad('POST /staff/requests/<ref>/status', 32)}${padL(s.app.reqPerSec.toFixed(0), 11)}${padL(s.bare.reqPerSec.toFixed(0), 12)}${padL(s.ratio.toFixed(3), 8)}${padL(`>= ${T.statusChangeRatio}`, 9)}` +
      `${padL(`${s.app.p50Ms} ms`, 10)}${padL(`${s.app.p99Ms} ms`, 10)}${padL(`${s.bare.p99Ms} ms`, 10)}  ${verdict('status change: app/bare')}`,
  );
  console.log(`status changes: ${s.app.statuses[303] ?? 0} of ${s.app.requests} answered 303 ${JSON.stringify(s.app.statuses)}, ${s.app.connectionErrors} errors, ${s.app.timeouts} timeouts: ${verdict('status change: answered')}; stored ${s.stored} / acknowledged ${s.acknowledged}: ${verdict('status change: stored')}`);
  const e = r.export;
  console.log(
    `\naudit CSV export: ${e.rows} rows (${e.megabytes} MB) in ${e.seconds} s, ${e.rowsPerSecond} rows/s; app VmRSS ${e.rssBeforeMb} MB before, peak ${e.peakRssMb} MB (${e.samples} samples, every 10 ms), needed < ${T.exportRssMb} MB: ${verdict('audit CSV export: peak')}`,
  );
  const v = r.verify;
  console.log(`audit:verify: ${v.output.split('\n').join('; ')}`);
  console.log(`  ${v.eventsPerSecond} events/s wall-clock (${v.eventsPerCpuSecond} per CPU-second), needed >= ${T.verifyEventsPerSecond}/s: ${verdict('audit:verify events')}`);
  if (r.busyAnswersRetried) console.log(`pages answered 503 "busy" ${r.busyAnswersRetried} times (the app's load shedding; each waited out and asked again, untimed)`);
  const failed = r.checks.filter((c) => !c.pass);
  console.log(failed.length ? `\nFAIL (oversight): ${failed.map((c) => c.name).join('; ')}` : '\nAll oversight targets met.');
}
