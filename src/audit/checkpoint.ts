import { createHmac, timingSafeEqual } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditCheckpoint, AuditLink } from '../store/ports.js';

/**
 * Checkpoints: the chain's head signed with HMAC-SHA-256 under a key the database does not
 * hold. Without one, someone who can write to the database could delete the newest events or
 * rewrite the whole chain with fresh hashes and the chain alone would still look whole.
 */
const payload = (link: AuditLink, at: Date): string => canonicalize({ seq: link.seq, hash: link.hash, at: at.toISOString() })!;

export function signCheckpoint(key: Buffer, link: AuditLink, at: Date): AuditCheckpoint {
  const mac = createHmac('sha256', key).update(payload(link, at)).digest('hex');
  return { seq: link.seq, hash: link.hash, at, mac };
}

/** True when the checkpoint was signed with this key and not changed since. */
export function checkpointSignedBy(key: Buffer, checkpoint: AuditCheckpoint): boolean {
  const expected = createHmac('sha256', key).update(payload(checkpoint, checkpoint.at)).digest();
  const given = Buffer.from(checkpoint.mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
