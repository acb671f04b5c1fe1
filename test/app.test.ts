import t from 'tap';
import { build, Client } from './helpers.js';
import { loadConfig } from '../src/config.js';

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

t.test('NHS.UK frontend and htmx are served from node_modules; assets at /assets/', async (t) => {
  const { app } = await build(t);
  for (const url of ['/nhsuk/nhsuk-frontend.min.css', '/nhsuk/nhsuk-frontend.min.js', '/vendor/htmx/htmx.min.js', '/assets/images/favicon.svg', '/static/js/app.js', '/static/css/app.css']) {
    t.equal((await app.inject({ url })).statusCode, 200, url);
  }
  t.equal((await app.inject({ url: '/nhsuk/index.scss' })).statusCode, 404, 'only the built files');
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
