import t from 'tap';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from '../helpers.js';
import { PARTIAL_BODY, PARTIAL_HEADERS, slowClient } from './slow-clients.js';

const REQUEST_TIMEOUT_MS = 800;
const HEADERS_TIMEOUT_MS = 400;
// Node checks the deadlines every HEADERS_TIMEOUT_MS / 4 here; the rest is scheduling on a busy machine.
const SLACK_MS = 1500;

const get = (port: number, path: string) =>
  new Promise<number>((resolve, reject) => {
    request({ port, host: '127.0.0.1', path }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });

t.test('slow clients are answered 408 and closed within their timeout, while others are served', async (t) => {
  const { app } = await build(t, { REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS, LOG_LEVEL: 'silent' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;

  const slowBodies = Array.from({ length: 40 }, () => slowClient(port, PARTIAL_BODY, 10_000));
  const slowHeaders = Array.from({ length: 40 }, () => slowClient(port, PARTIAL_HEADERS, 10_000));
  t.equal(await get(port, '/'), 200, 'a normal request is answered while the slow ones hang');

  const bodies = await Promise.all(slowBodies);
  const headers = await Promise.all(slowHeaders);
  const late = (ended: { ms: number }[], limit: number) => ended.filter((e) => e.ms > limit + SLACK_MS);
  t.same(late(bodies, REQUEST_TIMEOUT_MS), [], `every body not finished in ${REQUEST_TIMEOUT_MS} ms is ended`);
  t.same(late(headers, HEADERS_TIMEOUT_MS), [], `every header not finished in ${HEADERS_TIMEOUT_MS} ms is ended`);
  t.ok(bodies.every((e) => e.ms >= REQUEST_TIMEOUT_MS - 50), 'and not before the request timeout');
  t.same(new Set([...bodies, ...headers].map((e) => e.status ?? 'closed')), new Set(['HTTP/1.1 408 Request Timeout']), 'with a 408');
});

t.test('the default is a 30 second request timeout, 10 seconds for headers', async (t) => {
  const { app } = await build(t, { LOG_LEVEL: 'silent' });
  t.equal(app.server.requestTimeout, 30_000);
  t.equal(app.server.headersTimeout, 10_000);
});
