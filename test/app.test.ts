import t from 'tap';
import { build, Client } from './helpers.js';
import { loadConfig } from '../src/config.js';
import { loadAssets } from '../src/web/assets.js';

t.test('every page is sent with a CSP that allows no inline script or style', async (t) => {
  const { app } = await build(t);
  const page = await new Client(app).get('/');
  const csp = String(page.headers['content-security-policy']);
  t.match(csp, "script-src 'self'");
  t.match(csp, "style-src 'self'");
  t.notMatch(csp, 'unsafe-inline');
  t.notMatch(page.body, /<script>(?!<\/script>)|<script(?![^>]*src=)[^>]*>/, 'no inline script element');
  t.notMatch(page.body, / style="/, 'no inline style');
});

t.test('NHS.UK frontend and htmx are served as built from node_modules (test/assets/); assets at /assets/', async (t) => {
  const { app } = await build(t);
  const assets = loadAssets();
  const built = ['vendor/nhsuk-frontend.css', 'vendor/nhsuk-frontend.js', 'vendor/htmx.js', 'js/app.js', 'css/app.css'].map((name) => assets.url(name));
  for (const url of [...built, '/assets/images/favicon.svg']) {
    t.equal((await app.inject({ url })).statusCode, 200, url);
  }
  t.equal((await app.inject({ url: '/static/index.scss' })).statusCode, 404, 'only the built files');
});

t.test('an unknown page is a 404 page, not an error', async (t) => {
  const { app } = await build(t);
  const page = await app.inject({ url: '/no/such/page' });
  t.equal(page.statusCode, 404);
  t.match(page.body, 'Page not found');
});

t.test('configuration: defaults, and every problem listed at once', async (t) => {
  const config = loadConfig({});
  t.equal(config.PORT, 3000);
  t.equal(config.SQLITE_PATH, './data/service-desk.sqlite');
  t.equal(config.MONGODB_URI, undefined);
  t.throws(() => loadConfig({ PORT: 'eighty', COOKIE_SECRET: 'short', LOG_LEVEL: 'loud' }), { name: 'ConfigError' });
  try {
    loadConfig({ PORT: 'eighty', COOKIE_SECRET: 'short', LOG_LEVEL: 'loud' });
  } catch (error) {
    const message = (error as Error).message;
    for (const key of ['PORT', 'COOKIE_SECRET', 'LOG_LEVEL']) t.match(message, key);
  }
});

t.test('a broken tree stops the start, naming the file, the node and what is wrong', async (t) => {
  const { buildApp } = await import('../src/app.js');
  const { configSchema } = await import('../src/config.js');
  const { openSqliteStore } = await import('../src/store/sqlite/index.js');
  const brokenTree = {
    id: 'broken',
    version: 1,
    title: 'Broken',
    summary: 'A tree with a dangling choice and a node nobody reaches',
    review: { owner: 'Knowledge team', lastReviewed: '2026-12-01', nextReview: '2027-06-01' },
    start: 'ask',
    nodes: {
      ask: { kind: 'question', title: 'Which?', choices: [{ id: 'a', label: 'A', next: 'done' }, { id: 'b', label: 'B', next: 'missing' }] },
      done: { kind: 'outcome', result: 'resolved', title: 'Done', body: 'Done.' },
      lonely: { kind: 'outcome', result: 'resolved', title: 'Lonely', body: 'Never reached.' },
    },
  };
  const dir = t.testdir({ trees: { 'broken.json': JSON.stringify(brokenTree) } });
  const config = { ...configSchema.parse({}), SQLITE_PATH: `${dir}/db.sqlite`, LOG_LEVEL: 'silent' as const };
  const store = openSqliteStore(config.SQLITE_PATH);
  t.teardown(() => store.close());
  const error = await buildApp({ config, store, treesDir: `${dir}/trees` }).then(
    () => null,
    (e: unknown) => e as Error,
  );
  t.ok(error, 'the app does not start');
  t.match(error?.message, /broken\.json.*ask.*missing/s, 'the dangling reference, with file and node');
  t.match(error?.message, /broken\.json.*lonely.*reach/s, 'the unreachable node');
});
