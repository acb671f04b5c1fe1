import pino from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openStore } from './store/index.js';

/** The process: read config, open the store, listen, and close cleanly on a signal. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const store = await openStore(config);
  // Asynchronous writes: lines that pile up under load go out together; flushed at shutdown.
  const logStream = pino.destination({ dest: 1, sync: false });
  const app = await buildApp({ config, store, logStream });
  const close = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    logStream.flushSync();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ host: config.HOST, port: config.PORT });
  app.log.info({ store: store.kind }, `NHS login support is running at http://${config.HOST}:${config.PORT}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
