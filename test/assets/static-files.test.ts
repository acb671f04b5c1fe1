import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { build, login } from '../helpers.js';
import { ROOT } from '../../src/paths.js';
import { loadAssets } from '../../src/web/assets.js';

const BROWSER = 'gzip, deflate, br, zstd'; // what Chromium sends
const A_YEAR = 'public, max-age=31536000, immutable';
const PAGES = ['/', '/problems', '/problems/lost-email', '/problems/error-3r?answers=yes', '/cleansing-request', '/check/linkage', '/staff/sign-in', '/no/such/page'];

/** The CSS and JS a page makes a browser fetch first: its stylesheets and scripts. */
const referenced = (html: string) =>
  [...html.matchAll(/<(?:link|script)\b[^>]*\b(?:href|src)="([^"]+)"[^>]*>/g)]
    .filter(([tag]) => !/rel="icon"/.test(tag))
    .map(([, url]) => url!);
const decode = (encoding: string | undefined, body: Buffer) =>
  encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body;

async function get(app: FastifyInstance, url: string, acceptEncoding?: string) {
  const response = await app.inject({ url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });
  return { ...response, encoding: response.headers['content-encoding'] as string | undefined, text: () => decode(response.headers['content-encoding'] as string | undefined, response.rawPayload).toString() };
}

t.test('every page loads its CSS and JS from content-hashed URLs of this build', async (t) => {
  const { app } = await build(t);
  const built = new Set(Object.values(JSON.parse(readFileSync(join(ROOT, 'dist/static-manifest.json'), 'utf8')).assets as Record<string, string>));
  for (const url of PAGES) {
    const page = await get(app, url);
    const urls = referenced(page.body);
    t.ok(urls.length >= 4, `${url}: the layout's stylesheets and scripts`);
    for (const asset of urls) {
      t.match(asset, /^\/static\/[a-z/-]+\.[0-9a-f]{12}\.(css|js)$/, `${url} -> ${asset}: hashed`);
      t.ok(built.has(asset), `${asset} is in this build`);
    }
  }
});

t.test('a hashed file is cached for a year and sent as brotli, gzip or plain as the browser accepts', async (t) => {
  const { app } = await build(t);
  const urls = referenced((await get(app, '/problems/lost-email')).body);
  for (const url of urls) {
    const plain = await get(app, url);
    t.equal(plain.statusCode, 200, url);
    t.equal(plain.headers['cache-control'], A_YEAR, `${url}: immutable for a year`);
    t.match(String(plain.headers.vary), /Accept-Encoding/i, `${url}: caches keep one copy per encoding`);
    t.match(String(plain.headers['content-type']), url.endsWith('.css') ? /^text\/css/ : /^(application|text)\/javascript/);
    t.equal(plain.encoding, undefined, `${url}: no Accept-Encoding, no encoding`);
    for (const [accept, expected] of [
      [BROWSER, 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['identity', undefined],
    ] as const) {
      const sent = await get(app, url, accept);
      t.equal(sent.encoding, expected, `${url} with Accept-Encoding: ${accept}`);
      t.equal(sent.headers['cache-control'], A_YEAR);
      t.equal(sent.text(), plain.body, `${url} (${expected ?? 'plain'}) is the same file`);
      if (expected) t.ok(sent.rawPayload.length < plain.rawPayload.length, `${url}: ${expected} is smaller`);
    }
  }
});

t.test('an old or unknown hash, an unhashed name and the compressed twins themselves are 404 pages', async (t) => {
  const { app } = await build(t);
  const css = referenced((await get(app, '/problems/lost-email')).body).find((url) => url.startsWith('/static/css/app.'))!;
  for (const url of [
    css.replace(/\.[0-9a-f]{12}\./, '.000000000000.'),
    '/static/css/app.css',
    '/static/js/app.js',
    `${css}.br`,
    `${css}.gz`,
    '/static/',
    '/static-manifest.json',
    '/static/../static-manifest.json',
    '/nhsuk/nhsuk-frontend.min.css',
    '/vendor/htmx/htmx.min.js',
  ]) {
    const response = await get(app, url, BROWSER);
    t.equal(response.statusCode, 404, url);
    t.notMatch(String(response.headers['cache-control']), /immutable/, `${url}: a 404 is not kept for a year`);
  }
});

t.test("nhsuk-frontend's images stay at /assets/, where its CSS looks for them", async (t) => {
  const { app } = await build(t);
  const css = (await get(app, referenced((await get(app, '/')).body).find((url) => url.includes('nhsuk-frontend') && url.endsWith('.css'))!)).body;
  const images = [...new Set([...css.matchAll(/url\((\/assets\/[^)]+)\)/g)].map(([, url]) => url!))];
  for (const url of ['/assets/images/favicon.ico', '/assets/images/favicon.svg', ...images]) {
    t.equal((await get(app, url)).statusCode, 200, url);
  }
});

t.test("app.js imports the NHS.UK components by this build's URL", async (t) => {
  const { app } = await build(t);
  const html = (await get(app, '/')).body;
  const appJs = referenced(html).find((url) => url.startsWith('/static/js/app.'))!;
  const imports = [...(await get(app, appJs)).body.matchAll(/from '([^']+)'/g)].map(([, url]) => url!);
  t.ok(imports.length > 0, 'app.js imports the NHS.UK components');
  for (const url of imports) {
    t.match(url, /^\/static\/vendor\/nhsuk-frontend\.[0-9a-f]{12}\.js$/);
    t.equal((await get(app, url)).statusCode, 200, url);
  }
});

t.test('the NHS.UK CSS built from its Sass has every component style the pages use', async (t) => {
  const { app } = await build(t);
  const built = (await get(app, referenced((await get(app, '/')).body).find((url) => url.includes('nhsuk-frontend') && url.endsWith('.css'))!)).body;
  const full = readFileSync(join(ROOT, 'node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css'), 'utf8');
  t.ok(built.length < full.length, `smaller than the whole design system (${built.length} < ${full.length} bytes)`);
  // Every class a template or our code names, that the whole design system styles, is styled.
  const sources = ['views', 'src', 'static'].flatMap((dir) => listFiles(join(ROOT, dir)));
  const classes = new Set(sources.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/nhsuk-[a-z0-9]+(?:[-_]{1,2}[a-z0-9]+)*/g)].map(([name]) => name)));
  t.ok(classes.size > 50, `${classes.size} NHS.UK classes in the templates`);
  for (const name of classes) {
    const selector = new RegExp(`\\.${name}(?![a-z0-9_-])`);
    if (selector.test(full)) t.match(built, selector, `.${name} is styled`);
  }
});

t.test('pages are compressed for the public when it pays; staff pages are not', async (t) => {
  const { app } = await build(t);
  for (const url of ['/problems/lost-email', '/problems/error-3r?answers=yes', '/cleansing-request', '/no/such/page']) {
    const plain = await get(app, url);
    for (const [accept, expected] of [
      [BROWSER, 'br'],
      ['gzip, deflate', 'gzip'],
      ['br;q=0, gzip;q=0.5', 'gzip'],
      ['identity', undefined],
      [undefined, undefined],
    ] as const) {
      const sent = await get(app, url, accept);
      t.equal(sent.statusCode, plain.statusCode, url);
      t.equal(sent.encoding, expected, `${url} for Accept-Encoding: ${accept ?? '(none)'}`);
      t.match(String(sent.headers.vary), /Accept-Encoding/, `${url}: Vary says so`);
      if (!expected) continue;
      t.ok(sent.rawPayload.length < plain.rawPayload.length / 2, `${url}: ${sent.rawPayload.length} of ${plain.rawPayload.length} bytes`);
      // The CSRF token differs on every form page; everything else is the same page.
      const same = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, '');
      t.equal(same(sent.text()), same(plain.body), `${url}: the same page`);
    }
  }
  const tree = await get(app, '/problems/error-3r?answers=yes', BROWSER);
  t.match(String(tree.headers.vary), /HX-Request/, 'a tree step still varies on HX-Request');
  const fragment = await app.inject({ url: '/problems/error-3r?answers=yes', headers: { 'accept-encoding': BROWSER, 'hx-request': 'true' } });
  t.equal(decode(fragment.headers['content-encoding'] as string | undefined, fragment.rawPayload).toString(), (await app.inject({ url: '/problems/error-3r?answers=yes', headers: { 'hx-request': 'true' } })).body, 'the htmx fragment too');

  // Personal data next to text the public typed: never compressed together (BREACH).
  const { client } = await login(app, 'agent');
  const staffPage = await app.inject({ url: '/staff/requests', headers: { cookie: client.cookieHeaderValue(), 'accept-encoding': BROWSER } });
  t.equal(staffPage.statusCode, 200);
  t.equal(staffPage.headers['content-encoding'], undefined, 'a signed-in page goes as it is');
});

t.test('the app refuses to start without a build of its static files, and says what to run', async (t) => {
  t.throws(() => loadAssets(join(t.testdir({}), 'missing.json')), /npm run build:assets/);
  const assets = loadAssets();
  t.throws(() => assets.url('css/no-such.css'), /No static file called css\/no-such\.css/, 'a typo in a template fails its page');
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
