/**
 * Two app processes on one SQLite file, as a deployment behind a load balancer runs them:
 * real separate processes (src/server.ts spawned twice), real sockets. Everything that must be
 * shared goes through the store: sessions, the set-up link, sign-in throttling, drafts.
 */
import t from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { hiddenField, TEST_PASSWORD } from './helpers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TS_LOADER = `--import=${new URL('../node_modules/@tapjs/typescript/dist/esm/import.mjs', import.meta.url).href}`;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

interface Proc {
  base: string;
  child: ChildProcess;
  lines: Record<string, unknown>[];
}

/** Starts src/server.ts and resolves once it listens. */
async function start(env: Record<string, string>): Promise<Proc> {
  const port = await freePort();
  const child = spawn(process.execPath, [TS_LOADER, join(ROOT, 'src/server.ts')], {
    cwd: ROOT,
    // Transpile only: the typecheck is npm test's own step, and would slow each start by seconds.
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', TS_NODE_TRANSPILE_ONLY: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        lines.push(entry);
        if (typeof entry.msg === 'string' && entry.msg.startsWith('NHS login support is running')) {
          clearTimeout(timer);
          resolve();
        }
      } catch {
        // not a log line
      }
    });
  });
  return { base: `http://127.0.0.1:${port}`, child, lines };
}

/** A browser: keeps cookies across both processes (one site behind a load balancer). */
class Browser {
  cookies = new Map<string, string>();
  csrf = '';

  async request(base: string, path: string, form?: Record<string, string>): Promise<{ status: number; location: string | null; body: string }> {
    const response = await fetch(base + path, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams({ _csrf: this.csrf, ...form }).toString() } : {}),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
    const body = await response.text();
    this.csrf = hiddenField(body, '_csrf') ?? this.csrf;
    return { status: response.status, location: response.headers.get('location'), body };
  }
}

// Two servers compiled from source at start, then a few hundred requests: more than tap's default.
t.setTimeout(300_000);
const dir = t.testdir({});
const env = {
  SQLITE_PATH: join(dir, 'shared.sqlite'),
  COOKIE_SECRET: 'the same secret in every process, 32+ characters long',
  PUBLIC_SUBMIT_RATE_LIMIT: '100000',
  SIGN_IN_RATE_LIMIT: '1000',
  // As in test/helpers.ts: on a busy 2-core machine, load shedding would answer "busy" (503)
  // for reasons that have nothing to do with two processes sharing one store.
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
};
// Both at once: the second waits for the first's migrations rather than running them again.
const [a, b] = await Promise.all([start(env), start(env)]);
t.teardown(() => {
  a.child.kill('SIGTERM');
  b.child.kill('SIGTERM');
});

const setupPath = (proc: Proc) => new URL(String(proc.lines.find((l) => typeof l.setupLink === 'string')!.setupLink)).pathname;

t.test('set-up: either link works on either process, and of racing POSTs to both exactly one creates a team lead', async (t) => {
  const [pathA, pathB] = [setupPath(a), setupPath(b)];
  const browser = new Browser();
  t.equal((await browser.request(b.base, pathA)).status, 200, "process A's link opens on process B");
  t.equal((await browser.request(a.base, pathB)).status, 200, "and B's on A");
  const racers = Array.from({ length: 8 }, (_, i) =>
    browser.request(i % 2 ? a.base : b.base, i % 3 ? pathA : pathB, {
      username: `lead${i}`,
      displayName: `Lead ${i}`,
      password: TEST_PASSWORD,
      confirmPassword: TEST_PASSWORD,
    }),
  );
  const statuses = (await Promise.all(racers)).map((r) => r.status).sort();
  t.same(statuses, [303, 404, 404, 404, 404, 404, 404, 404]);
  t.equal((await new Browser().request(a.base, pathA)).status, 404, 'every link is used up');
  t.equal((await new Browser().request(b.base, pathB)).status, 404);
});

let leadName = '';
t.test('sign in on one process, act on the other; sign out on the other ends it on both', async (t) => {
  const probe = new Browser();
  for (let i = 0; i < 8 && !leadName; i++) {
    await probe.request(a.base, '/staff/sign-in');
    const r = await probe.request(a.base, '/staff/sign-in', { username: `lead${i}`, password: TEST_PASSWORD, next: '/staff/users' });
    if (r.status === 303) leadName = `lead${i}`;
  }
  t.ok(leadName, 'the team lead signs in on A');
  const users = await probe.request(b.base, '/staff/users');
  t.equal(users.status, 200, 'and is signed in on B');
  t.equal((await probe.request(b.base, '/staff/users/new')).status, 200);
  const added = await probe.request(b.base, '/staff/users/new', { username: 'sam.agent', displayName: 'Sam Agent', role: 'agent', password: TEST_PASSWORD, confirmPassword: TEST_PASSWORD });
  t.equal(added.status, 303, 'adds an agent on B (CSRF secret and session shared)');
  await probe.request(b.base, '/staff/users');
  t.equal((await probe.request(b.base, '/staff/sign-out', {})).status, 303);
  t.equal((await probe.request(a.base, '/staff/users')).status, 303, 'signed out on A too');
});

t.test('the sign-in lock holds across processes; a team lead on the other process lifts it', async (t) => {
  const failures = [];
  for (let i = 0; i < 5; i++) {
    const browser = new Browser();
    const base = i % 2 ? a.base : b.base;
    await browser.request(base, '/staff/sign-in');
    failures.push((await browser.request(base, '/staff/sign-in', { username: 'sam.agent', password: `wrong guess ${i}` })).status);
  }
  t.same(failures, [422, 422, 422, 422, 429]);
  const sam = new Browser();
  await sam.request(a.base, '/staff/sign-in');
  t.equal((await sam.request(a.base, '/staff/sign-in', { username: 'sam.agent', password: TEST_PASSWORD })).status, 429, 'locked on A as well as B');

  const lead = new Browser();
  await lead.request(b.base, '/staff/sign-in');
  t.equal((await lead.request(b.base, '/staff/sign-in', { username: leadName, password: TEST_PASSWORD, next: '/staff/users' })).status, 303);
  const page = await lead.request(b.base, '/staff/users');
  const id = /action="\/staff\/users\/([^/]+)\/unlock"/.exec(page.body)?.[1];
  t.ok(id, 'the locked account shows a Lift sign-in lock action');
  t.equal((await lead.request(b.base, `/staff/users/${id}/unlock`, {})).status, 303);
  await sam.request(a.base, '/staff/sign-in');
  t.equal((await sam.request(a.base, '/staff/sign-in', { username: 'sam.agent', password: TEST_PASSWORD })).status, 303, 'lifted on A');
});

t.test('300 cleansing requests submitted through both processes at once: all stored once, none lost, none doubled', async (t) => {
  const answers = (i: number) => ({
    newEmail: `patient${i}.new@example.com`,
    oldEmail: `patient${i}@oldmail.example`,
    nhsNumberLast3: String(i % 1000).padStart(3, '0'),
    lastAccessDay: '3',
    lastAccessMonth: '6',
    lastAccessYear: '2025',
    stepsTaken: `Request ${i}: the patient tried the forgotten password link but the old mailbox was closed.`,
    senderName: 'Pat Reception',
    senderOdsCode: 'Y12345',
    senderEmail: 'reception.y12345@example.nhs.uk',
  });
  const total = 300;
  const references = new Array<string>(total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const browser = new Browser();
      // Each step may land on either process, as behind a load balancer.
      const [first, second] = i % 2 ? [a.base, b.base] : [b.base, a.base];
      await browser.request(first, '/cleansing-request');
      const posted = await browser.request(second, '/cleansing-request', answers(i));
      if (posted.location !== '/cleansing-request/check') throw new Error(`form ${i}: ${posted.status}`);
      await browser.request(first, '/cleansing-request/check');
      const [one, two] = await Promise.all([browser.request(second, '/cleansing-request/submit', {}), browser.request(first, '/cleansing-request/submit', {})]);
      if (one.status !== 303 || two.status !== 303 || one.location !== two.location) throw new Error(`submit ${i}: ${one.status} ${two.status}`);
      references[i] = /ref=([^&]+)/.exec(one.location!)![1]!;
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  t.equal(new Set(references).size, total, 'a distinct reference for every request, the double submit included');

  const lead = new Browser();
  await lead.request(a.base, '/staff/sign-in');
  await lead.request(a.base, '/staff/sign-in', { username: leadName, password: TEST_PASSWORD });
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(env.SQLITE_PATH, { readonly: true });
  t.teardown(() => db.close());
  const stored = db.prepare('SELECT reference FROM requests').all() as { reference: string }[];
  t.equal(stored.length, total, 'every request stored once');
  t.same(new Set(stored.map((r) => r.reference)), new Set(references), 'under the references shown');
  const events = db.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'request.created'").get() as { n: number };
  t.equal(events.n, total, 'one audit event each');
});
