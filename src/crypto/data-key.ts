import { dirname, join } from 'node:path';
import type { Config } from '../config.js';
import { loadOrCreateKeyFile, parseKey, parseKeyList } from './key-file.js';

export type DataKeyConfig = Pick<Config, 'DATA_KEY' | 'DATA_KEY_FILE' | 'DATA_KEY_PREVIOUS' | 'SQLITE_PATH'>;

/** Where the key file is when DATA_KEY is not set. */
export const dataKeyFilePath = (config: DataKeyConfig): string => config.DATA_KEY_FILE ?? join(dirname(config.SQLITE_PATH), 'data.key');

/**
 * The data keys for encrypted fields, newest first (the first encrypts, all decrypt):
 * DATA_KEY then DATA_KEY_PREVIOUS when set; else the key file (DATA_KEY_FILE, or data.key
 * beside the SQLite file), made on first start, one key per line, newest first.
 */
export function loadDataKeys(config: DataKeyConfig): { keys: Buffer[]; source: string; created: boolean } {
  if (config.DATA_KEY) {
    const previous = config.DATA_KEY_PREVIOUS ? parseKeyList(config.DATA_KEY_PREVIOUS.split(','), 'DATA_KEY_PREVIOUS') : [];
    return { keys: [parseKey(config.DATA_KEY, 'DATA_KEY'), ...previous], source: 'DATA_KEY', created: false };
  }
  const path = dataKeyFilePath(config);
  return { ...loadOrCreateKeyFile(path, 'DATA_KEY_FILE'), source: path };
}

/** The current data key only (drafts, which live an hour, and older callers). */
export function loadDataKey(config: DataKeyConfig): { key: Buffer; keys: Buffer[]; source: string; created: boolean } {
  const loaded = loadDataKeys(config);
  return { ...loaded, key: loaded.keys[0]! };
}
