import { dirname, join } from 'node:path';
import type { Config } from '../config.js';
import { loadOrCreateKeyFile, parseKey } from '../crypto/key-file.js';

/**
 * The checkpoint key, which must not live in the database it protects: AUDIT_KEY when set,
 * else a key file (AUDIT_KEY_FILE, by default audit.key beside the SQLite file), made on
 * first start.
 */
export function auditKeyFile(config: Pick<Config, 'AUDIT_KEY_FILE' | 'SQLITE_PATH'>): string {
  return config.AUDIT_KEY_FILE ?? join(dirname(config.SQLITE_PATH), 'audit.key');
}

export function loadAuditKey(config: Pick<Config, 'AUDIT_KEY' | 'AUDIT_KEY_FILE' | 'SQLITE_PATH'>): Buffer {
  if (config.AUDIT_KEY) return parseKey(config.AUDIT_KEY, 'AUDIT_KEY');
  return loadOrCreateKeyFile(auditKeyFile(config), 'AUDIT_KEY').key;
}
