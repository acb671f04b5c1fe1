import type { Collection, Db } from 'mongodb';
import type { SessionRepository, StaffSession } from '../ports.js';
import { COLLECTIONS, asDate, asString } from './schema.js';

interface SessionDoc {
  /** The token hash is the key. */
  _id: string;
  userId: string;
  createdAt: Date;
  /** TTL-indexed: the server deletes the document some time after this. */
  expiresAt: Date;
  /** Absent until first touched. */
  lastSeenAt?: Date;
}

function toDomain(doc: SessionDoc): StaffSession {
  return { tokenHash: doc._id, userId: doc.userId, createdAt: doc.createdAt, expiresAt: doc.expiresAt, lastSeenAt: doc.lastSeenAt ?? doc.createdAt };
}

export function mongoSessionRepository(db: Db): SessionRepository {
  const sessions: Collection<SessionDoc> = db.collection<SessionDoc>(COLLECTIONS.sessions);

  return {
    async create(session: StaffSession) {
      await sessions.insertOne({
        _id: asString(session.tokenHash),
        userId: asString(session.userId),
        createdAt: asDate(session.createdAt),
        expiresAt: asDate(session.expiresAt),
        ...(session.lastSeenAt ? { lastSeenAt: asDate(session.lastSeenAt) } : {}),
      });
    },

    async lookup(tokenHash: string) {
      const doc = await sessions.findOne({ _id: asString(tokenHash) });
      return doc ? toDomain(doc) : null;
    },

    async touch(tokenHash: string, lastSeenAt: Date) {
      await sessions.updateOne({ _id: asString(tokenHash) }, { $set: { lastSeenAt: asDate(lastSeenAt) } });
    },

    async find(tokenHash: string, now: Date) {
      // The TTL monitor runs about once a minute, so an expired session may still be stored.
      const doc = await sessions.findOne({ _id: asString(tokenHash), expiresAt: { $gt: asDate(now) } });
      return doc ? toDomain(doc) : null;
    },

    async delete(tokenHash: string) {
      await sessions.deleteOne({ _id: asString(tokenHash) });
    },

    async deleteForUser(userId: string) {
      await sessions.deleteMany({ userId: asString(userId) });
    },
  };
}
