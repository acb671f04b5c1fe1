// The baseline for bench/run.js: a bare node:http server, one process, answering from memory
// with the bytes the real app answered (status, headers and body), so the ratio the bench prints
// is "the app's work" against "just HTTP on this machine".
//
// Started by run.js with `fork(bare-server.js, [specPath])`. The spec is a JSON file:
//   { "routes": [{ "method", "path", "hx"?, "status", "headers": { name: value | [values] }, "bodyBase64" }] }
// A route with "hx": true answers requests that carry `HX-Request: true` (an htmx fragment).
// It reports its port to the parent over IPC once listening.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const routes = new Map(
  spec.routes.map((route) => {
    const body = Buffer.from(route.bodyBase64 ?? '', 'base64');
    const headers = { ...route.headers, 'content-length': String(body.length) };
    return [`${route.method} ${route.path}${route.hx ? ' hx' : ''}`, { status: route.status, headers, body }];
  }),
);

const server = createServer((req, res) => {
  const route = routes.get(`${req.method} ${req.url}${req.headers['hx-request'] === 'true' ? ' hx' : ''}`);
  // Read the whole request body before answering, as the app must (the POST carries a form).
  req.on('data', () => {});
  req.on('end', () => {
    if (!route) {
      res.writeHead(404, { 'content-length': '0' });
      res.end();
      return;
    }
    res.writeHead(route.status, route.headers);
    res.end(route.body);
  });
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: server.address().port });
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Never outlive the bench: if the parent goes away, so does the baseline.
process.on('disconnect', () => process.exit(0));
