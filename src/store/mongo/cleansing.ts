import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import {
  DuplicateKeyError,
  type CleansingRepository,
  type CleansingRequest,
  type CleansingStatus,
  type NewCleansingRequest,
  type AuditRepository,
  type NewAuditEvent,
} from '../ports.js';
import type { HistoryEntry, StaffRef } from '../../requests/model.js';
import { mongoCasework } from './casework.js';
import { COLLECTIONS, asDate, asString, duplicateKeyField, isDuplicateKeyError, positiveLimit } from './schema.js';

export interface CleansingDoc {
  _id: string;
  reference: string;
  idempotencyKey: string;
  status: CleansingStatus;
  version: number;
  createdAt: Date;
  newEmail: string;
  oldEmail: string;
  nhsNumberLast3: string;
  /** ISO date string (YYYY-MM-DD), kept as a string: it is a calendar date, not an instant. */
  lastAccessDate: string | null;
  stepsTaken: string;
  senderName: string;
  senderOdsCode: string;
  senderEmail: string;
  // Absent on requests stored before agents could work them (they read as New, unassigned).
  assignee?: StaffRef | null;
  lastChange?: { at: Date; by: StaffRef | null };
  closedAt?: Date | null;
  updatedAt?: Date;
  /**
   * The history entry that made the current version, written in the same atomic update as
   * the version. It is copied into the history collection after the update and again before
   * the next change, so a failure between the two writes loses no entry.
   */
  lastEntry?: HistoryEntry;
}

export function toDomain(doc: CleansingDoc): CleansingRequest {
  return {
    id: doc._id,
    reference: doc.reference,
    idempotencyKey: doc.idempotencyKey,
    status: doc.status,
    version: doc.version,
    createdAt: doc.createdAt,
    newEmail: doc.newEmail,
    oldEmail: doc.oldEmail,
    nhsNumberLast3: doc.nhsNumberLast3,
    lastAccessDate: doc.lastAccessDate,
    stepsTaken: doc.stepsTaken,
    senderName: doc.senderName,
    senderOdsCode: doc.senderOdsCode,
    senderEmail: doc.senderEmail,
    assignee: doc.assignee ?? null,
    lastChange: doc.lastChange ?? { at: doc.createdAt, by: null },
    closedAt: doc.closedAt ?? null,
    updatedAt: doc.updatedAt ?? doc.createdAt,
  };
}

export function mongoCleansingRepository(db: Db, audit: AuditRepository): CleansingRepository {
  const requests: Collection<CleansingDoc> = db.collection<CleansingDoc>(COLLECTIONS.cleansing);

  return {
    ...mongoCasework(db, requests),
    async create(request: NewCleansingRequest, auditFor: (stored: CleansingRequest) => NewAuditEvent) {
      const doc: CleansingDoc = {
        _id: randomUUID(),
        reference: asString(request.reference),
        idempotencyKey: asString(request.idempotencyKey),
        status: 'new',
        version: 1,
        createdAt: asDate(request.createdAt),
        newEmail: asString(request.newEmail),
        oldEmail: asString(request.oldEmail),
        nhsNumberLast3: asString(request.nhsNumberLast3),
        lastAccessDate: request.lastAccessDate === null ? null : asString(request.lastAccessDate),
        stepsTaken: asString(request.stepsTaken),
        senderName: asString(request.senderName),
        senderOdsCode: asString(request.senderOdsCode),
        senderEmail: asString(request.senderEmail),
        assignee: null,
        lastChange: { at: asDate(request.createdAt), by: null },
        closedAt: null,
        updatedAt: asDate(request.createdAt),
      };
      try {
        await requests.insertOne(doc);
        const created = toDomain(doc);
        await audit.record(auditFor(created));
        return { request: created, created: true };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        // The server reports only the first unique index that failed, so a repeat that also
        // repeats the reference may be reported as a reference clash: the idempotency key
        // is checked first whichever index was named.
        const existing = await requests.findOne({ idempotencyKey: doc.idempotencyKey });
        if (existing) {
          // A retry: completes the audit event if a failure stopped the first attempt after the insert.
          const request = toDomain(existing);
          await audit.record(auditFor(request));
          return { request, created: false };
        }
        const field = duplicateKeyField(err);
        if (field === 'reference') throw new DuplicateKeyError('reference');
        // The first request under this key went away between the insert and the read.
        if (field === 'idempotencyKey') throw new DuplicateKeyError('idempotencyKey');
        throw err;
      }
    },

    async findByReference(reference: string) {
      const doc = await requests.findOne({ reference: asString(reference) });
      return doc ? toDomain(doc) : null;
    },

    async list(options: { limit: number }) {
      const limit = positiveLimit(options.limit);
      if (limit === null) return [];
      const docs = await requests.find({}).sort({ createdAt: -1, _id: -1 }).limit(limit).toArray();
      return docs.map(toDomain);
    },

    async count() {
      // The queue page asks on every view; countDocuments({}) would read the whole collection.
      return requests.estimatedDocumentCount();
    },
  };
}
