import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema } from '../../src/config.js';
import { keyId } from '../../src/crypto/field-cipher.js';
import { loadDataKeys } from '../../src/crypto/data-key.js';
import { runRotate } from '../../src/keys-rotate.js';
import { RequestDesk } from '../../src/requests/desk.js';
import { createRequestVault } from '../../src/requests/vault.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { sampleCleansingDetails } from '../sample-cleansing-request.js';

/** `npm run keys:rotate`: a new key first in the key file, every request sealed again under it; `--retire` drops the old keys. */
t.test('key rotation with the key file: re-encrypts every request, then retires the old key once nothing is under it', async (t) => {
  const dir = t.testdir({});
  const config = { ...configSchema.parse({}), SQLITE_PATH: join(dir, 'store.sqlite') };
  const before = loadDataKeys(config).keys;
  const store = openSqliteStore(config.SQLITE_PATH);
  const { reference } = await new RequestDesk(store, createRequestVault(before)).submit({
    details: sampleCleansingDetails(), source: { channel: 'public' }, idempotencyKey: 'k1', at: new Date(), by: null,
  });
  await store.close();

  const lines: string[] = [];
  t.equal(await runRotate(config, { retire: false }, (line) => lines.push(line)), 0);
  const rotated = loadDataKeys(config).keys;
  t.equal(rotated.length, 2, 'the new key first, the old one kept below it');
  t.equal(keyId(rotated[1]!), keyId(before[0]!));
  t.match(lines.join('\n'), 're-encrypted 1 requests');
  const check = openSqliteStore(config.SQLITE_PATH);
  const stored = await check.requests.findByReference(reference);
  t.ok(stored!.sealedDetails!.startsWith(`${keyId(rotated[0]!)}.`), 'sealed under the new key');
  await check.close();

  t.equal(await runRotate(config, { retire: true }, () => undefined), 0);
  const retired = loadDataKeys(config).keys;
  t.same(retired.map(keyId), [keyId(rotated[0]!)], 'only the new key is left');
  t.equal((readFileSync(join(dir, 'data.key'), 'utf8').match(/\n/g) ?? []).length, 1);
  const after = openSqliteStore(config.SQLITE_PATH);
  t.teardown(() => after.close());
  const desk = new RequestDesk(after, createRequestVault(retired));
  t.match(desk.record((await after.requests.findByReference(reference))!).details, { oldEmail: 'jo.old@example.com' }, 'still readable with the new key alone');
});
