import { createHmac, hkdfSync } from 'node:crypto';
import { createFieldCipher, keyId, type FieldCipher } from '../crypto/field-cipher.js';
import type { StoredRequest } from '../store/ports.js';
import { duplicateKeyInput } from './duplicate-key.js';
import type { RequestDetails } from './model.js';

/**
 * Patient data at rest. A request's details (every email, name and free text the sender gave)
 * are sealed as one AES-256-GCM value under the current data key (src/crypto/field-cipher.ts:
 * the key's id in front, the request's reference authenticated with it, so a value copied to
 * another request does not open). Beside them, keyed hashes (HMAC-SHA-256, under a key derived
 * from each data key with HKDF) of the normalised addresses let the store answer "is there an
 * open request with this old email?" without ever holding the address.
 */
export interface RequestVault {
  /** The id of the key new values are sealed under. */
  readonly currentKeyId: string;
  seal(details: RequestDetails, reference: string): string;
  /** Throws FieldCipherError when the value does not open under any key held. */
  unseal(sealed: string, reference: string): RequestDetails;
  /** The hashes a store look-up for this address must match: under every key held, current first. */
  lookupHashes(email: string): string[];
  /** The hashes stored with these details (under the current key). */
  hashesOf(details: RequestDetails): Pick<StoredRequest, 'oldEmailHash' | 'senderEmailHash'>;
}

/** Rows carried over from before encryption (see the SQLite migration); sealed at the next start. */
export const LEGACY_PLAIN = 'plain:';

const lookupKey = (dataKey: Buffer): Buffer => Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'nhs-login-service-desk request email look-up v1', 32));
const context = (reference: string) => `request:${reference}`;

export function createRequestVault(keys: readonly Buffer[]): RequestVault {
  const cipher: FieldCipher = createFieldCipher(keys);
  const hashKeys = keys.map(lookupKey);
  const hash = (key: Buffer, email: string) => createHmac('sha256', key).update(duplicateKeyInput(email), 'utf8').digest('hex');
  const current = hashKeys[0]!;
  return {
    currentKeyId: keyId(keys[0]!),
    seal: (details, reference) => cipher.encrypt(JSON.stringify(details), context(reference)),
    unseal(sealed, reference) {
      const json = sealed.startsWith(LEGACY_PLAIN) ? sealed.slice(LEGACY_PLAIN.length) : cipher.decrypt(sealed, context(reference));
      return JSON.parse(json) as RequestDetails;
    },
    lookupHashes: (email) => hashKeys.map((key) => hash(key, email)),
    hashesOf: (details) => ({
      oldEmailHash: details.kind === 'cleansing' ? hash(current, details.oldEmail) : null,
      senderEmailHash: hash(current, details.senderEmail),
    }),
  };
}
