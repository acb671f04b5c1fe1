import { randomUUID } from 'node:crypto';
import { DuplicateKeyError, type RequestRepository, type StoredRequest } from '../ports.js';
import type { StaffRef } from '../../requests/model.js';
import type { RequestKind } from '../../requests/kinds.js';
import { OPEN_STATUSES, type RequestStatus } from '../../requests/statuses.js';
import { insertAuditEvent } from './audit.js';
import { sqliteCasework } from './casework.js';
import { groupCommit } from './group-commit.js';
import { uniqueViolationOn, type Db } from './index.js';

export interface RequestRow {
  id: string;
  reference: string;
  kind: RequestKind;
  idempotency_key: string;
  sealed_details: string | null;
  purged_details: string | null;
  old_email_hash: string | null;
  sender_email_hash: string | null;
  practice_ods_code: string;
  source: 'public' | 'ticket';
  ticket_reference: string | null;
  created_by: string | null;
  status: RequestStatus;
  version: number;
  assignee: string | null;
  last_change_at: string;
  last_change_by: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  purged_at: string | null;
  possible_duplicates: string;
}

const staffRef = (json: string | null): StaffRef | null => (json === null ? null : (JSON.parse(json) as StaffRef));
const date = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));
export const refJson = (ref: StaffRef | null): string | null =>
  ref === null ? null : JSON.stringify({ userId: ref.userId, username: ref.username, displayName: ref.displayName });

export const toRequest = (row: RequestRow): StoredRequest => ({
  id: row.id,
  reference: row.reference,
  kind: row.kind,
  idempotencyKey: row.idempotency_key,
  sealedDetails: row.sealed_details,
  purgedDetails: row.purged_details,
  oldEmailHash: row.old_email_hash,
  senderEmailHash: row.sender_email_hash,
  practiceOdsCode: row.practice_ods_code,
  source: row.source === 'ticket' ? { channel: 'ticket', ticketReference: row.ticket_reference ?? '' } : { channel: 'public' },
  createdBy: staffRef(row.created_by),
  status: row.status,
  version: row.version,
  assignee: staffRef(row.assignee),
  lastChange: { at: new Date(row.last_change_at), by: staffRef(row.last_change_by) },
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
  closedAt: date(row.closed_at),
  purgedAt: date(row.purged_at),
  possibleDuplicates: JSON.parse(row.possible_duplicates) as string[],
});

const OPEN = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');

/** Requests of every kind: one table, the details sealed (see ports.ts StoredRequest). */
export function sqliteRequests(db: Db): RequestRepository {
  const insert = db.prepare(
    `INSERT INTO requests (id, reference, kind, idempotency_key, sealed_details, old_email_hash, sender_email_hash,
       practice_ods_code, source, ticket_reference, created_by, status, version, last_change_at, last_change_by, created_at, updated_at,
       possible_duplicates)
     VALUES (@id, @reference, @kind, @idempotencyKey, @sealedDetails, @oldEmailHash, @senderEmailHash, @practiceOdsCode,
       @source, @ticketReference, @createdBy, 'new', 1, @createdAt, @createdBy, @createdAt, @createdAt, @possibleDuplicates)`,
  );
  const byKey = db.prepare<[string], RequestRow>('SELECT * FROM requests WHERE idempotency_key = ?');
  const byReference = db.prepare<[string], RequestRow>('SELECT * FROM requests WHERE reference = ?');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM requests');
  const saveDraft = db.prepare(
    'INSERT INTO drafts (id, ciphertext, expires_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET ciphertext = excluded.ciphertext, expires_at = excluded.expires_at',
  );
  const insertAudit = insertAuditEvent(db);
  const linkOne = db.prepare(
    `UPDATE requests SET possible_duplicates = json_insert(possible_duplicates, '$[#]', @reference)
     WHERE reference = @other AND NOT EXISTS (SELECT 1 FROM json_each(possible_duplicates) WHERE value = @reference)`,
  );
  const toPurge = db.prepare<[string], RequestRow>('SELECT * FROM requests WHERE purged_at IS NULL AND closed_at IS NOT NULL AND closed_at <= ?');
  const purgeOne = db.prepare(
    `UPDATE requests SET sealed_details = NULL, old_email_hash = NULL, sender_email_hash = NULL, purged_details = @kept, purged_at = @at
     WHERE id = @id AND purged_at IS NULL`,
  );
  const dropNotes = db.prepare('DELETE FROM request_notes WHERE request_id = ?');
  // A history entry keeps its who, when, from, to and reason id; its free text goes.
  const dropWhyText = db.prepare(
    `UPDATE request_history SET entry = json_set(entry, '$.why.text', json('null'))
     WHERE request_id = ? AND json_type(entry, '$.why.text') = 'text'`,
  );
  const notUnder = db.prepare<[{ prefix: string; limit: number }], RequestRow>(
    `SELECT * FROM requests WHERE sealed_details IS NOT NULL AND substr(sealed_details, 1, length(@prefix)) <> @prefix ORDER BY id LIMIT @limit`,
  );
  const reseal = db.prepare(
    `UPDATE requests SET sealed_details = @sealedDetails, old_email_hash = @oldEmailHash, sender_email_hash = @senderEmailHash
     WHERE id = @id AND sealed_details = @expectedSealed`,
  );
  const sample = db.prepare<[string, string, string, number], RequestRow>(
    'SELECT * FROM requests WHERE status = ? AND closed_at >= ? AND closed_at < ? ORDER BY random() LIMIT ?',
  );

  // Newest first along (old_email_hash, created_at), skipping closed ones: stops at `limit`.
  const openWithOldEmail = db.prepare<[string, number], { reference: string; created_at: string; id: string }>(
    `SELECT reference, created_at, id FROM requests WHERE old_email_hash = ? AND status IN (${OPEN}) ORDER BY created_at DESC, id DESC LIMIT ?`,
  );

  type Create = Parameters<RequestRepository['create']>;
  // The request, its audit event, the links back from its possible duplicates and the draft's
  // replacement are stored together or not at all (one savepoint), and writes arriving
  // together share one commit (see group-commit.ts).
  const createInBatch = groupCommit(db, ({ request, also }: { request: Create[0]; also: Create[1] }) => {
    const createdAt = request.createdAt.toISOString();
    const id = randomUUID();
    let result: { request: StoredRequest; created: boolean };
    try {
      insert.run({
        ...request,
        id,
        createdAt,
        createdBy: refJson(request.createdBy),
        source: request.source.channel,
        ticketReference: request.source.channel === 'ticket' ? request.source.ticketReference : null,
        possibleDuplicates: JSON.stringify(request.possibleDuplicates),
      });
      const by = request.createdBy === null ? null : { userId: request.createdBy.userId, username: request.createdBy.username, displayName: request.createdBy.displayName };
      const stored: StoredRequest = {
        ...request,
        id,
        createdBy: by,
        purgedDetails: null,
        status: 'new',
        version: 1,
        assignee: null,
        lastChange: { at: request.createdAt, by },
        updatedAt: request.createdAt,
        closedAt: null,
        purgedAt: null,
        possibleDuplicates: [...request.possibleDuplicates],
      };
      result = { request: stored, created: true };
    } catch (error) {
      // SQLite names only the first unique index that failed: a repeat that also repeats the
      // reference may be reported on the reference, so the idempotency key is looked up either way.
      const clash = uniqueViolationOn(error, 'idempotency_key') || uniqueViolationOn(error, 'reference');
      const existing = clash ? byKey.get(request.idempotencyKey) : undefined;
      if (existing) return { request: toRequest(existing), created: false };
      if (uniqueViolationOn(error, 'reference')) throw new DuplicateKeyError('reference');
      throw error;
    }
    insertAudit(also.audit(result.request));
    for (const other of request.possibleDuplicates) linkOne.run({ reference: request.reference, other });
    const draft = also.draft?.(result.request);
    if (draft) saveDraft.run(draft.id, draft.ciphertext, draft.expiresAt.toISOString());
    return result;
  });

  const purge = db.transaction((cutoff: string, at: string, kept: (request: StoredRequest) => string) => {
    const rows = toPurge.all(cutoff);
    for (const row of rows) {
      purgeOne.run({ id: row.id, kept: kept(toRequest(row)), at });
      dropNotes.run(row.id);
      dropWhyText.run(row.id);
    }
    return rows.map((row) => row.reference);
  });

  return {
    ...sqliteCasework(db),
    create: (request, also) => createInBatch({ request, also }),
    async findByReference(reference) {
      const row = byReference.get(reference);
      return row ? toRequest(row) : null;
    },
    async count() {
      return count.get()!.n;
    },
    async openWithOldEmail(hashes, limit) {
      const n = Math.max(0, Math.floor(limit));
      // One walk per hash (one per data key held), merged newest first.
      const rows = hashes.flatMap((hash) => openWithOldEmail.all(hash, n));
      rows.sort((x, y) => (x.created_at === y.created_at ? (x.id < y.id ? 1 : -1) : x.created_at < y.created_at ? 1 : -1));
      return rows.slice(0, n).map((row) => row.reference);
    },
    async purgeClosedBefore(closedBefore, at, kept) {
      return purge.immediate(closedBefore.toISOString(), at.toISOString(), kept);
    },
    async sealedNotUnder(keyId, limit) {
      return notUnder.all({ prefix: `${keyId}.`, limit: Math.max(0, Math.floor(limit)) }).map(toRequest);
    },
    async reseal(change) {
      return reseal.run(change).changes === 1;
    },
    async sampleClosed(from, to, status, limit) {
      return sample.all(status, from.toISOString(), to.toISOString(), Math.max(0, Math.floor(limit))).map(toRequest);
    },
  };
}
