/* global fetch */
// Speed and memory of the real app against a bare node:http server, measured in the same run
// (see bench/README.md). Run after `npm run build`: `node bench/run.js` (or `npm run bench`).
// Exits non-zero when a target of the issue is missed.
import { fork, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { setInterval, clearInterval } from 'node:timers';
import { fileURLToPath, URLSearchParams } from 'node:url';
import { Buffer } from 'node:buffer';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);

// Knobs (environment overrides are for quick trial runs; the targets assume the defaults).
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const MEASURE_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** The measured time per side is split into rounds, app and bare taking turns (A B B A ...) so drift hits both. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
/** Extra node flags for the app only, e.g. BENCH_APP_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile it. */
const APP_NODE_ARGS = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);

const TARGETS = {
  journeyRatio: 0.33,
  submitRatio: 0.08,
  submitP99Ms: 25,
  rssMb: 150,
  treeStepRatio: 0.33,
  /**
   * "The ratio must not fall as stored triage records grow from 1k to 100k": at 100k it must be
   * at least this share of the ratio at 1k. Back-to-back runs of the same page differ by up to
   * about 5% on this shared 2-core machine, so a smaller fall is noise, not a trend.
   */
  treeStepGrowthFloor: 0.9,
};

/** A tree step (error 3R, after "yes, registered": an advice step), as a page and as an htmx fragment. */
const TREE_STEP_PATH = '/problems/error-3r?answers=yes';
const TRIAGE_COUNTS = [1_000, 100_000];

const JOURNEY_PATH = '/problems/lost-email';
const FORM_PATH = '/cleansing-request';
const SUBMIT_PATH = '/cleansing-request/submit';
const COOKIE_SECRET = 'bench-cookie-secret-0123456789abcdef0123456789abcdef0123456789ab'; // 64 characters, fixed

// ---------------------------------------------------------------------------------------------
// Child processes and clean-up on every exit path

const children = new Set();
const workDir = mkdtempSync(join(tmpdir(), 'nhs-login-bench-'));

function cleanUp() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  children.clear();
  rmSync(workDir, { recursive: true, force: true });
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}, stopping the servers`);
    process.exit(130);
  });
}

const exited = (child) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

/** A server that dies mid-run would leave autocannon retrying for ever: stop the bench instead. */
function watchForCrash(child, name, log) {
  child.once('exit', (code, signal) => {
    if (child.stopping) return;
    console.error(`\nbench: ${name} exited during the run (code ${code}, signal ${signal})\n${log()}`);
    process.exit(2);
  });
}

async function stopChild(child, timeoutMs = 10_000) {
  child.stopping = true;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timedOut = await Promise.race([exited(child).then(() => false), sleep(timeoutMs).then(() => true)]);
    if (timedOut) {
      child.kill('SIGKILL');
      await exited(child);
    }
  }
  children.delete(child);
  return { code: child.exitCode, signal: child.signalCode };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The last lines of the app's log, shortened: enough to say why it did not start. */
const tail = (file, lines = 6) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-lines)
        .map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line))
        .join('\n')
    : '';

/** The real app, as production runs it: dist/server.js, logging at info to a file nobody reads. */
async function startApp(name = 'app') {
  const port = await freePort();
  const logFile = join(workDir, `${name}.log`);
  const logFd = openSync(logFile, 'a');
  const env = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    SQLITE_PATH: join(workDir, `${name}.sqlite`),
    LOG_LEVEL: 'info',
    COOKIE_SECRET,
    // The production limit is 30 submissions a minute per IP. Every bench request comes from
    // 127.0.0.1, so that limit would answer 429 after 30; raise the limit, not remove it: the
    // rate limiter still counts every submission, as it does in production.
    PUBLIC_SUBMIT_RATE_LIMIT: '1000000000',
  };
  delete env.MONGODB_URI; // the embedded SQLite store, whatever the shell has
  const child = spawn(process.execPath, [...APP_NODE_ARGS, join(ROOT, 'dist/server.js')], { cwd: ROOT, env, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  children.add(child);
  watchForCrash(child, 'the app', () => tail(logFile));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the app exited while starting (code ${child.exitCode}, signal ${child.signalCode}):\n${tail(logFile)}`);
    }
    let status = 0;
    try {
      const response = await fetch(`${base}${JOURNEY_PATH}`);
      await response.arrayBuffer();
      status = response.status;
    } catch {
      // not listening yet
    }
    if (status === 200) break;
    if (status !== 0) throw new Error(`the app is up but GET ${JOURNEY_PATH} answered ${status}:\n${tail(logFile)}`);
    if (Date.now() > deadline) throw new Error(`the app did not answer within 20 s:\n${tail(logFile)}`);
    await sleep(100);
  }
  return { child, base, logFile, dbFile: env.SQLITE_PATH };
}

/** The baseline in its own process, answering the given responses from memory. */
async function startBare(routes) {
  const specFile = join(workDir, 'bare-spec.json');
  writeFileSync(specFile, JSON.stringify({ routes }));
  const child = fork(join(HERE, 'bare-server.js'), [specFile], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  children.add(child);
  watchForCrash(child, 'the bare server', () => '');
  const port = await new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the bare server exited while starting (code ${code})`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

// ---------------------------------------------------------------------------------------------
// One browser walk through the form, to get what autocannon will replay

const decode = (text) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/gi, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function hiddenFields(html) {
  const fields = {};
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    if (!/\btype="hidden"/.test(tag)) continue;
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(tag)?.[1];
    if (name !== undefined) fields[decode(name)] = decode(value ?? '');
  }
  return fields;
}

/** Headers as the bare server should send them: node adds date, connection, keep-alive and content-length itself. */
function replayableHeaders(response) {
  const headers = {};
  for (const [name, value] of response.headers) {
    if (['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'set-cookie'].includes(name)) continue;
    headers[name] = value;
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  return headers;
}

function lastAccess(now = new Date()) {
  const date = new Date(now.getTime() - 60 * 24 * 3600 * 1000);
  return { lastAccessDay: String(date.getUTCDate()), lastAccessMonth: String(date.getUTCMonth() + 1), lastAccessYear: String(date.getUTCFullYear()) };
}

const ANSWERS = {
  newEmail: 'jo.bloggs.new@example.com',
  oldEmail: 'jo.bloggs@oldmail.example',
  nhsNumberLast3: '847',
  ...lastAccess(),
  stepsTaken: 'Patient tried the forgotten password link but the old mailbox was closed by the provider and cannot be recovered.',
  senderName: 'Pat Reception',
  senderOdsCode: 'y12345',
  senderEmail: 'reception.y12345@example.nhs.uk',
};

async function walkTheForm(base) {
  const jar = new Map();
  const keep = (response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(';')[0];
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  const page = await fetch(`${base}${FORM_PATH}`);
  keep(page);
  const pageHtml = await page.text();
  const token = hiddenFields(pageHtml)._csrf;
  if (page.status !== 200 || !token || !jar.has('_csrf')) throw new Error(`GET ${FORM_PATH}: ${page.status}, no _csrf cookie or token`);

  const check = await fetch(`${base}${FORM_PATH}`, {
    method: 'POST',
    headers: { ...form, cookie: cookieHeader() },
    body: new URLSearchParams({ _csrf: token, ...ANSWERS }).toString(),
    redirect: 'manual',
  });
  keep(check);
  const checkHtml = await check.text();
  const hidden = hiddenFields(checkHtml);
  if (check.status !== 200 || !hidden.idempotencyKey || !hidden._csrf) {
    throw new Error(`POST ${FORM_PATH} did not give the check page (${check.status}): ${checkHtml.slice(0, 500)}`);
  }

  // One real submission, as the browser sends it: the bare server copies this answer's headers.
  const sent = await fetch(`${base}${SUBMIT_PATH}`, {
    method: 'POST',
    headers: { ...form, cookie: cookieHeader() },
    body: new URLSearchParams(hidden).toString(),
    redirect: 'manual',
  });
  const sentBody = Buffer.from(await sent.arrayBuffer());
  if (sent.status !== 303 || !sent.headers.get('location')) throw new Error(`POST ${SUBMIT_PATH}: ${sent.status}, expected 303 with a location`);

  const { idempotencyKey: _key, ...rest } = hidden;
  return { cookie: cookieHeader(), fields: rest, submitted: { status: sent.status, headers: replayableHeaders(sent), body: sentBody } };
}

// ---------------------------------------------------------------------------------------------
// Load

/**
 * One autocannon run of exactly `amount` requests (a fixed amount, not a duration, so every
 * request sent is answered before the run ends: nothing is left in flight to be stored without
 * being counted). The rate is answered requests over the time from start to the last answer.
 */
function cannon(base, request, amount) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const statuses = {};
    let last = 0;
    const start = performance.now();
    const instance = autocannon(
      { url: base, connections: CONNECTIONS, amount: Math.max(amount, CONNECTIONS), timeout: 10, sampleInt: 200, requests: [request] },
      (error, result) => {
        clearInterval(watchdog);
        if (error) return reject(error);
        resolve({ answered: latencies.length, seconds: ((last || performance.now()) - start) / 1000, latencies, statuses, errors: result.errors, timeouts: result.timeouts });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      last = performance.now();
    });
    // A server that stops answering would leave a fixed-amount run waiting for ever.
    const watchdog = setInterval(() => {
      if (performance.now() - (last || start) > 30_000) {
        clearInterval(watchdog);
        instance.stop();
        reject(new Error(`no answer from ${base} for 30 s`));
      }
    }, 1000);
  });
}

const emptyTally = () => ({ answered: 0, seconds: 0, latencies: [], statuses: {}, errors: 0, timeouts: 0 });
function add(tally, run) {
  tally.answered += run.answered;
  tally.seconds += run.seconds;
  for (const l of run.latencies) tally.latencies.push(l);
  for (const [code, n] of Object.entries(run.statuses)) tally.statuses[code] = (tally.statuses[code] ?? 0) + n;
  tally.errors += run.errors;
  tally.timeouts += run.timeouts;
  return tally;
}

function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Warm-up of about WARMUP_SECONDS, in fixed-size runs; answers the rate it reached. */
async function warmUp(base, request, onRun) {
  const tally = emptyTally();
  let amount = CONNECTIONS * 20;
  while (tally.seconds < WARMUP_SECONDS) {
    const run = await cannon(base, request, amount);
    onRun?.(run);
    add(tally, run);
    const rate = tally.answered / tally.seconds;
    amount = Math.max(CONNECTIONS * 5, Math.round(rate * (WARMUP_SECONDS - tally.seconds)));
  }
  return tally.answered / tally.seconds;
}

/** Warm both, then measure app and bare in turns (A B B A ...), each side MEASURE_SECONDS in all. */
async function compare(label, sides) {
  process.stdout.write(`${label}: warming up`);
  const rates = {};
  for (const side of sides) rates[side.name] = await warmUp(side.base, side.request, side.onRun);
  const tallies = Object.fromEntries(sides.map((side) => [side.name, emptyTally()]));
  for (let round = 0; round < ROUNDS; round++) {
    process.stdout.write(`, round ${round + 1}/${ROUNDS}`);
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      const run = await cannon(side.base, side.request, Math.round((rates[side.name] * MEASURE_SECONDS) / ROUNDS));
      side.onRun?.(run);
      add(tallies[side.name], run);
      rates[side.name] = tallies[side.name].answered / tallies[side.name].seconds;
    }
  }
  process.stdout.write('\n');
  return Object.fromEntries(
    sides.map((side) => {
      const t = tallies[side.name];
      return [
        side.name,
        {
          requests: t.answered,
          seconds: round2(t.seconds),
          reqPerSec: round2(t.answered / t.seconds),
          p50Ms: round2(percentile(t.latencies, 50)),
          p99Ms: round2(percentile(t.latencies, 99)),
          statuses: t.statuses,
          unexpected: t.answered - (t.statuses[side.expect] ?? 0),
          connectionErrors: t.errors,
          timeouts: t.timeouts,
        },
      ];
    }),
  );
}

/**
 * Agents' triage records, as the app stores them (a finished walk of five steps each), written
 * straight into the app's SQLite file in one transaction while the app idles: the tree pages
 * must not slow down as this table grows.
 */
function seedTriage(dbFile, upTo) {
  const db = new Database(dbFile, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  const have = db.prepare('SELECT count(*) AS n FROM triage').get().n;
  const insert = db.prepare(
    `INSERT INTO triage (id, ticket_reference, tree_id, tree_version, agent_user_id, agent_username, steps, outcome, started_at, ended_at, version)
     VALUES (?, ?, 'error-3r', 1, 'bench-agent', 'bench.agent', ?, ?, ?, ?, 6)`,
  );
  const started = Date.now() - 30 * 24 * 3600 * 1000;
  db.transaction(() => {
    for (let i = have; i < upTo; i++) {
      const at = (k) => new Date(started + i * 1000 + k * 60_000).toISOString();
      const steps = JSON.stringify(['yes', 'continue', 'no', 'continue', 'no'].map((answer, k) => ({ nodeId: `node-${k}`, answer, at: at(k) })));
      insert.run(randomUUID(), `INC-${100000 + i}`, steps, JSON.stringify({ nodeId: 'escalate', result: 'not-resolved', next: 'escalation' }), at(0), at(5));
    }
  })();
  const n = db.prepare('SELECT count(*) AS n FROM triage').get().n;
  // Fold the seeded rows into the main file now, as SQLite's own checkpoints would have while
  // the app wrote them over months: otherwise the app's next small write pays for them all.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return n;
}

const round2 = (n) => Math.round(n * 100) / 100;
const round3 = (n) => Math.round(n * 1000) / 1000;

// ---------------------------------------------------------------------------------------------

async function main() {
  const app = await startApp();
  const rssAtStart = rssMb(app.child.pid);

  // What the bare server will answer: the app's own bytes.
  const journey = await fetch(`${app.base}${JOURNEY_PATH}`);
  const journeyBody = Buffer.from(await journey.arrayBuffer());
  if (journey.status !== 200) throw new Error(`GET ${JOURNEY_PATH}: ${journey.status}`);
  const walk = await walkTheForm(app.base);
  let acknowledged = 1; // the walk's own submission

  const treePage = await fetch(`${app.base}${TREE_STEP_PATH}`);
  const treePageBody = Buffer.from(await treePage.arrayBuffer());
  const treeFragment = await fetch(`${app.base}${TREE_STEP_PATH}`, { headers: { 'hx-request': 'true' } });
  const treeFragmentBody = Buffer.from(await treeFragment.arrayBuffer());
  if (treePage.status !== 200 || treeFragment.status !== 200) throw new Error(`GET ${TREE_STEP_PATH}: ${treePage.status} / ${treeFragment.status}`);

  const bare = await startBare([
    { method: 'GET', path: JOURNEY_PATH, status: journey.status, headers: replayableHeaders(journey), bodyBase64: journeyBody.toString('base64') },
    { method: 'GET', path: TREE_STEP_PATH, status: 200, headers: replayableHeaders(treePage), bodyBase64: treePageBody.toString('base64') },
    { method: 'GET', path: TREE_STEP_PATH, hx: true, status: 200, headers: replayableHeaders(treeFragment), bodyBase64: treeFragmentBody.toString('base64') },
    { method: 'POST', path: SUBMIT_PATH, status: walk.submitted.status, headers: walk.submitted.headers, bodyBase64: walk.submitted.body.toString('base64') },
  ]);

  const getRequest = { method: 'GET', path: JOURNEY_PATH };
  const fixedBody = new URLSearchParams(walk.fields).toString();
  const submitRequest = {
    method: 'POST',
    path: SUBMIT_PATH,
    headers: { cookie: walk.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    // Every request a new submission: a fresh idempotency key, as a fresh check page would carry.
    setupRequest(req) {
      req.body = `${fixedBody}&idempotencyKey=${randomUUID()}`;
      return req;
    },
  };

  const journeyResult = await compare(`GET ${JOURNEY_PATH}`, [
    { name: 'app', base: app.base, request: getRequest, expect: 200 },
    { name: 'bare', base: bare.base, request: getRequest, expect: 200 },
  ]);
  const submitResult = await compare(`POST ${SUBMIT_PATH}`, [
    { name: 'app', base: app.base, request: submitRequest, expect: 303, onRun: (run) => (acknowledged += run.statuses[303] ?? 0) },
    { name: 'bare', base: bare.base, request: submitRequest, expect: 303 },
  ]);

  // Tree step pages, full and htmx fragment, with 1k and 100k triage records stored: two fresh
  // apps, alike but for the size of the triage table, measured in the same rounds against the
  // same bare server, so drift on the machine (and the main app's history) hits neither alone.
  const treeRequests = {
    page: { method: 'GET', path: TREE_STEP_PATH },
    fragment: { method: 'GET', path: TREE_STEP_PATH, headers: { 'hx-request': 'true' } },
  };
  const apps = Object.fromEntries(await Promise.all(TRIAGE_COUNTS.map(async (count) => [count, await startApp(`app-${count}-triage`)])));
  const seeded = Object.fromEntries(TRIAGE_COUNTS.map((count) => [count, seedTriage(apps[count].dbFile, count)]));
  const treeResults = [];
  for (const [kind, request] of Object.entries(treeRequests)) {
    const result = await compare(`GET ${TREE_STEP_PATH} (${kind}; ${TRIAGE_COUNTS.map((c) => seeded[c]).join(' and ')} triage records)`, [
      ...TRIAGE_COUNTS.map((count) => ({ name: `app${count}`, base: apps[count].base, request, expect: 200 })),
      { name: 'bare', base: bare.base, request, expect: 200 },
    ]);
    for (const count of TRIAGE_COUNTS) {
      const appSide = result[`app${count}`];
      treeResults.push({ kind, triageRecords: seeded[count], app: appSide, bare: result.bare, ratio: round3(appSide.reqPerSec / result.bare.reqPerSec) });
    }
  }
  for (const count of TRIAGE_COUNTS) await stopChild(apps[count].child);

  const rssAtEnd = rssMb(app.child.pid);
  await stopChild(bare.child);
  const stopped = await stopChild(app.child);

  const db = new Database(app.dbFile, { readonly: true, fileMustExist: true });
  const stored = db.prepare('SELECT count(*) AS n FROM cleansing_requests').get().n;
  const audited = db.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'cleansing-request.created'").get().n;
  db.close();
  const logLines = readFileSync(app.logFile, 'utf8').split('\n').filter(Boolean).length;

  const journeyRatio = journeyResult.app.reqPerSec / journeyResult.bare.reqPerSec;
  const submitRatio = submitResult.app.reqPerSec / submitResult.bare.reqPerSec;
  const checks = [
    { name: 'journey page: app/bare req/s', value: round3(journeyRatio), target: `>= ${TARGETS.journeyRatio}`, pass: journeyRatio >= TARGETS.journeyRatio },
    { name: 'submit: app/bare req/s', value: round3(submitRatio), target: `>= ${TARGETS.submitRatio}`, pass: submitRatio >= TARGETS.submitRatio },
    { name: `submit: app p99 at ${CONNECTIONS} connections (ms)`, value: submitResult.app.p99Ms, target: `< ${TARGETS.submitP99Ms}`, pass: submitResult.app.p99Ms < TARGETS.submitP99Ms },
    { name: 'submit: stored = acknowledged (303)', value: `${stored} / ${acknowledged}`, target: 'equal', pass: stored === acknowledged },
    { name: 'app RSS at the end (MB)', value: round2(rssAtEnd.rss), target: `< ${TARGETS.rssMb}`, pass: rssAtEnd.rss < TARGETS.rssMb },
  ];
  for (const r of treeResults) {
    checks.push({ name: `tree step ${r.kind} at ${r.triageRecords} triage records: app/bare req/s`, value: r.ratio, target: `>= ${TARGETS.treeStepRatio}`, pass: r.ratio >= TARGETS.treeStepRatio });
  }
  for (const kind of Object.keys(treeRequests)) {
    const [few, many] = TRIAGE_COUNTS.map((count) => treeResults.find((r) => r.kind === kind && r.triageRecords >= count && r.triageRecords < count * 10));
    const floor = round3(few.ratio * TARGETS.treeStepGrowthFloor);
    checks.push({ name: `tree step ${kind}: ratio at ${many.triageRecords} vs ${few.triageRecords} triage records`, value: `${many.ratio} vs ${few.ratio}`, target: `>= ${floor}`, pass: many.ratio >= floor });
  }

  // --- Report
  const pad = (s, n) => String(s).padEnd(n);
  const padL = (s, n) => String(s).padStart(n);
  console.log(`\nNode ${process.version} (NODE_OPTIONS ${process.env.NODE_OPTIONS || 'none'}), ${CONNECTIONS} connections, warm-up ~${WARMUP_SECONDS} s, measured ~${MEASURE_SECONDS} s per side in ${ROUNDS} alternating rounds\n`);
  console.log(`${pad('target', 32)}${padL('app req/s', 11)}${padL('bare req/s', 12)}${padL('ratio', 8)}${padL('needed', 9)}${padL('app p50', 10)}${padL('app p99', 10)}${padL('bare p99', 10)}  result`);
  const row = (label, r, ratio, needed, pass) =>
    console.log(
      `${pad(label, 32)}${padL(r.app.reqPerSec.toFixed(0), 11)}${padL(r.bare.reqPerSec.toFixed(0), 12)}${padL(ratio.toFixed(3), 8)}${padL(needed, 9)}` +
        `${padL(`${r.app.p50Ms} ms`, 10)}${padL(`${r.app.p99Ms} ms`, 10)}${padL(`${r.bare.p99Ms} ms`, 10)}  ${pass ? 'PASS' : 'FAIL'}`,
    );
  row(`GET ${JOURNEY_PATH}`, journeyResult, journeyRatio, `>= ${TARGETS.journeyRatio}`, checks[0].pass);
  row(`POST ${SUBMIT_PATH}`, submitResult, submitRatio, `>= ${TARGETS.submitRatio}`, checks[1].pass);
  for (const r of treeResults) {
    const check = checks.find((c) => c.name.startsWith(`tree step ${r.kind} at ${r.triageRecords} `));
    row(`tree ${r.kind}, ${r.triageRecords / 1000}k triage`, r, r.ratio, `>= ${TARGETS.treeStepRatio}`, check.pass);
  }
  console.log(`${pad('submit p99 (app)', 32)}${padL(`${submitResult.app.p99Ms} ms`, 11)}  needed < ${TARGETS.submitP99Ms} ms  ${checks[2].pass ? 'PASS' : 'FAIL'}`);
  console.log('');
  console.log(`stored requests ${stored}, acknowledged (303) ${acknowledged}, audit events ${audited}: ${checks[3].pass ? 'PASS' : 'FAIL'}`);
  for (const [label, r] of [['journey', journeyResult], ['submit', submitResult]]) {
    for (const side of ['app', 'bare']) {
      const s = r[side];
      if (s.unexpected || s.connectionErrors || s.timeouts) {
        console.log(`  ${label} ${side}: ${s.unexpected} unexpected statuses ${JSON.stringify(s.statuses)}, ${s.connectionErrors} errors, ${s.timeouts} timeouts`);
      }
    }
  }
  console.log(`app RSS at the end ${rssAtEnd.rss.toFixed(1)} MB (peak ${rssAtEnd.peak.toFixed(1)} MB, ${rssAtStart.rss.toFixed(1)} MB after start), needed < ${TARGETS.rssMb} MB: ${checks[4].pass ? 'PASS' : 'FAIL'}`);
  for (const c of checks.filter((c) => c.name.includes(' vs '))) console.log(`${c.name}: ${c.value}, needed ${c.target}: ${c.pass ? 'PASS' : 'FAIL'}`);
  console.log(`app log: ${logLines} lines written at info; app exit on SIGTERM: code ${stopped.code}, signal ${stopped.signal}`);

  const failed = checks.filter((c) => !c.pass);
  console.log(failed.length ? `\nFAIL: ${failed.map((c) => c.name).join('; ')}` : '\nAll targets met.');

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    nodeOptions: process.env.NODE_OPTIONS ?? null,
    settings: { connections: CONNECTIONS, warmUpSeconds: WARMUP_SECONDS, measureSeconds: MEASURE_SECONDS, rounds: ROUNDS },
    journey: { path: JOURNEY_PATH, ...journeyResult, ratio: round3(journeyRatio) },
    submit: { path: SUBMIT_PATH, ...submitResult, ratio: round3(submitRatio) },
    treeStep: { path: TREE_STEP_PATH, runs: treeResults },
    storage: { stored, acknowledged, auditEvents: audited },
    memory: { rssAtEndMb: round2(rssAtEnd.rss), peakRssMb: round2(rssAtEnd.peak), rssAfterStartMb: round2(rssAtStart.rss) },
    logLines,
    checks,
    pass: failed.length === 0,
  };
  writeFileSync(join(HERE, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('\nbench failed:', error instanceof Error ? error.stack ?? error.message : error);
    process.exit(2);
  },
);
