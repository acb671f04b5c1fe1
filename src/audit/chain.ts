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
 */
export function canonicalContent(event: ChainedContent): string {
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
  return createHash('sha256').update(prev).update(canonicalContent(event)).digest('hex');
}

/** The next link: where a new event goes after `head` (null for an empty log) and its hash. */
export function nextLink(head: AuditLink | null, event: NewAuditEvent): { seq: number; prev: string; hash: string } {
  const seq = head ? head.seq + 1 : 1;
  const prev = head ? head.hash : GENESIS_HASH;
  return { seq, prev, hash: eventHash(prev, { ...event, seq }) };
}
