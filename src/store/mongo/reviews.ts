import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { StaffRef } from '../../requests/model.js';
import type { ReviewAnswer, ReviewMark, ReviewQuery, ReviewRepository, ReviewTargetKind } from '../ports.js';
import { COLLECTIONS, asDate, asString, isDuplicateKeyError, positiveLimit } from './schema.js';

/**
 * Four-eyes review on MongoDB, one document per write (no transactions needed). A mark's _id
 * is its key (target and lead), inserted with $setOnInsert, so marking twice keeps the first.
 * An answer is a findOneAndUpdate conditional on `answeredAt: null`: of two tabs answering at
 * once, only the first matches.
 */

interface MarkDoc {
  /** `${targetKind}:${target}:${by.userId}`: one mark per lead and target. */
  _id: string;
  targetKind: ReviewTargetKind;
  target: string;
  by: StaffRef;
  at: Date;
  comment: string | null;
}

interface QueryDoc {
  _id: string;
  reference: string;
  raisedBy: StaffRef;
  to: StaffRef;
  comment: string;
  raisedAt: Date;
  answerText: string | null;
  answeredBy: StaffRef | null;
  answeredAt: Date | null;
}

/** Field by field, so nothing but what the schema allows reaches a document. */
const refDoc = (ref: StaffRef): StaffRef => ({ userId: asString(ref.userId), username: asString(ref.username), displayName: asString(ref.displayName) });
const kind = (value: ReviewTargetKind): ReviewTargetKind => {
  if (value !== 'request' && value !== 'day') throw new TypeError('expected a review target kind');
  return value;
};

const toMark = (doc: MarkDoc): ReviewMark => ({ targetKind: doc.targetKind, target: doc.target, by: doc.by, at: doc.at, comment: doc.comment });

const toQuery = (doc: QueryDoc): ReviewQuery => {
  const answer: ReviewAnswer | null =
    doc.answerText !== null && doc.answeredBy !== null && doc.answeredAt !== null ? { text: doc.answerText, by: doc.answeredBy, at: doc.answeredAt } : null;
  return { id: doc._id, reference: doc.reference, raisedBy: doc.raisedBy, to: doc.to, comment: doc.comment, raisedAt: doc.raisedAt, answer };
};

export function mongoReviewRepository(db: Db): ReviewRepository {
  const marks: Collection<MarkDoc> = db.collection<MarkDoc>(COLLECTIONS.reviewMarks);
  const queries: Collection<QueryDoc> = db.collection<QueryDoc>(COLLECTIONS.reviewQueries);
  const ORDER = { raisedAt: 1, _id: 1 } as const;

  return {
    async mark(mark) {
      const doc: MarkDoc = {
        _id: `${kind(mark.targetKind)}:${asString(mark.target)}:${asString(mark.by.userId)}`,
        targetKind: mark.targetKind,
        target: mark.target,
        by: refDoc(mark.by),
        at: asDate(mark.at),
        comment: mark.comment === null ? null : asString(mark.comment),
      };
      const { _id, ...fields } = doc;
      let created: boolean;
      try {
        created = (await marks.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true })).upsertedCount > 0;
      } catch (err) {
        // Two upserts of one new _id at once: the other one stored it.
        if (!isDuplicateKeyError(err)) throw err;
        created = false;
      }
      const stored = await marks.findOne({ _id });
      if (!stored) throw new Error('a review mark was written but cannot be read back');
      return { mark: toMark(stored), created };
    },
    async marksOf(targetKind, target) {
      const docs = await marks.find({ targetKind: kind(targetKind), target: asString(target) }).sort({ at: 1, _id: 1 }).toArray();
      return docs.map(toMark);
    },
    async dayMarks({ limit }) {
      const n = positiveLimit(limit);
      if (n === null) return [];
      const docs = await marks.find({ targetKind: 'day' }).sort({ target: -1, at: 1, _id: 1 }).limit(n).toArray();
      return docs.map(toMark);
    },
    async raise(query) {
      const doc: QueryDoc = {
        _id: randomUUID(),
        reference: asString(query.reference),
        raisedBy: refDoc(query.raisedBy),
        to: refDoc(query.to),
        comment: asString(query.comment),
        raisedAt: asDate(query.raisedAt),
        answerText: null,
        answeredBy: null,
        answeredAt: null,
      };
      await queries.insertOne(doc);
      return toQuery(doc);
    },
    async findQuery(id) {
      const doc = await queries.findOne({ _id: asString(id) });
      return doc ? toQuery(doc) : null;
    },
    async queriesAbout(reference) {
      return (await queries.find({ reference: asString(reference) }).sort(ORDER).toArray()).map(toQuery);
    },
    async openQueries({ toUserId, limit }) {
      const n = positiveLimit(limit);
      if (n === null) return [];
      const filter = toUserId === undefined ? { answeredAt: null } : { 'to.userId': asString(toUserId), answeredAt: null };
      return (await queries.find(filter).sort(ORDER).limit(n).toArray()).map(toQuery);
    },
    async countOpen(toUserId) {
      return queries.countDocuments({ 'to.userId': asString(toUserId), answeredAt: null });
    },
    async answer(id, given) {
      const _id = asString(id);
      const answered = await queries.findOneAndUpdate(
        { _id, answeredAt: null },
        { $set: { answerText: asString(given.text), answeredBy: refDoc(given.by), answeredAt: asDate(given.at) } },
        { returnDocument: 'after' },
      );
      if (answered) return { outcome: 'answered', query: toQuery(answered) };
      const stored = await queries.findOne({ _id });
      return stored ? { outcome: 'already-answered', query: toQuery(stored) } : { outcome: 'not-found' };
    },
  };
}
