import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { JourneyCount, JourneyCountRepository, JourneyEvent } from '../ports.js';
import { COLLECTIONS, JOURNEY_EVENTS, asString, asWhole, isDuplicateKeyError } from './schema.js';

interface JourneyCountDoc {
  _id: string;
  treeId: string;
  nodeId: string;
  event: JourneyEvent;
  count: number;
}

function asEvent(value: JourneyEvent): JourneyEvent {
  if (!(JOURNEY_EVENTS as readonly unknown[]).includes(value)) throw new TypeError('expected a journey event');
  return value;
}

function toDomain(doc: JourneyCountDoc): JourneyCount {
  return { treeId: doc.treeId, nodeId: doc.nodeId, event: doc.event, count: doc.count };
}

export function mongoJourneyCountRepository(db: Db): JourneyCountRepository {
  const counts: Collection<JourneyCountDoc> = db.collection<JourneyCountDoc>(COLLECTIONS.journeys);

  return {
    async add(treeId: string, nodeId: string, event: JourneyEvent, count: number) {
      if (!Number.isInteger(count) || count < 1) throw new TypeError('count must be a positive whole number');
      // The filter's equalities go into an inserted document; the unique index on
      // (treeId, nodeId, event) keeps one tally per key.
      const filter = { treeId: asString(treeId), nodeId: asString(nodeId), event: asEvent(event) };
      const upsert = () =>
        counts.updateOne(filter, { $inc: { count: asWhole(count) }, $setOnInsert: { _id: randomUUID() } }, { upsert: true });
      try {
        await upsert();
      } catch (err) {
        // Two first increments can both miss and both insert: the loser hits the unique
        // index. The tally now exists, so once more updates it instead.
        if (!isDuplicateKeyError(err)) throw err;
        await upsert();
      }
    },

    async list() {
      const docs = await counts.find({}).sort({ treeId: 1, nodeId: 1, event: 1 }).toArray();
      return docs.map(toDomain);
    },
  };
}
