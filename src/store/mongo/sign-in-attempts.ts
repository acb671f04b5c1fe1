import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { SignInAttemptRepository } from '../ports.js';
import { COLLECTIONS, asDate, asString } from './schema.js';
import { upsertWithRetry } from './upsert.js';

interface AttemptDoc {
  _id: string;
  key: string;
  at: Date;
  /** TTL-indexed: the server drops the attempt once it is out of every window. */
  expiresAt: Date;
}

interface LockDoc {
  /** The key ('user:…' or 'ip:…'). */
  _id: string;
  /** TTL-indexed; reads also check it. */
  until: Date;
}

export function mongoSignInAttemptRepository(db: Db): SignInAttemptRepository {
  const attempts: Collection<AttemptDoc> = db.collection<AttemptDoc>(COLLECTIONS.signInAttempts);
  const locks: Collection<LockDoc> = db.collection<LockDoc>(COLLECTIONS.signInLocks);

  return {
    async begin(key, at, windowMs) {
      const id = randomUUID();
      await attempts.insertOne({ _id: id, key: asString(key), at: asDate(at), expiresAt: new Date(at.getTime() + windowMs) });
      // Counted after the insert: of concurrent attempts, each sees itself and those before it.
      const recent = await attempts.countDocuments({ key: asString(key), at: { $gt: new Date(at.getTime() - windowMs) } });
      return { id, recent };
    },
    async forget(id) {
      await attempts.deleteOne({ _id: asString(id) });
    },
    async lock(key, until) {
      await upsertWithRetry(() => locks.updateOne({ _id: asString(key) }, { $set: { until: asDate(until) } }, { upsert: true }));
    },
    async lockedUntil(key, now) {
      const doc = await locks.findOne({ _id: asString(key), until: { $gt: asDate(now) } });
      return doc ? doc.until : null;
    },
    async locked(now) {
      const docs = await locks.find({ until: { $gt: asDate(now) } }).sort({ _id: 1 }).toArray();
      return docs.map((doc) => ({ key: doc._id, until: doc.until }));
    },
    async clear(key) {
      await locks.deleteOne({ _id: asString(key) });
      await attempts.deleteMany({ key: asString(key) });
    },
  };
}
