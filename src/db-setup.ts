import { ConfigError, loadConfig } from './config.js';
import { setupStore } from './store/index.js';
import { StoreUnavailableError } from './store/errors.js';

/**
 * `npm run db:setup`: creates or updates the schema (SQLite migrations; MongoDB collections,
 * validators and indexes), then exits. Run it as a MongoDB user with dbAdmin and readWrite
 * on the database (see the README); the app itself then needs only readWrite.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const done = await setupStore(config);
  console.log(done.length ? done.join('\n') : 'The database already matches the schema: nothing to do.');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else if (error instanceof StoreUnavailableError) console.error(`The database could not be reached: ${error.cause instanceof Error ? error.cause.message : error.message}`);
  else console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
