import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openStore } from './store/index.js';
import { StoreUnavailableError } from './store/errors.js';

/** The process: read config, open the store, listen, and close cleanly on a signal. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // Asynchronous writes: lines that pile up under load go out together; flushed at shutdown.
  const logStream = pino.destination({ dest: 1, sync: false });
  const store = await openStore(config).catch((error: unknown) => {
    // One line that says what is wrong, then a non-zero exit (no stack: it is not a bug).
    pino({ level: config.LOG_LEVEL }, logStream).fatal(storeOpenFailure(error, config));
    logStream.flushSync();
    process.exit(1);
  });
  const app = await buildApp({ config, store, logStream });
  // On SIGTERM/SIGINT (or an uncaught error): stop accepting, close idle connections, let
  // requests in flight finish; after SHUTDOWN_GRACE_MS the process exits anyway (code 1).
  closeWithGrace(
    {
      delay: config.SHUTDOWN_GRACE_MS,
      logger: false,
      onTimeout: (delay) => {
        app.log.warn({ graceMs: delay }, 'requests still open when the shutdown grace ran out: exiting');
        logStream.flushSync();
      },
    },
    async ({ signal, err }) => {
      if (err) app.log.error({ err }, 'closing after an uncaught error');
      else app.log.info({ signal }, 'shutting down');
      await app.close();
      app.log.info('closed');
      logStream.flushSync();
    },
  );
  const address = await app.listen({ host: config.HOST, port: config.PORT });
  app.log.info({ store: store.kind }, `NHS login support is running at ${address}`);
}

function storeOpenFailure(error: unknown, config: Config): string {
  const which = config.MONGODB_URI ? 'MongoDB (MONGODB_URI)' : `the SQLite file ${config.SQLITE_PATH}`;
  if (error instanceof StoreUnavailableError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    const within = config.MONGODB_URI ? ` within ${config.MONGODB_SERVER_SELECTION_TIMEOUT_MS} ms (MONGODB_SERVER_SELECTION_TIMEOUT_MS)` : '';
    return `The store could not be reached: ${which} did not answer${within}${cause}. Not started.`;
  }
  return `The store could not be opened (${which}): ${error instanceof Error ? error.message : String(error)}. Not started.`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
