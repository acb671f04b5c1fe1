import t from 'tap';
import { createServer } from 'node:net';
import { configSchema } from '../../src/config.js';
import { openStore } from '../../src/store/index.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { spawnEntry } from './spawn.js';

/** A local port with nothing listening on it: taken, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const TIMEOUT_MS = 500;

t.test('MongoDB unreachable: opening the store fails with StoreUnavailableError within the selection timeout', async (t) => {
  const uri = `mongodb://127.0.0.1:${await closedPort()}/?directConnection=true`;
  const config = { ...configSchema.parse({}), MONGODB_URI: uri, MONGODB_SERVER_SELECTION_TIMEOUT_MS: TIMEOUT_MS };
  await import('../../src/store/mongo/index.js'); // loading the driver is not what is timed
  const started = Date.now();
  const error = await openStore(config).then(
    (store) => store.close().then(() => null),
    (e: unknown) => e,
  );
  const took = Date.now() - started;
  t.type(error, StoreUnavailableError);
  // The driver's own default would wait 30 s; the slack is for a machine busy with other tests.
  t.ok(took >= TIMEOUT_MS - 50 && took < TIMEOUT_MS + 10_000, `failed after ${took} ms`);
});

t.test('MongoDB unreachable at start: one clear log line and a non-zero exit within a bounded time', async (t) => {
  const port = await closedPort();
  const started = Date.now();
  const server = spawnEntry('server.ts', {
    MONGODB_URI: `mongodb://127.0.0.1:${port}`,
    MONGODB_SERVER_SELECTION_TIMEOUT_MS: String(TIMEOUT_MS),
    PORT: '0',
  });
  t.teardown(() => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  });
  const exit = await server.exited;
  t.equal(exit.code, 1, 'exit code 1');
  // Loading the app's sources takes most of this on a busy machine; without the setting the
  // driver alone would wait 30 s, and the start would end with a stack trace, not one line.
  t.ok(exit.at - started < 60_000, `exited after ${exit.at - started} ms (start-up included)`);
  t.equal(server.lines.length, 1, `one line: ${server.lines.join('\n')}`);
  const line = JSON.parse(server.lines[0]!) as { level: number; msg: string };
  t.equal(line.level, 60, 'at fatal level');
  t.match(line.msg, `MongoDB (MONGODB_URI) did not answer within ${TIMEOUT_MS} ms`);
  t.match(line.msg, 'ECONNREFUSED');
  t.notMatch(server.lines[0], /running at/);
});
