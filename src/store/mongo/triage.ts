import { randomUUID } from 'node:crypto';
import type { Collection, Db, Long } from 'mongodb';
import type { NewTriage, Triage, TriageOutcome, TriageRepository, TriageStep } from '../ports.js';
import { COLLECTIONS, asDate, asString, asWhole, fromWhole, positiveLimit } from './schema.js';

interface TriageDoc {
  _id: string;
  ticketReference: string;
  treeId: string;
  treeVersion: number | Long;
  agent: { userId: string | null; username: string | null };
  steps: { nodeId: string; answer: string; at: Date }[];
  outcome: { nodeId: string; result: TriageOutcome['result']; next: string | null } | null;
  startedAt: Date;
  endedAt: Date | null;
  /** Optimistic-concurrency version: every update matches on it and adds one. */
  version: number;
}

const OUTCOME_RESULTS: readonly TriageOutcome['result'][] = ['resolved', 'not-resolved'];

function nullableString(value: string | null): string | null {
  return value === null ? null : asString(value);
}

/** Copies field by field, so nothing but the fields the schema allows reaches the document. */
function stepsDoc(steps: TriageStep[]): TriageDoc['steps'] {
  if (!Array.isArray(steps)) throw new TypeError('expected an array of steps');
  return steps.map((s) => ({ nodeId: asString(s.nodeId), answer: asString(s.answer), at: asDate(s.at) }));
}

function outcomeDoc(outcome: TriageOutcome | null): TriageDoc['outcome'] {
  if (outcome === null) return null;
  if (!OUTCOME_RESULTS.includes(outcome.result)) throw new TypeError('expected a triage result');
  return { nodeId: asString(outcome.nodeId), result: outcome.result, next: nullableString(outcome.next) };
}

function toDomain(doc: TriageDoc): Triage {
  return {
    id: doc._id,
    ticketReference: doc.ticketReference,
    treeId: doc.treeId,
    treeVersion: fromWhole(doc.treeVersion),
    agent: { userId: doc.agent.userId, username: doc.agent.username },
    steps: doc.steps.map((s) => ({ nodeId: s.nodeId, answer: s.answer, at: s.at })),
    outcome: doc.outcome === null ? null : { nodeId: doc.outcome.nodeId, result: doc.outcome.result, next: doc.outcome.next },
    startedAt: doc.startedAt,
    endedAt: doc.endedAt,
    version: doc.version,
  };
}

export function mongoTriageRepository(db: Db): TriageRepository {
  const triage: Collection<TriageDoc> = db.collection<TriageDoc>(COLLECTIONS.triage);

  return {
    async start(record: NewTriage) {
      const doc: TriageDoc = {
        _id: randomUUID(),
        ticketReference: asString(record.ticketReference),
        treeId: asString(record.treeId),
        treeVersion: asWhole(record.treeVersion),
        agent: { userId: nullableString(record.agent.userId), username: nullableString(record.agent.username) },
        steps: [],
        outcome: null,
        startedAt: asDate(record.startedAt),
        endedAt: null,
        version: 1,
      };
      await triage.insertOne(doc);
      return toDomain(doc);
    },

    async findById(id: string) {
      const doc = await triage.findOne({ _id: asString(id) });
      return doc ? toDomain(doc) : null;
    },

    async update(id, expectedVersion, change) {
      // Matching on the version makes the write conditional: a concurrent update that got
      // there first has moved the version on, so this one matches nothing and returns null.
      // Driver v6 resolves to the document (here the one after the update) or null.
      // A version that is not an integer matches no stored record (and is never an operator object).
      if (!Number.isSafeInteger(expectedVersion)) return null;
      const doc = await triage.findOneAndUpdate(
        { _id: asString(id), version: expectedVersion },
        {
          $set: {
            steps: stepsDoc(change.steps),
            outcome: outcomeDoc(change.outcome),
            endedAt: change.endedAt === null ? null : asDate(change.endedAt),
          },
          $inc: { version: 1 },
        },
        { returnDocument: 'after' },
      );
      return doc ? toDomain(doc) : null;
    },

    async list(options: { limit: number; agentId?: string }) {
      const limit = positiveLimit(options.limit);
      if (limit === null) return [];
      const filter = options.agentId === undefined ? {} : { 'agent.userId': asString(options.agentId) };
      const docs = await triage.find(filter).sort({ startedAt: -1, _id: -1 }).limit(limit).toArray();
      return docs.map(toDomain);
    },

    async count() {
      // From collection metadata: countDocuments({}) would read the whole collection.
      return triage.estimatedDocumentCount();
    },
  };
}
