import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Field encryption: AES-256-GCM with a fresh 96-bit nonce per value, and the key's id in
 * front, so keys can rotate (new values under the newest key, old ones still readable under
 * the key they name). `context` (say, the row's id) is authenticated but not stored, so a
 * ciphertext moved to another row does not decrypt. Text form: `<keyId>.<nonce>.<tag>.<data>`.
 */
export interface FieldCipher {
  encrypt(plaintext: string, context: string): string;
  /** Throws FieldCipherError when the value is malformed, altered, moved or under an unknown key. */
  decrypt(ciphertext: string, context: string): string;
}

export class FieldCipherError extends Error {
  override name = 'FieldCipherError';
}

/** A key's id: the first 8 hex digits of its SHA-256, so the same key always has the same id. */
export const keyId = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

/** The first key encrypts; every key decrypts what it encrypted. */
export function createFieldCipher(keys: readonly Buffer[]): FieldCipher {
  const [current] = keys;
  if (!current) throw new FieldCipherError('at least one key is needed');
  for (const key of keys) if (key.length !== 32) throw new FieldCipherError('keys must be 32 bytes');
  const byId = new Map(keys.map((key) => [keyId(key), key]));
  const currentId = keyId(current);

  return {
    encrypt(plaintext, context) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, nonce);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [currentId, nonce, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    decrypt(ciphertext, context) {
      const [id, nonce, tag, data, extra] = ciphertext.split('.');
      const key = id === undefined ? undefined : byId.get(id);
      if (!key || nonce === undefined || tag === undefined || data === undefined || extra !== undefined) {
        throw new FieldCipherError('not a ciphertext under a known key');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new FieldCipherError('the ciphertext does not authenticate', { cause: error });
      }
    },
  };
}
