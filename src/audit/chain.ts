import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditLink, NewAuditEvent } from '../store/ports.js';

/** The "previous hash" of event 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that its hash covers: everything stored but the hashes themselves. */
export interface ChainedContent extends NewAuditEvent {
  seq: number;
}

/**
 * The event's canonical form: RFC 8785 (JSON Canonicalization Scheme), so the same event
 * always gives the same bytes whatever the adapter or key order. Times as ISO 8601 UTC with
 * milliseconds, as both adapters store them. Absent optional fields are left out, not null.
 *
 * The `canonicalize` library is the definition (`canonicalContentByLibrary`); it walks any
 * value generically, which costs about 10 µs an event, and verify must do 100,000 a second.
 * For this one fixed shape (strings, null, an integer) JSON.stringify with the keys inserted
 * in RFC 8785 order (UTF-16 code-unit order) writes the same bytes: a property test holds the
 * two equal. A string that RFC 8785 refuses (a lone surrogate) goes to the library, which throws.
 */
export function canonicalContent(event: ChainedContent): string {
  const { actor } = event;
  if (!(wellFormed(event.action) && wellFormed(event.reference) && wellFormed(actor.userId) && wellFormed(actor.username) && wellFormed(event.dedupeKey))) {
    return canonicalContentByLibrary(event);
  }
  // Key order is RFC 8785's: action, actor (userId, username), at, dedupeKey, reference, seq.
  return JSON.stringify({
    action: event.action,
    actor: { userId: actor.userId, username: actor.username },
    at: event.at.toISOString(),
    dedupeKey: event.dedupeKey,
    reference: event.reference,
    seq: event.seq,
  });
}

/** String.prototype.isWellFormed (Node 20+; TypeScript's ES2023 lib does not list it yet). */
const wellFormed = (value: string | null | undefined): boolean =>
  typeof value !== 'string' || (value as string & { isWellFormed(): boolean }).isWellFormed();

/** The canonical form as the RFC 8785 library writes it: the definition canonicalContent keeps to. */
export function canonicalContentByLibrary(event: ChainedContent): string {
  const content: Record<string, unknown> = {
    seq: event.seq,
    at: event.at.toISOString(),
    actor: { userId: event.actor.userId, username: event.actor.username },
    action: event.action,
    reference: event.reference,
  };
  if (event.dedupeKey !== undefined) content.dedupeKey = event.dedupeKey;
  return canonicalize(content)!;
}

/** SHA-256 (hex) over the previous event's hash followed by this event's canonical form. */
export function eventHash(prev: string, event: ChainedContent): string {
  return createHash('sha256').update(prev + canonicalContent(event)).digest('hex');
}

/** The next link: where a new event goes after `head` (null for an empty log) and its hash. */
export function nextLink(head: AuditLink | null, event: NewAuditEvent): { seq: number; prev: string; hash: string } {
  const seq = head ? head.seq + 1 : 1;
  const prev = head ? head.hash : GENESIS_HASH;
  return { seq, prev, hash: eventHash(prev, { ...event, seq }) };
}
