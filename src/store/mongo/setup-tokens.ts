import type { Collection, Db } from 'mongodb';
import type { SetupTokenRepository } from '../ports.js';
import { COLLECTIONS, asDate, asString } from './schema.js';
import { upsertWithRetry } from './upsert.js';

/**
 * One document holds every live set-up token, so claiming is one atomic single-document
 * operation (findOneAndDelete): of any number of concurrent claims, one finds the document.
 */
interface SetupDoc {
  _id: 'setup';
  tokens: { hash: string; expiresAt: Date }[];
}

const ID = 'setup' as const;

export function mongoSetupTokenRepository(db: Db): SetupTokenRepository {
  const setup: Collection<SetupDoc> = db.collection<SetupDoc>(COLLECTIONS.setupTokens);
  const liveToken = (tokenHash: string, now: Date) => ({
    _id: ID,
    tokens: { $elemMatch: { hash: asString(tokenHash), expiresAt: { $gt: asDate(now) } } },
  });

  return {
    async issue(tokenHash, expiresAt) {
      await setup.updateOne({ _id: ID }, { $pull: { tokens: { expiresAt: { $lte: new Date() } } } });
      const token = { hash: asString(tokenHash), expiresAt: asDate(expiresAt) };
      await upsertWithRetry(() => setup.updateOne({ _id: ID }, { $push: { tokens: token } }, { upsert: true }));
    },
    async isLive(tokenHash, now) {
      return (await setup.countDocuments(liveToken(tokenHash, now), { limit: 1 })) > 0;
    },
    async claim(tokenHash, now) {
      return (await setup.findOneAndDelete(liveToken(tokenHash, now))) !== null;
    },
  };
}
