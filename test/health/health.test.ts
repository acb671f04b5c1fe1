import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, login } from '../helpers.js';
import { readOnlyFiles } from '../store/disk-faults.js';

t.test('GET /health/live and /health/ready answer JSON with no personal data, and are not logged at info', async (t) => {
  const built = await build(t);
  const { app } = built;
  for (let i = 0; i < 20; i++) {
    const live = await app.inject({ url: '/health/live' });
    t.equal(live.statusCode, 200);
    t.same(live.json(), { status: 'ok', underPressure: false });
    const ready = await app.inject({ url: '/health/ready' });
    t.equal(ready.statusCode, 200, 'ready: no rate limit after many calls');
    t.same(ready.json(), { status: 'ready', store: 'ok' });
  }
  t.notMatch(built.logText(), /\/health\//, 'no log line for a probe (the route; the fixture folder holds the word too)');
});

t.test('a read-only store: /health/ready is 503, a page that saves is a 503 "try again" page, and both recover', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'health-'));
  const path = join(dir, 'db.sqlite');
  const { app } = await build(t, { SQLITE_PATH: path });
  const { client } = await login(app, 'agent');
  t.equal((await client.get('/staff/requests')).statusCode, 200);
  const files = readOnlyFiles(t, [path, `${path}-wal`]);
  // Teardowns run in order: this one after the read-only attribute is lifted.
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  if (!files) return t.plan(0, 'cannot make files read-only here');

  files.on();
  const ready = await app.inject({ url: '/health/ready' });
  t.equal(ready.statusCode, 503);
  t.same(ready.json(), { status: 'not ready', store: 'unavailable' });
  t.ok(ready.headers['retry-after']);

  // The queue audits every view: a write the store can't make now.
  const page = await client.get('/staff/requests');
  t.equal(page.statusCode, 503, 'never a 500');
  t.equal(page.headers['retry-after'], '30');
  t.match(page.body, 'Sorry, the service can’t save your answers right now');
  t.match(page.body, 'try again');

  files.off();
  t.equal((await app.inject({ url: '/health/ready' })).statusCode, 200, 'ready again without a restart');
  t.equal((await client.get('/staff/requests')).statusCode, 200, 'and pages save again');
});

t.test('under pressure: pages and /health/ready answer 503 with Retry-After; /health/live still answers', async (t) => {
  // A heap limit of 1 MB is always exceeded: the pressure state, without stalling the machine.
  const { app } = await build(t, { PRESSURE_MAX_HEAP_USED_MB: 1 });
  await new Promise((resolve) => setTimeout(resolve, 1100)); // one sample (every second)
  const page = await app.inject({ url: '/' });
  t.equal(page.statusCode, 503);
  t.ok(page.headers['retry-after']);
  t.match(page.body, 'Sorry, the service is busy');
  const ready = await app.inject({ url: '/health/ready' });
  t.equal(ready.statusCode, 503);
  t.same(ready.json(), { status: 'not ready', process: 'overloaded' });
  const live = await app.inject({ url: '/health/live' });
  t.equal(live.statusCode, 200);
  t.same(live.json(), { status: 'ok', underPressure: true });
});
