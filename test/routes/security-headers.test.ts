import t from 'tap';
import { build } from '../helpers.js';
import { loadAssets } from '../../src/web/assets.js';

/** What every answer carries, whatever sent it (helmet 8 with the app's options). */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self' https://assets.nhs.uk;connect-src 'self';form-action 'self';frame-ancestors 'none';object-src 'none';base-uri 'self'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};
const HSTS = 'max-age=31536000; includeSubDomains';

const answers: Array<{ what: string; url: string; headers?: Record<string, string>; status: number }> = [
  { what: 'a tree step page', url: '/problems/lost-email', status: 200 },
  { what: 'a tree step as an htmx fragment', url: '/problems/error-3r?answers=yes', headers: { 'hx-request': 'true' }, status: 200 },
  { what: 'a compressed page', url: '/problems/lost-email', headers: { 'accept-encoding': 'br' }, status: 200 },
  { what: 'a redirect', url: '/problems/code?code=3R', status: 303 },
  { what: 'a 400 for answers that cannot be parsed', url: '/problems/lost-email?answers=..', status: 400 },
  { what: 'an unknown page', url: '/no/such/page', status: 404 },
  { what: 'a URL that cannot be decoded', url: '/problems/%E0%A4%A', status: 400 },
  { what: 'a staff page without a session', url: '/staff/requests', status: 303 },
  { what: 'a built CSS file', url: loadAssets().url('css/app.css'), status: 200 },
  { what: 'an nhsuk-frontend image', url: '/assets/images/favicon.svg', status: 200 },
  { what: 'a health check', url: '/health/live', status: 200 },
];

t.test('every kind of answer carries the same security headers', async (t) => {
  const { app } = await build(t);
  for (const { what, url, headers = {}, status } of answers) {
    const answer = await app.inject({ url, headers });
    t.equal(answer.statusCode, status, `${what}: status`);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) t.equal(answer.headers[name], value, `${what}: ${name}`);
    t.equal(answer.headers['strict-transport-security'], undefined, `${what}: no HSTS over plain HTTP`);
  }
});

t.test('behind HTTPS (SECURE_COOKIES) every answer adds HSTS', async (t) => {
  const { app } = await build(t, { SECURE_COOKIES: true });
  for (const { what, url, headers = {} } of answers) {
    const answer = await app.inject({ url, headers });
    t.equal(answer.headers['strict-transport-security'], HSTS, what);
    t.equal(answer.headers['x-frame-options'], 'DENY', what);
  }
});
