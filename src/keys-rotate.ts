/**
 * `npm run keys:rotate`: re-encrypts every request under a new data key.
 *
 * With the key file (the embedded default): a new key is put first in the file, the old ones
 * kept below it so running app processes can still read what they wrote, and every request is
 * sealed again under the new key. Restart the app, then `npm run keys:rotate -- --retire`
 * seals anything an old process wrote meanwhile and drops the old keys from the file, only
 * when nothing is left under them.
 *
 * With DATA_KEY: set the new key as DATA_KEY and the old one in DATA_KEY_PREVIOUS, run this
 * to seal every request under DATA_KEY, then remove DATA_KEY_PREVIOUS.
 */
import { randomBytes } from 'node:crypto';
import { runCommand } from './cli.js';
import type { Config } from './config.js';
import { dataKeyFilePath, loadDataKeys } from './crypto/data-key.js';
import { writeKeyFile } from './crypto/key-file.js';
import { RequestDesk } from './requests/desk.js';
import { createRequestVault } from './requests/vault.js';
import { openStore } from './store/index.js';

async function reseal(config: Config, keys: Buffer[]): Promise<{ resealed: number; unreadable: number }> {
  const store = await openStore(config);
  try {
    return await new RequestDesk(store, createRequestVault(keys)).resealAll();
  } finally {
    await store.close();
  }
}

/** Returns the exit code: 0 done, 1 something could not be re-encrypted (nothing was lost). */
export async function runRotate(config: Config, options: { retire: boolean }, print: (line: string) => void): Promise<number> {
  const loaded = loadDataKeys(config);
  if (config.DATA_KEY) {
    const { resealed, unreadable } = await reseal(config, loaded.keys);
    print(`re-encrypted ${resealed} requests under DATA_KEY`);
    if (unreadable > 0) {
      print(`${unreadable} requests are under a key not given: add it to DATA_KEY_PREVIOUS and run this again`);
      return 1;
    }
    print('every request is under DATA_KEY: DATA_KEY_PREVIOUS can be removed');
    return 0;
  }
  const path = dataKeyFilePath(config);
  const keys = options.retire ? loaded.keys : [randomBytes(32), ...loaded.keys];
  if (!options.retire) {
    writeKeyFile(path, keys);
    print(`a new data key is first in ${path}; the ${loaded.keys.length} older one(s) stay below it until retired`);
  }
  const { resealed, unreadable } = await reseal(config, keys);
  print(`re-encrypted ${resealed} requests under the newest key`);
  if (unreadable > 0) {
    print(`${unreadable} requests are under a key that is not in the file: restore it, then run this again`);
    return 1;
  }
  if (options.retire) {
    writeKeyFile(path, [keys[0]!]);
    print(`retired ${keys.length - 1} older key(s): only the newest is left in ${path}`);
  } else {
    print('restart the app, then run `npm run keys:rotate -- --retire` to drop the older keys');
  }
  return 0;
}

runCommand(import.meta.url, (config, print) => runRotate(config, { retire: process.argv.includes('--retire') }, print));
