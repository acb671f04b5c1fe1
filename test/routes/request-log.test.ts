import t from 'tap';
import { build } from '../helpers.js';

const requestLines = (logs: Record<string, unknown>[]) => logs.filter((line) => line.msg === 'request');

t.test('one log line per request: request id, method, route pattern, status and time, never the URL', async (t) => {
  const built = await build(t);
  const { app } = built;
  const pages: Array<{ url: string; headers?: Record<string, string>; route: string; status: number }> = [
    { url: '/problems/error-3r?answers=yes', route: '/problems/:treeId', status: 200 },
    { url: '/problems/error-3r?answers=yes', headers: { 'hx-request': 'true' }, route: '/problems/:treeId', status: 200 },
    { url: '/problems/code?code=3R', route: '/problems/code', status: 303 },
    { url: '/no/such/page?q=secret-query', route: '(no route)', status: 404 },
  ];
  const before = built.logs.length;
  for (const { url, headers = {} } of pages) await app.inject({ url, headers });
  const lines = built.logs.slice(before);
  t.equal(lines.length, pages.length, 'exactly one line per request');
  t.same(
    lines.map((line) => Object.keys(line)),
    pages.map(() => ['level', 'time', 'pid', 'hostname', 'reqId', 'method', 'route', 'status', 'ms', 'msg']),
    'and nothing else in it',
  );
  pages.forEach(({ route, status }, i) => {
    const line = lines[i]!;
    t.match(line, { level: 30, method: 'GET', route, status, msg: 'request' }, `${pages[i]!.url}`);
    t.type(line.ms, 'number');
    t.type(line.reqId, 'string');
  });
  t.equal(new Set(lines.map((line) => line.reqId)).size, pages.length, 'each with its own request id');
  t.notMatch(built.logText(), /answers=|code=3R|secret-query/, 'no query string in the log');
});

t.test('the request line follows the route level and LOG_LEVEL', async (t) => {
  const built = await build(t);
  await built.app.inject({ url: '/health/live' });
  await built.app.inject({ url: '/health/ready' });
  t.same(requestLines(built.logs), [], 'health checks log only warnings');

  const quiet = await build(t, { LOG_LEVEL: 'warn' });
  await quiet.app.inject({ url: '/problems/lost-email' });
  t.same(requestLines(quiet.logs), [], 'LOG_LEVEL=warn: no request lines');
});
