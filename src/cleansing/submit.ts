import { DuplicateKeyError, type AuditActor, type CleansingRequestInput, type Store } from '../store/ports.js';
import { PUBLIC_ACTOR } from '../audit/actors.js';
import { auditEvent } from '../audit/event.js';
import { newReference } from './reference.js';

const MAX_REFERENCE_TRIES = 5;

/**
 * Stores a cleansing request once per idempotency key (a double click or browser retry gets
 * the first reference back) with its audit event (see CleansingRepository.create).
 * `actor` is who sent it: the public form's anonymous GP staff unless an agent did (triage).
 */
export async function submitCleansingRequest(
  store: Store,
  input: CleansingRequestInput,
  idempotencyKey: string,
  now: Date,
  actor: AuditActor = PUBLIC_ACTOR,
): Promise<{ reference: string; created: boolean }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { request, created } = await store.cleansing.create(
        { ...input, reference: newReference(), idempotencyKey, createdAt: now },
        (stored) => auditEvent('cleansing-request.created', actor, stored.reference, { at: stored.createdAt, once: true }),
      );
      return { reference: request.reference, created };
    } catch (error) {
      // A random reference that is already taken: draw another.
      if (error instanceof DuplicateKeyError && error.key === 'reference' && attempt < MAX_REFERENCE_TRIES) continue;
      throw error;
    }
  }
}
