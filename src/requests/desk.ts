import type { AuditAction } from '../audit/actions.js';
import { auditEvent, type AuditBy } from '../audit/event.js';
import { FieldCipherError } from '../crypto/field-cipher.js';
import { DuplicateKeyError, type CreateWith, type RequestChange, type RequestSource, type Store, type StoredRequest } from '../store/ports.js';
import { createdEntry } from './changes.js';
import type { HistoryEntry, Note, RequestDetails, RequestRecord, RequestState, StaffRef } from './model.js';
import type { QueueFilter } from './queue-query.js';
import { newReference } from './reference.js';
import { purgedDetails, purgeCutoff, type PurgedDetails } from './retention.js';
import type { RequestVault } from './vault.js';

const MAX_REFERENCE_TRIES = 5;
/** A new request is linked to at most this many open ones with its old email (the newest): enough to see it is a repeat. */
export const DUPLICATES_LINKED = 5;
/** Requests re-encrypted per store round trip when keys rotate. */
const RESEAL_BATCH = 200;

export interface Submission {
  details: RequestDetails;
  source: RequestSource;
  /** One per check-your-answers page: a repeated submission gets the first reference back. */
  idempotencyKey: string;
  at: Date;
  /** Who sent it: null for GP staff on the public form; the agent who wrote it up from a ticket. */
  by: (StaffRef & { id?: string }) | null;
  /** Replaces the sender's draft in the same write (the form's "sent" marker). */
  draft?: (reference: string) => { id: string; ciphertext: string; expiresAt: Date };
}

/**
 * The requests of every kind, as the app works with them: sealing and opening the details
 * (vault.ts) around the store, the duplicate check, references, the purge and key rotation.
 * Routes call this, never the store's request repository, so no route ever sees a sealed value
 * and none can store a clear one.
 */
export class RequestDesk {
  constructor(
    private readonly store: Store,
    private readonly vault: RequestVault,
  ) {}

  /** The stored request as the domain reads it, its details opened. */
  record(stored: StoredRequest, history: HistoryEntry[] = [], notes: Note[] = []): RequestRecord {
    return {
      id: stored.id,
      reference: stored.reference,
      kind: stored.kind,
      details: stored.sealedDetails === null ? null : this.vault.unseal(stored.sealedDetails, stored.reference),
      kept: stored.purgedDetails === null ? null : (JSON.parse(stored.purgedDetails) as PurgedDetails),
      source: stored.source,
      practiceOdsCode: stored.practiceOdsCode,
      status: stored.status,
      version: stored.version,
      assignee: stored.assignee,
      closedAt: stored.closedAt,
      lastChange: stored.lastChange,
      createdAt: stored.createdAt,
      updatedAt: stored.updatedAt,
      purgedAt: stored.purgedAt,
      possibleDuplicates: stored.possibleDuplicates,
      history,
      notes,
    };
  }

  /** The request with its whole timeline (the 'created' entry first) and notes. */
  async full(stored: StoredRequest): Promise<RequestRecord> {
    const [history, notes] = await Promise.all([this.store.requests.history(stored.id), this.store.requests.notes(stored.id)]);
    const created = createdEntry(stored.createdAt, stored.createdBy);
    return this.record(stored, [created, ...history], notes);
  }

  find(reference: string): Promise<StoredRequest | null> {
    return this.store.requests.findByReference(reference);
  }

  /**
   * A checked change (src/requests/changes.ts) on the version it was checked against, with its
   * audit event when `audited` says who and what (one write); null when someone else wrote first.
   */
  change(stored: StoredRequest, change: RequestChange, audited?: { action: AuditAction; by: AuditBy; at: Date }): Promise<StoredRequest | null> {
    const also = audited ? { audit: (saved: StoredRequest) => auditEvent(audited.action, audited.by, saved.reference, { at: audited.at }) } : undefined;
    return this.store.requests.change(stored.id, stored.version, change, also);
  }

  addNote(stored: StoredRequest, note: Note): Promise<void> {
    return this.store.requests.addNote(stored.id, note);
  }

  /**
   * Stores a request once per idempotency key, with its audit event (and the draft's
   * replacement), sealed. A new cleansing request is linked both ways to the newest open
   * requests with the same old email (case-insensitive, compared by keyed hash), at most
   * DUPLICATES_LINKED of them.
   */
  async submit(submission: Submission): Promise<{ reference: string; created: boolean; possibleDuplicates: string[] }> {
    const { details } = submission;
    const duplicates = details.kind === 'cleansing' ? await this.store.requests.openWithOldEmail(this.vault.lookupHashes(details.oldEmail), DUPLICATES_LINKED) : [];
    const by: AuditBy = submission.by && submission.by.userId ? { userId: submission.by.userId, username: submission.by.username } : null;
    for (let attempt = 1; ; attempt++) {
      const reference = newReference(details.kind);
      const also: CreateWith = {
        audit: (stored) => auditEvent('request.created', by, stored.reference, { at: stored.createdAt, once: true }),
        ...(submission.draft ? { draft: (stored: StoredRequest) => submission.draft!(stored.reference) } : {}),
      };
      try {
        const { request, created } = await this.store.requests.create(
          {
            reference,
            kind: details.kind,
            idempotencyKey: submission.idempotencyKey,
            sealedDetails: this.vault.seal(details, reference),
            ...this.vault.hashesOf(details),
            practiceOdsCode: details.senderOdsCode,
            source: submission.source,
            createdAt: submission.at,
            createdBy: submission.by ? { userId: submission.by.userId, username: submission.by.username, displayName: submission.by.displayName } : null,
            possibleDuplicates: duplicates,
          },
          also,
        );
        return { reference: request.reference, created, possibleDuplicates: request.possibleDuplicates };
      } catch (error) {
        // A random reference that is already taken: draw another.
        if (error instanceof DuplicateKeyError && error.key === 'reference' && attempt < MAX_REFERENCE_TRIES) continue;
        throw error;
      }
    }
  }

  async queue(filter: QueueFilter): Promise<Array<{ stored: StoredRequest; record: RequestRecord }>> {
    const found = await this.store.requests.queue(filter);
    return found.map((stored) => ({ stored, record: this.record(stored) }));
  }

  /**
   * /check-progress: the request with this reference whose sender gave this email, or null,
   * the same null whether the reference is unknown or the email does not match.
   */
  async progress(reference: string, email: string): Promise<StoredRequest | null> {
    const stored = await this.store.requests.findByReference(reference);
    if (!stored || stored.senderEmailHash === null) return null;
    return this.vault.lookupHashes(email).includes(stored.senderEmailHash) ? stored : null;
  }

  /** Retention: erases the personal fields of every request closed `retentionDays` ago or more. */
  purge(now: Date, retentionDays: number): Promise<string[]> {
    return this.store.requests.purgeClosedBefore(purgeCutoff(now, retentionDays), now, (stored) => {
      const details = stored.sealedDetails === null ? null : this.vault.unseal(stored.sealedDetails, stored.reference);
      return JSON.stringify(details ? purgedDetails(details) : { kind: stored.kind, senderOdsCode: stored.practiceOdsCode });
    });
  }

  /**
   * Seals again, under the current key, every request sealed under another (a rotated key, or
   * clear text carried over from before encryption), with fresh hashes. Returns how many.
   * One that will not open under any key held is left as it is and counted in `unreadable`.
   */
  async resealAll(): Promise<{ resealed: number; unreadable: number }> {
    let resealed = 0;
    const unreadable = new Set<string>();
    for (;;) {
      const batch = (await this.store.requests.sealedNotUnder(this.vault.currentKeyId, RESEAL_BATCH + unreadable.size)).filter((s) => !unreadable.has(s.id));
      if (batch.length === 0) return { resealed, unreadable: unreadable.size };
      for (const stored of batch) {
        let details: RequestDetails;
        try {
          details = this.vault.unseal(stored.sealedDetails!, stored.reference);
        } catch (error) {
          if (!(error instanceof FieldCipherError) && !(error instanceof SyntaxError)) throw error;
          unreadable.add(stored.id);
          continue;
        }
        const ok = await this.store.requests.reseal({
          id: stored.id,
          expectedSealed: stored.sealedDetails!,
          sealedDetails: this.vault.seal(details, stored.reference),
          ...this.vault.hashesOf(details),
        });
        if (ok) resealed++;
      }
    }
  }

  /** What the move and assignment rules read. */
  static state(stored: StoredRequest): RequestState {
    return { kind: stored.kind, status: stored.status, version: stored.version, assignee: stored.assignee, closedAt: stored.closedAt, lastChange: stored.lastChange };
  }
}
