import { dirname, join } from 'node:path';
import type { Config } from '../config.js';
import { loadOrCreateKeyFile, parseKey } from './key-file.js';

/**
 * The data key for encrypted fields: DATA_KEY when set, else the key file (DATA_KEY_FILE, or
 * data.key beside the SQLite file), made on first start.
 */
export function loadDataKey(config: Pick<Config, 'DATA_KEY' | 'DATA_KEY_FILE' | 'SQLITE_PATH'>): { key: Buffer; source: string; created: boolean } {
  if (config.DATA_KEY) return { key: parseKey(config.DATA_KEY, 'DATA_KEY'), source: 'DATA_KEY', created: false };
  const path = config.DATA_KEY_FILE ?? join(dirname(config.SQLITE_PATH), 'data.key');
  return { ...loadOrCreateKeyFile(path, 'DATA_KEY_FILE'), source: path };
}
