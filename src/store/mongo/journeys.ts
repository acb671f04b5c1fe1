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

/** A tally for one UTC day (journey_day_counts); journey_counts holds the undated ones from before. */
interface JourneyDayDoc extends JourneyCountDoc {
  day: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function asDay(value: string): string {
  if (typeof value !== 'string' || !DAY.test(value)) throw new TypeError('expected a day YYYY-MM-DD');
  return value;
}

export function asEvent(value: JourneyEvent): JourneyEvent {
  if (!(JOURNEY_EVENTS as readonly unknown[]).includes(value)) throw new TypeError('expected a journey event');
  return value;
}

function toDomain(doc: JourneyCountDoc): JourneyCount {
  return { treeId: doc.treeId, nodeId: doc.nodeId, event: doc.event, count: doc.count };
}

export function mongoJourneyCountRepository(db: Db): JourneyCountRepository {
  const days: Collection<JourneyDayDoc> = db.collection<JourneyDayDoc>(COLLECTIONS.journeyDays);

  return {
    async add(treeId: string, nodeId: string, event: JourneyEvent, count: number, day: string) {
      if (!Number.isInteger(count) || count < 1) throw new TypeError('count must be a positive whole number');
      // The filter's equalities go into an inserted document; the unique index on
      // (treeId, nodeId, event, day) keeps one tally per key.
      const filter = { treeId: asString(treeId), nodeId: asString(nodeId), event: asEvent(event), day: asDay(day) };
      const upsert = () =>
        days.updateOne(filter, { $inc: { count: asWhole(count) }, $setOnInsert: { _id: randomUUID() } }, { upsert: true });
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
      // The undated tallies and every day's, added up per key ($unionWith: MongoDB 4.4+).
      const docs = await db
        .collection(COLLECTIONS.journeys)
        .aggregate<JourneyCountDoc>([
          { $project: { treeId: 1, nodeId: 1, event: 1, count: 1 } },
          { $unionWith: { coll: COLLECTIONS.journeyDays, pipeline: [{ $project: { treeId: 1, nodeId: 1, event: 1, count: 1 } }] } },
          { $group: { _id: { treeId: '$treeId', nodeId: '$nodeId', event: '$event' }, count: { $sum: '$count' } } },
          { $project: { _id: 0, treeId: '$_id.treeId', nodeId: '$_id.nodeId', event: '$_id.event', count: 1 } },
          { $sort: { treeId: 1, nodeId: 1, event: 1 } },
        ])
        .toArray();
      return docs.map(toDomain);
    },
  };
}
