import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A 32-byte secret key, read from base64 text. */
export function parseKey(base64: string, name: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded (it is ${key.length} bytes)`);
  return key;
}

/**
 * Reads a key file, or makes one with a fresh random key on first start: the folder 0700, the
 * file 0600 (readable by the app's user only), written with `wx` so two processes starting at
 * once can't each write a different key. Returns the key and whether it was just created.
 */
export function loadOrCreateKeyFile(path: string, name: string): { key: Buffer; created: boolean } {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    chmodSync(path, 0o600);
    return { key: parseKey(readFileSync(path, 'utf8'), name), created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: parseKey(readFileSync(path, 'utf8'), name), created: false };
  }
}
