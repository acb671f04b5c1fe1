import { randomUUID } from 'node:crypto';
import type { Collection, Db, Filter, Long } from 'mongodb';
import { nextLink } from '../../audit/chain.js';
import type { AuditCheckpoint, AuditEvent, AuditFilter, AuditLink, AuditRepository, NewAuditEvent } from '../ports.js';
import { COLLECTIONS, asDate, asString, asWhole, duplicateKeyField, fromWhole, isDuplicateKeyError, positiveLimit } from './schema.js';

interface AuditDoc {
  _id: string;
  /** The chain (src/audit/chain.ts); absent only on events from before it, until chained at open. */
  seq?: number | Long;
  prev?: string;
  hash?: string;
  at: Date;
  actor: { userId: string | null; username: string | null };
  action: string;
  reference: string | null;
  /** Absent (never null or undefined) when the event has none: the unique index is partial. */
  dedupeKey?: string;
}

interface CheckpointDoc {
  /** The sequence number it vouches for: one checkpoint per seq. */
  _id: number | Long;
  hash: string;
  at: Date;
  mac: string;
}

/** Appends that lose the race for a sequence number to another process, tried again this often. */
const MAX_APPEND_ATTEMPTS = 50;

function nullableString(value: string | null): string | null {
  return value === null ? null : asString(value);
}

function toDomain(doc: AuditDoc): AuditEvent {
  const event: AuditEvent = {
    id: String(doc.seq === undefined ? doc._id : fromWhole(doc.seq)),
    seq: doc.seq === undefined ? 0 : fromWhole(doc.seq),
    prev: doc.prev ?? '',
    hash: doc.hash ?? '',
    at: doc.at,
    actor: { userId: doc.actor.userId, username: doc.actor.username },
    action: doc.action,
    reference: doc.reference,
  };
  if (doc.dedupeKey !== undefined) event.dedupeKey = doc.dedupeKey;
  return event;
}

const toCheckpoint = (doc: CheckpointDoc): AuditCheckpoint => ({ seq: fromWhole(doc._id), hash: doc.hash, at: doc.at, mac: doc.mac });

const chained = { seq: { $exists: true } } as const;

/** A link as stored: from 2^31 on, seq goes as a Long (a double would fail the int/long validator). */
const linkDoc = (link: ReturnType<typeof nextLink>) => ({ seq: asWhole(link.seq), prev: asString(link.prev), hash: asString(link.hash) });

/**
 * Without transactions: an append reads the head, computes the next link with the pure chain
 * code and inserts with seq = head + 1. The unique index on seq lets only one of two appends
 * that read the same head land; the other reads the new head and tries again. Appends from
 * this process go one at a time (a promise queue), so retries happen only between processes.
 */
export function mongoAuditRepository(db: Db): AuditRepository {
  const events: Collection<AuditDoc> = db.collection<AuditDoc>(COLLECTIONS.audit);
  const checkpoints: Collection<CheckpointDoc> = db.collection<CheckpointDoc>(COLLECTIONS.auditCheckpoints);

  const readHead = async (): Promise<AuditLink | null> => {
    const doc = await events.find(chained, { projection: { seq: 1, hash: 1 } }).sort({ seq: -1 }).limit(1).next();
    return doc ? { seq: fromWhole(doc.seq!), hash: doc.hash ?? '' } : null;
  };

  const toDoc = (event: NewAuditEvent): AuditDoc => {
    const doc: AuditDoc = {
      _id: randomUUID(),
      at: asDate(event.at),
      actor: { userId: nullableString(event.actor.userId), username: nullableString(event.actor.username) },
      action: asString(event.action),
      reference: nullableString(event.reference),
    };
    if (event.dedupeKey !== undefined) doc.dedupeKey = asString(event.dedupeKey);
    return doc;
  };

  async function append(event: NewAuditEvent): Promise<void> {
    const doc = toDoc(event);
    // A retry of an event already stored (say a request whose first attempt failed after it).
    if (doc.dedupeKey !== undefined && (await events.findOne({ dedupeKey: doc.dedupeKey }, { projection: { _id: 1 } }))) return;
    for (let attempt = 1; ; attempt++) {
      const link = nextLink(await readHead(), event);
      try {
        await events.insertOne({ ...doc, ...linkDoc(link) });
        return;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        const field = duplicateKeyField(err);
        // Another process stored the same event first: stored once, as asked. Only when this
        // event has a key: a clash for one without (an index that is not partial) must not
        // drop the event silently.
        if (field === 'dedupeKey' && doc.dedupeKey !== undefined) return;
        if (field !== 'seq' || attempt >= MAX_APPEND_ATTEMPTS) throw err;
        // Another process took this sequence number: wait a little (less lock-step), read the new head.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }

  /**
   * Events from before the chain are chained once, oldest first, each with a conditional update
   * (only if still unchained), by the process that finds no chained event at all; a chained log
   * with an unchained event is tampering, and is left for verify to find.
   */
  async function chainLegacyEvents(): Promise<void> {
    if (!(await events.findOne({ seq: { $exists: false } }, { projection: { _id: 1 } }))) return;
    if (await events.findOne(chained, { projection: { _id: 1 } })) return;
    for (;;) {
      const doc = await events.find({ seq: { $exists: false } }).sort({ at: 1, _id: 1 }).limit(1).next();
      if (!doc) return;
      const link = nextLink(await readHead(), toDomain(doc));
      try {
        await events.updateOne({ _id: doc._id, seq: { $exists: false } }, { $set: linkDoc(link) });
      } catch (err) {
        // Another process starting at the same moment chained one first: carry on from its head.
        if (!(isDuplicateKeyError(err) && duplicateKeyField(err) === 'seq')) throw err;
      }
    }
  }

  let ready: Promise<void> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  // A failed first chaining (the server went away) is tried again by the next call.
  const whenReady = () =>
    (ready ??= chainLegacyEvents().catch((err: unknown) => {
      ready = null;
      throw err;
    }));

  return {
    async record(event: NewAuditEvent) {
      await whenReady();
      const appended = queue.then(() => append(event));
      queue = appended.catch(() => undefined);
      await appended;
    },

    async list(options: { limit: number }) {
      const limit = positiveLimit(options.limit);
      if (limit === null) return [];
      const docs = await events.find(chained).sort({ seq: -1 }).limit(limit).toArray();
      return docs.map(toDomain);
    },

    async head() {
      await whenReady();
      return readHead();
    },

    async range({ afterSeq, limit }) {
      const n = positiveLimit(limit);
      if (n === null) return [];
      await whenReady();
      const docs = await events.find({ seq: { $gt: Number(afterSeq) } }).sort({ seq: 1 }).limit(n).toArray();
      return docs.map(toDomain);
    },

    async search(filter: AuditFilter) {
      const limit = positiveLimit(filter.limit);
      if (limit === null) return [];
      const query: Filter<AuditDoc> = { ...chained };
      if (filter.beforeSeq !== undefined) {
        const before = Number(filter.beforeSeq);
        const cursor = await events.findOne({ seq: before }, { projection: { at: 1 } });
        // After the cursor's event in (at, seq) order; by sequence alone if it is gone (tampering).
        query.$or = cursor ? [{ at: { $lt: cursor.at } }, { at: cursor.at, seq: { $lt: before } }] : [{ seq: { $lt: before } }];
      }
      if (filter.username !== undefined) query['actor.username'] = asString(filter.username);
      if (filter.action !== undefined) query.action = asString(filter.action);
      if (filter.reference !== undefined) query.reference = asString(filter.reference);
      if (filter.from !== undefined || filter.to !== undefined) {
        query.at = {
          ...(filter.from === undefined ? {} : { $gte: asDate(filter.from) }),
          ...(filter.to === undefined ? {} : { $lt: asDate(filter.to) }),
        };
      }
      const docs = await events.find(query).sort({ at: -1, seq: -1 }).limit(limit).toArray();
      return docs.map(toDomain);
    },

    async addCheckpoint(checkpoint: AuditCheckpoint) {
      try {
        await checkpoints.insertOne({ _id: asWhole(checkpoint.seq), hash: asString(checkpoint.hash), at: asDate(checkpoint.at), mac: asString(checkpoint.mac) });
      } catch (err) {
        // Another process signed the same head: one is kept.
        if (!isDuplicateKeyError(err)) throw err;
      }
    },

    async checkpoints() {
      return (await checkpoints.find({}).sort({ _id: 1 }).toArray()).map(toCheckpoint);
    },

    async latestCheckpoint() {
      const doc = await checkpoints.find({}).sort({ _id: -1 }).limit(1).next();
      return doc ? toCheckpoint(doc) : null;
    },
  };
}
