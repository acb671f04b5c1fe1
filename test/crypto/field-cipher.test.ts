import t from 'tap';
import { randomBytes } from 'node:crypto';
import { createFieldCipher, FieldCipherError, keyId } from '../../src/crypto/field-cipher.js';

const oldKey = randomBytes(32);
const newKey = randomBytes(32);

t.test('AES-256-GCM round trip, a fresh nonce each time, the key id in front', async (t) => {
  const cipher = createFieldCipher([oldKey]);
  const a = cipher.encrypt('jo.bloggs@example.com', 'row-1');
  const b = cipher.encrypt('jo.bloggs@example.com', 'row-1');
  t.not(a, b, 'the same text encrypts differently each time');
  t.ok(a.startsWith(`${keyId(oldKey)}.`));
  t.notMatch(a, 'bloggs');
  t.equal(cipher.decrypt(a, 'row-1'), 'jo.bloggs@example.com');
});

t.test('altered, moved or unknown-key ciphertexts are refused', async (t) => {
  const cipher = createFieldCipher([oldKey]);
  const text = cipher.encrypt('secret', 'row-1');
  const [id, nonce, tag, data] = text.split('.') as [string, string, string, string];
  const flipped = Buffer.from(data, 'base64url');
  flipped[0] = flipped[0]! ^ 1;
  const cases = {
    'another row (context)': [text, 'row-2'],
    'altered data': [[id, nonce, tag, flipped.toString('base64url')].join('.'), 'row-1'],
    'unknown key id': [['deadbeef', nonce, tag, data].join('.'), 'row-1'],
    'not a ciphertext': ['plain text', 'row-1'],
  } as const;
  for (const [name, [value, context]] of Object.entries(cases)) t.throws(() => cipher.decrypt(value, context), FieldCipherError, name);
});

t.test('rotation: the newest key encrypts, older keys still decrypt', async (t) => {
  const before = createFieldCipher([oldKey]).encrypt('kept', 'row');
  const rotated = createFieldCipher([newKey, oldKey]);
  t.equal(rotated.decrypt(before, 'row'), 'kept');
  t.ok(rotated.encrypt('new', 'row').startsWith(`${keyId(newKey)}.`));
  t.throws(() => createFieldCipher([]), FieldCipherError);
  t.throws(() => createFieldCipher([randomBytes(16)]), FieldCipherError);
});
