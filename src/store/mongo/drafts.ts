import type { Collection, Db } from 'mongodb';
import type { DraftRepository } from '../ports.js';
import { COLLECTIONS, asDate, asString } from './schema.js';
import { upsertWithRetry } from './upsert.js';

interface DraftDoc {
  _id: string;
  ciphertext: string;
  /** TTL-indexed: the server deletes the draft some time after this; find() checks it too. */
  expiresAt: Date;
}

export function mongoDraftRepository(db: Db): DraftRepository {
  const drafts: Collection<DraftDoc> = db.collection<DraftDoc>(COLLECTIONS.drafts);

  return {
    async save(id, ciphertext, expiresAt) {
      const doc = { _id: asString(id), ciphertext: asString(ciphertext), expiresAt: asDate(expiresAt) };
      await upsertWithRetry(() => drafts.replaceOne({ _id: doc._id }, doc, { upsert: true }));
    },
    async find(id, now) {
      const doc = await drafts.findOne({ _id: asString(id), expiresAt: { $gt: asDate(now) } });
      return doc ? doc.ciphertext : null;
    },
    async delete(id) {
      await drafts.deleteOne({ _id: asString(id) });
    },
    async purgeExpired(now) {
      return (await drafts.deleteMany({ expiresAt: { $lte: asDate(now) } })).deletedCount;
    },
  };
}
