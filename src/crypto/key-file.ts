import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A 32-byte secret key, read from base64 text. */
export function parseKey(base64: string, name: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded (it is ${key.length} bytes)`);
  return key;
}

/** Keys one per entry (blank entries skipped), in order. */
export const parseKeyList = (entries: readonly string[], name: string): Buffer[] =>
  entries.filter((entry) => entry.trim() !== '').map((entry) => parseKey(entry, name));

const readKeys = (path: string, name: string): Buffer[] => {
  const keys = parseKeyList(readFileSync(path, 'utf8').split('\n'), name);
  if (keys.length === 0) throw new Error(`${name} ${path} holds no key`);
  return keys;
};

/**
 * Reads a key file (one base64 key per line, the first the current one), or makes one with a
 * fresh random key on first start: the folder 0700, the file 0600 (readable by the app's user
 * only), written with `wx` so two processes starting at once can't each write a different key.
 * Returns the keys and whether the file was just created.
 */
export function loadOrCreateKeyFile(path: string, name: string): { key: Buffer; keys: Buffer[]; created: boolean } {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let created = true;
  try {
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    chmodSync(path, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    created = false;
  }
  const keys = readKeys(path, name);
  return { key: keys[0]!, keys, created };
}

/** Replaces the key file's keys in one step (write beside it, then rename), mode 0600. */
export function writeKeyFile(path: string, keys: readonly Buffer[]): void {
  const next = `${path}.next`;
  writeFileSync(next, keys.map((key) => `${key.toString('base64')}\n`).join(''), { mode: 0o600 });
  chmodSync(next, 0o600);
  renameSync(next, path);
}
