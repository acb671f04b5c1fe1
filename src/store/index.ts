import type { Config } from '../config.js';
import type { Store } from './ports.js';
import { openSqliteStore } from './sqlite/index.js';

/** The one place that picks the adapter: MongoDB when MONGODB_URI is set, else embedded SQLite. */
export async function openStore(config: Pick<Config, 'MONGODB_URI' | 'MONGODB_DB' | 'SQLITE_PATH'>): Promise<Store> {
  if (config.MONGODB_URI) {
    const { openMongoStore } = await import('./mongo/index.js');
    return openMongoStore({ uri: config.MONGODB_URI, dbName: config.MONGODB_DB });
  }
  return openSqliteStore(config.SQLITE_PATH);
}
