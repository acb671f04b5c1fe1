import type { Config } from '../config.js';
import type { Store } from './ports.js';
import { openSqliteStore } from './sqlite/index.js';

type StoreConfig = Pick<Config, 'MONGODB_URI' | 'MONGODB_DB' | 'SQLITE_PATH' | 'DB_AUTO_SETUP' | 'MONGODB_SERVER_SELECTION_TIMEOUT_MS'>;

/**
 * The one place that picks the adapter: MongoDB when MONGODB_URI is set, else embedded SQLite.
 * SQLite always runs its migrations on open; MongoDB sets up its schema only when
 * DB_AUTO_SETUP is on, and otherwise checks that what it needs exists.
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.MONGODB_URI) {
    const { openMongoStore } = await import('./mongo/index.js');
    return openMongoStore({
      uri: config.MONGODB_URI,
      dbName: config.MONGODB_DB,
      serverSelectionTimeoutMS: config.MONGODB_SERVER_SELECTION_TIMEOUT_MS,
      autoSetup: config.DB_AUTO_SETUP,
    });
  }
  return openSqliteStore(config.SQLITE_PATH);
}

/** `npm run db:setup`: SQLite runs its migrations; MongoDB creates and updates collections, validators and indexes. */
export async function setupStore(config: StoreConfig): Promise<string[]> {
  if (config.MONGODB_URI) {
    const { setupMongo } = await import('./mongo/index.js');
    return setupMongo({ uri: config.MONGODB_URI, dbName: config.MONGODB_DB, serverSelectionTimeoutMS: config.MONGODB_SERVER_SELECTION_TIMEOUT_MS });
  }
  await openSqliteStore(config.SQLITE_PATH).close();
  return [`SQLite ${config.SQLITE_PATH} migrated`];
}
