import type { Db, Document } from 'mongodb';
import type { FiguresRepository, FiguresSource } from '../ports.js';
import { dayStart, nextDayStart } from '../day-range.js';
import { COLLECTIONS, asString, fromWhole, positiveLimit } from './schema.js';
import { asDay, asEvent } from './journeys.js';

const days = (range: { from: string; to: string }) => ({ $gte: asDay(range.from), $lte: asDay(range.to) });
const instants = (range: { from: string; to: string }) => ({ $gte: dayStart(asDay(range.from)), $lt: nextDayStart(asDay(range.to)) });
const total = (value: unknown) => fromWhole(value as number);

/** Aggregations that start with an indexed $match and end in a handful of groups. */
export function mongoFiguresRepository(db: Db): FiguresRepository {
  const journeyDays = db.collection(COLLECTIONS.journeyDays);
  const requests = db.collection(COLLECTIONS.requests);
  const audit = db.collection(COLLECTIONS.audit);
  const triage = db.collection(COLLECTIONS.triage);
  const reviewQueries = db.collection(COLLECTIONS.reviewQueries);

  /** The practices with the most requests matching `match` (an indexed range first), most first, then by code. */
  async function topPractices(match: Document, limit: number): Promise<Array<{ odsCode: string; count: number }>> {
    const n = positiveLimit(limit);
    if (n === null) return [];
    const docs = await requests
      .aggregate([{ $match: match }, { $group: { _id: '$practiceOdsCode', count: { $sum: 1 } } }, { $sort: { count: -1, _id: 1 } }, { $limit: n }])
      .toArray();
    return docs.map((doc) => ({ odsCode: doc._id as string, count: total(doc.count) }));
  }

  return {
    async journeyTotals(range) {
      const docs = await journeyDays
        .aggregate([
          { $match: { day: days(range) } },
          { $group: { _id: { treeId: '$treeId', nodeId: '$nodeId', event: '$event' }, count: { $sum: '$count' } } },
          { $sort: { '_id.treeId': 1, '_id.nodeId': 1, '_id.event': 1 } },
        ])
        .toArray();
      return docs.map((doc) => ({ treeId: doc._id.treeId, nodeId: doc._id.nodeId, event: doc._id.event, count: total(doc.count) }));
    },

    async journeyDays(range, points) {
      if (points.length === 0) return [];
      const keys = points.map((p) => ({ treeId: asString(p.treeId), nodeId: asString(p.nodeId), event: asEvent(p.event) }));
      const docs = await journeyDays
        .find({ $or: keys, day: days(range) }, { projection: { _id: 0, treeId: 1, nodeId: 1, event: 1, day: 1, count: 1 } })
        .sort({ day: 1, treeId: 1, nodeId: 1, event: 1 })
        .toArray();
      return docs.map((doc) => ({ treeId: doc.treeId, nodeId: doc.nodeId, event: doc.event, day: doc.day, count: total(doc.count) }));
    },

    requestsByPractice: (range, limit) => topPractices({ createdAt: instants(range) }, limit),

    async requestsByDay(range) {
      const docs = await audit
        .aggregate([
          // The (action, at, seq) index answers this match.
          { $match: { action: { $in: ['request.created', 'cleansing-request.created'] }, at: instants(range) } },
          {
            $group: {
              // $dateToString formats in UTC unless told otherwise: the UTC day.
              _id: { day: { $dateToString: { format: '%Y-%m-%d', date: '$at' } }, source: { $cond: [{ $eq: [{ $ifNull: ['$actor.userId', null] }, null] }, 'public', 'agent'] } },
              count: { $sum: 1 },
            },
          },
          { $sort: { '_id.day': 1, '_id.source': 1 } },
        ])
        .toArray();
      return docs.map((doc) => ({ day: doc._id.day as string, source: doc._id.source as FiguresSource, count: total(doc.count) }));
    },

    async triagesFinishedByAgent(range) {
      const docs = await triage
        .aggregate([
          { $match: { endedAt: instants(range) } },
          { $group: { _id: '$agent.username', count: { $sum: 1 } } },
          { $sort: { count: -1, _id: 1 } },
        ])
        .toArray();
      return docs.map((doc) => ({ username: (doc._id as string | null) ?? null, count: total(doc.count) }));
    },

    async requestsByKindStatusSource(range) {
      const docs = await requests
        .aggregate([
          { $match: { createdAt: instants(range) } },
          { $group: { _id: { kind: '$kind', status: '$status', source: '$source' }, count: { $sum: 1 } } },
          { $sort: { '_id.kind': 1, '_id.status': 1, '_id.source': 1 } },
        ])
        .toArray();
      return docs.map((doc) => ({ kind: doc._id.kind, status: doc._id.status, source: doc._id.source, count: total(doc.count) }));
    },

    requestsByPracticeOfKind: (range, kind, limit) => topPractices({ createdAt: instants(range), kind: asString(kind) }, limit),

    async completionTime(range) {
      const match = { status: 'completed', closedAt: instants(range) };
      const completed = await requests.countDocuments(match);
      if (completed === 0) return { completed, medianMs: null };
      const [middle] = await requests
        .aggregate([
          { $match: match },
          { $project: { ms: { $subtract: ['$closedAt', '$createdAt'] } } },
          { $sort: { ms: 1 } },
          { $skip: Math.floor((completed - 1) / 2) },
          { $limit: 1 },
        ])
        .toArray();
      return { completed, medianMs: middle ? total(middle.ms) : null };
    },

    async completedByAgent(range) {
      const docs = await requests
        .aggregate([
          { $match: { status: 'completed', closedAt: instants(range) } },
          { $group: { _id: '$lastChange.by.username', count: { $sum: 1 } } },
          { $sort: { count: -1, _id: 1 } },
        ])
        .toArray();
      return docs.map((doc) => ({ username: (doc._id as string | null) ?? null, count: total(doc.count) }));
    },

    async openQueriesByAgent() {
      const docs = await reviewQueries
        .aggregate([
          { $match: { answeredAt: null } },
          { $group: { _id: '$to.userId', username: { $first: '$to.username' }, count: { $sum: 1 } } },
          { $sort: { count: -1, username: 1 } },
        ])
        .toArray();
      return docs.map((doc) => ({ username: doc.username as string, count: total(doc.count) }));
    },

    async openCreatedBefore(cutoffs, openStatuses) {
      const statuses = openStatuses.map(asString);
      const filter = (cutoff: Date): Document => ({ createdAt: { $lt: cutoff }, status: { $in: statuses } });
      return Promise.all(cutoffs.map((cutoff) => requests.countDocuments(filter(cutoff))));
    },
  };
}
