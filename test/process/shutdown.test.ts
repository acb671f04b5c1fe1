import t, { type Test } from 'tap';
import { join } from 'node:path';
import { request, Agent } from 'node:http';
import { PARTIAL_BODY, slowClient } from './slow-clients.js';
import { spawnEntry } from './spawn.js';

/** The server as `npm start` runs it, on a free port and a fresh SQLite file. */
async function startServer(t: Test, env: Record<string, string>) {
  const server = spawnEntry('server.ts', {
    PORT: '0',
    SQLITE_PATH: join(t.testdir({}), 'db.sqlite'),
    COOKIE_SECRET: 'a'.repeat(32),
    ...env,
  });
  t.teardown(() => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  });
  const running = await server.waitFor(/is running at/);
  const port = Number(/running at http:\/\/[^:]+:(\d+)/.exec(running)?.[1]);
  return { server, port };
}

t.test('shutdown with a slow client open ends within the grace period', async (t) => {
  const SHUTDOWN_GRACE_MS = 1000;
  // The request timeout is far longer than the grace: only the grace can end this one.
  const { server, port } = await startServer(t, { SHUTDOWN_GRACE_MS: String(SHUTDOWN_GRACE_MS), REQUEST_TIMEOUT_MS: '60000' });
  const slow = slowClient(port, PARTIAL_BODY, 20_000);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const signalled = Date.now();
  server.child.kill('SIGTERM');
  const exit = await server.exited;
  t.ok(exit.at - signalled < SHUTDOWN_GRACE_MS + 3000, `exited ${exit.at - signalled} ms after SIGTERM`);
  t.equal(exit.code, 1, 'a forced close exits non-zero');
  t.ok((await slow).ms < 20_000, 'the slow connection was closed');
  t.ok(server.lines.some((line) => line.includes('shutdown grace ran out')), 'and the log says why');
});

t.test('shutdown with only idle keep-alive connections is clean and quick', async (t) => {
  const { server, port } = await startServer(t, { SHUTDOWN_GRACE_MS: '10000' });
  const agent = new Agent({ keepAlive: true });
  const status = await new Promise<number>((resolve, reject) => {
    request({ port, host: '127.0.0.1', path: '/health/live', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
  t.equal(status, 200);
  const signalled = Date.now();
  server.child.kill('SIGTERM');
  const exit = await server.exited;
  agent.destroy();
  t.equal(exit.code, 0, 'exit code 0');
  t.ok(exit.at - signalled < 3000, `idle connections did not hold it up (${exit.at - signalled} ms)`);
  t.ok(server.lines.some((line) => line.includes('"msg":"closed"')), 'closed cleanly');
});
