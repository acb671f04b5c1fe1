import { randomUUID } from 'node:crypto';
import type { Collection, Db, Document } from 'mongodb';
import { DuplicateKeyError, type AuditRepository, type NewStoredRequest, type RequestRepository, type StoredRequest } from '../ports.js';
import type { HistoryEntry, StaffRef } from '../../requests/model.js';
import type { RequestKind } from '../../requests/kinds.js';
import { OPEN_STATUSES, type RequestStatus } from '../../requests/statuses.js';
import { LEGACY_PLAIN } from '../../requests/vault.js';
import { mongoCasework } from './casework.js';
import { COLLECTIONS, LEGACY_CLEANSING_COLLECTION, asDate, asString, duplicateKeyField, isDuplicateKeyError, positiveLimit } from './schema.js';

export interface RequestDoc {
  _id: string;
  reference: string;
  kind: RequestKind;
  idempotencyKey: string;
  sealedDetails: string | null;
  purgedDetails: string | null;
  oldEmailHash: string | null;
  senderEmailHash: string | null;
  practiceOdsCode: string;
  source: 'public' | 'ticket';
  ticketReference: string | null;
  createdBy: StaffRef | null;
  status: RequestStatus;
  version: number;
  assignee: StaffRef | null;
  lastChange: { at: Date; by: StaffRef | null };
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  purgedAt: Date | null;
  possibleDuplicates: string[];
  /**
   * The history entry that made the current version, written in the same atomic update as
   * the version. It is copied into the history collection after the update and again before
   * the next change, so a failure between the two writes loses no entry.
   */
  lastEntry?: HistoryEntry;
}

export function toDomain(doc: RequestDoc): StoredRequest {
  return {
    id: doc._id,
    reference: doc.reference,
    kind: doc.kind,
    idempotencyKey: doc.idempotencyKey,
    sealedDetails: doc.sealedDetails,
    purgedDetails: doc.purgedDetails,
    oldEmailHash: doc.oldEmailHash,
    senderEmailHash: doc.senderEmailHash,
    practiceOdsCode: doc.practiceOdsCode,
    source: doc.source === 'ticket' ? { channel: 'ticket', ticketReference: doc.ticketReference ?? '' } : { channel: 'public' },
    createdBy: doc.createdBy,
    status: doc.status,
    version: doc.version,
    assignee: doc.assignee,
    lastChange: doc.lastChange,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    closedAt: doc.closedAt,
    purgedAt: doc.purgedAt,
    possibleDuplicates: doc.possibleDuplicates,
  };
}

const refDoc = (ref: StaffRef | null): StaffRef | null =>
  ref === null ? null : { userId: asString(ref.userId), username: asString(ref.username), displayName: asString(ref.displayName) };

function newDoc(request: NewStoredRequest): RequestDoc {
  const at = asDate(request.createdAt);
  const by = refDoc(request.createdBy);
  return {
    _id: randomUUID(),
    reference: asString(request.reference),
    kind: request.kind,
    idempotencyKey: asString(request.idempotencyKey),
    sealedDetails: request.sealedDetails === null ? null : asString(request.sealedDetails),
    purgedDetails: null,
    oldEmailHash: request.oldEmailHash === null ? null : asString(request.oldEmailHash),
    senderEmailHash: request.senderEmailHash === null ? null : asString(request.senderEmailHash),
    practiceOdsCode: asString(request.practiceOdsCode),
    source: request.source.channel,
    ticketReference: request.source.channel === 'ticket' ? asString(request.source.ticketReference) : null,
    createdBy: by,
    status: 'new',
    version: 1,
    assignee: null,
    lastChange: { at, by },
    createdAt: at,
    updatedAt: at,
    closedAt: null,
    purgedAt: null,
    possibleDuplicates: request.possibleDuplicates.map(asString),
  };
}

export function mongoRequestRepository(db: Db, audit: AuditRepository): RequestRepository {
  const requests: Collection<RequestDoc> = db.collection<RequestDoc>(COLLECTIONS.requests);
  const drafts = db.collection<{ _id: string; ciphertext: string; expiresAt: Date }>(COLLECTIONS.drafts);
  const notes = db.collection(COLLECTIONS.requestNotes);
  const history = db.collection(COLLECTIONS.requestHistory);

  /** What follows an insert (or a retry that finds it): the event idempotently by its dedupeKey, the links back, then the draft. */
  async function complete(stored: StoredRequest, also: Parameters<RequestRepository['create']>[1]) {
    await audit.record(also.audit(stored));
    if (stored.possibleDuplicates.length > 0) {
      await requests.updateMany(
        { reference: { $in: stored.possibleDuplicates.map(asString) } },
        { $addToSet: { possibleDuplicates: asString(stored.reference) } },
      );
    }
    const draft = also.draft?.(stored);
    if (draft) {
      await drafts.updateOne(
        { _id: asString(draft.id) },
        { $set: { ciphertext: asString(draft.ciphertext), expiresAt: asDate(draft.expiresAt) } },
        { upsert: true },
      );
    }
  }

  return {
    ...mongoCasework(db, requests, audit),
    async create(request, also) {
      const doc = newDoc(request);
      try {
        await requests.insertOne(doc);
        const created = toDomain(doc);
        await complete(created, also);
        return { request: created, created: true };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        // The server reports only the first unique index that failed, so a repeat that also
        // repeats the reference may be reported as a reference clash: the idempotency key
        // is checked first whichever index was named.
        const existing = await requests.findOne({ idempotencyKey: doc.idempotencyKey });
        if (existing) {
          const stored = toDomain(existing);
          await complete(stored, also);
          return { request: stored, created: false };
        }
        const field = duplicateKeyField(err);
        if (field === 'reference') throw new DuplicateKeyError('reference');
        if (field === 'idempotencyKey') throw new DuplicateKeyError('idempotencyKey');
        throw err;
      }
    },

    async findByReference(reference) {
      const doc = await requests.findOne({ reference: asString(reference) });
      return doc ? toDomain(doc) : null;
    },

    async count() {
      // The queue page asks on every view; countDocuments({}) would read the whole collection.
      return requests.estimatedDocumentCount();
    },

    async openWithOldEmail(hashes, limit) {
      const n = positiveLimit(limit);
      if (hashes.length === 0 || n === null) return [];
      const docs = await requests
        .find({ oldEmailHash: { $in: hashes.map(asString) }, status: { $in: [...OPEN_STATUSES] } }, { projection: { reference: 1 } })
        .sort({ createdAt: -1, _id: -1 })
        .limit(n)
        .toArray();
      return docs.map((doc) => doc.reference);
    },

    async purgeClosedBefore(closedBefore, at, kept) {
      const due = await requests.find({ purgedAt: null, closedAt: { $ne: null, $lte: asDate(closedBefore) } }).toArray();
      const purged: string[] = [];
      for (const doc of due) {
        // Notes and history free text first: a purge stopped half-way is found due again and finished.
        await notes.deleteMany({ requestId: doc._id });
        await history.updateMany({ requestId: doc._id, 'entry.why.text': { $type: 'string' } }, { $set: { 'entry.why.text': null } });
        const result = await requests.updateOne(
          { _id: doc._id, purgedAt: null },
          {
            $set: { sealedDetails: null, oldEmailHash: null, senderEmailHash: null, purgedDetails: kept(toDomain(doc)), purgedAt: asDate(at) },
            $unset: { lastEntry: '' },
          },
        );
        if (result.modifiedCount === 1) purged.push(doc.reference);
      }
      return purged;
    },

    async sealedNotUnder(keyId, limit) {
      const n = positiveLimit(limit);
      if (n === null) return [];
      const prefix = `${asString(keyId)}.`;
      const docs = await requests
        .find({ sealedDetails: { $type: 'string', $not: new RegExp(`^${prefix.replace(/[^0-9a-f]/g, '\\$&')}`) } })
        .sort({ _id: 1 })
        .limit(n)
        .toArray();
      return docs.map(toDomain);
    },

    async reseal(change) {
      const result = await requests.updateOne(
        { _id: asString(change.id), sealedDetails: asString(change.expectedSealed) },
        {
          $set: {
            sealedDetails: asString(change.sealedDetails),
            oldEmailHash: change.oldEmailHash === null ? null : asString(change.oldEmailHash),
            senderEmailHash: change.senderEmailHash === null ? null : asString(change.senderEmailHash),
          },
        },
      );
      return result.modifiedCount === 1;
    },

    async sampleClosed(from, to, status, limit) {
      const n = positiveLimit(limit);
      if (n === null) return [];
      const docs = await requests
        .aggregate<RequestDoc>([{ $match: { status: asString(status), closedAt: { $gte: asDate(from), $lt: asDate(to) } } }, { $sample: { size: n } }])
        .toArray();
      return docs.map(toDomain);
    },
  };
}

/**
 * Requests stored before encryption (the `cleansing_requests` collection) move into
 * `requests` as a 'plain:' value, which the app seals at start (src/requests/desk.ts
 * resealAll); the clear-text originals are then deleted. Idempotent: a start that stopped
 * half-way finishes the move.
 */
export async function carryOverLegacyRequests(db: Db): Promise<number> {
  const legacy = db.collection<Document>(LEGACY_CLEANSING_COLLECTION);
  const requests = db.collection<RequestDoc>(COLLECTIONS.requests);
  let moved = 0;
  for await (const old of legacy.find({})) {
    const at = old.createdAt as Date;
    const details = {
      kind: 'cleansing',
      newEmail: old.newEmail,
      oldEmail: old.oldEmail,
      nhsNumberLast3: old.nhsNumberLast3,
      lastAccessDate: old.lastAccessDate ?? null,
      stepsTaken: old.stepsTaken,
      senderName: old.senderName,
      senderOdsCode: old.senderOdsCode,
      senderEmail: old.senderEmail,
    };
    const doc: RequestDoc = {
      _id: String(old._id),
      reference: String(old.reference),
      kind: 'cleansing',
      idempotencyKey: String(old.idempotencyKey),
      sealedDetails: `${LEGACY_PLAIN}${JSON.stringify(details)}`,
      purgedDetails: null,
      oldEmailHash: null,
      senderEmailHash: null,
      practiceOdsCode: String(old.senderOdsCode),
      source: 'public',
      ticketReference: null,
      createdBy: null,
      status: old.status as RequestStatus,
      version: Number(old.version),
      assignee: (old.assignee as StaffRef | undefined) ?? null,
      lastChange: (old.lastChange as RequestDoc['lastChange'] | undefined) ?? { at, by: null },
      createdAt: at,
      updatedAt: (old.updatedAt as Date | undefined) ?? at,
      closedAt: (old.closedAt as Date | undefined) ?? null,
      purgedAt: null,
      possibleDuplicates: [],
      ...(old.lastEntry ? { lastEntry: old.lastEntry as HistoryEntry } : {}),
    };
    try {
      await requests.insertOne(doc);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    await legacy.deleteOne({ _id: old._id });
    moved++;
  }
  return moved;
}
