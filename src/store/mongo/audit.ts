import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { AuditEvent, AuditRepository, NewAuditEvent } from '../ports.js';
import { COLLECTIONS, asDate, asString, isDuplicateKeyError, positiveLimit } from './schema.js';

interface AuditDoc {
  _id: string;
  at: Date;
  actor: { userId: string | null; username: string | null };
  action: string;
  reference: string | null;
  /** Absent (never null or undefined) when the event has none: the unique index is partial. */
  dedupeKey?: string;
}

function nullableString(value: string | null): string | null {
  return value === null ? null : asString(value);
}

function toDomain(doc: AuditDoc): AuditEvent {
  const event: AuditEvent = {
    id: doc._id,
    at: doc.at,
    actor: { userId: doc.actor.userId, username: doc.actor.username },
    action: doc.action,
    reference: doc.reference,
  };
  if (doc.dedupeKey !== undefined) event.dedupeKey = doc.dedupeKey;
  return event;
}

export function mongoAuditRepository(db: Db): AuditRepository {
  const events: Collection<AuditDoc> = db.collection<AuditDoc>(COLLECTIONS.audit);

  return {
    async record(event: NewAuditEvent) {
      const doc: AuditDoc = {
        _id: randomUUID(),
        at: asDate(event.at),
        actor: { userId: nullableString(event.actor.userId), username: nullableString(event.actor.username) },
        action: asString(event.action),
        reference: nullableString(event.reference),
      };
      if (event.dedupeKey === undefined) {
        await events.insertOne(doc);
        return;
      }
      const dedupeKey = asString(event.dedupeKey);
      try {
        // Inserts once; a retry matches the stored event and changes nothing. The filter's
        // equality on dedupeKey puts the field into the inserted document.
        await events.updateOne({ dedupeKey }, { $setOnInsert: doc }, { upsert: true });
      } catch (err) {
        // Two concurrent upserts can both miss and both insert: the loser hits the unique
        // index, and the event is stored once, which is what was asked.
        if (!isDuplicateKeyError(err)) throw err;
      }
    },

    async list(options: { limit: number }) {
      const limit = positiveLimit(options.limit);
      if (limit === null) return [];
      const docs = await events.find({}).sort({ at: -1, _id: -1 }).limit(limit).toArray();
      return docs.map(toDomain);
    },
  };
}
