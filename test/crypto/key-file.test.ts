import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadOrCreateKeyFile, parseKey } from '../../src/crypto/key-file.js';

t.test('a key file is made once, 0600, and read back the same', async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'key-')), 'keys', 'data.key');
  const first = loadOrCreateKeyFile(path, 'DATA_KEY');
  t.equal(first.created, true);
  t.equal(first.key.length, 32);
  t.equal(statSync(path).mode & 0o777, 0o600);
  const second = loadOrCreateKeyFile(path, 'DATA_KEY');
  t.equal(second.created, false);
  t.same(second.key, first.key);
});

t.test('a key of the wrong length is refused with its name', async (t) => {
  t.throws(() => parseKey(Buffer.alloc(16).toString('base64'), 'DATA_KEY'), /DATA_KEY must be 32 bytes/);
  const path = join(mkdtempSync(join(tmpdir(), 'key-')), 'short.key');
  writeFileSync(path, 'c2hvcnQ=');
  t.throws(() => loadOrCreateKeyFile(path, 'AUDIT_KEY'), /AUDIT_KEY must be 32 bytes/);
});
