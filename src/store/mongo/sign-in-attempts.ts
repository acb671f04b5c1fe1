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

  /**
   * Insert and count are two operations: concurrent attempts on a connection pool could all
   * insert before any counts, and all see the total. So one key's attempts from this process
   * go one at a time (each counts itself and every one before it, as the port says); across
   * processes a count can only come out high, never low, so a limit still holds.
   */
  const queues = new Map<string, Promise<unknown>>();
  function oneAtATime<T>(key: string, run: () => Promise<T>): Promise<T> {
    const result = (queues.get(key) ?? Promise.resolve()).then(run);
    const tail = result.catch(() => undefined);
    queues.set(key, tail);
    void tail.then(() => {
      if (queues.get(key) === tail) queues.delete(key);
    });
    return result;
  }

  return {
    async begin(key, at, windowMs) {
      asString(key);
      return oneAtATime(key, async () => {
        const id = randomUUID();
        await attempts.insertOne({ _id: id, key, at: asDate(at), expiresAt: new Date(at.getTime() + windowMs) });
        // Counted after the insert: itself and every attempt before it.
        const recent = await attempts.countDocuments({ key, at: { $gt: new Date(at.getTime() - windowMs) } });
        return { id, recent };
      });
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
