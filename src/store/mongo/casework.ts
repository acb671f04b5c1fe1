import { randomUUID } from 'node:crypto';
import type { Collection, Db, Filter } from 'mongodb';
import type { HistoryEntry, MoveWhy, Note, StaffRef } from '../../requests/model.js';
import type { QueueFilter } from '../../requests/queue-query.js';
import { isStatus } from '../../requests/statuses.js';
import type { AuditRepository, RequestRepository } from '../ports.js';
import { toDomain, type RequestDoc } from './requests.js';
import { COLLECTIONS, asDate, asString, asWhole, isDuplicateKeyError, positiveLimit } from './schema.js';

/**
 * Agents' work on requests without transactions. A change is one conditional
 * findOneAndUpdate on {_id, version} that also embeds the change's history entry
 * (`lastEntry`); the entry is then upserted into the history collection under its key
 * (request id and version). Before the next change the previous `lastEntry` is upserted
 * again, and history() adds `lastEntry` when its copy is missing, so a failure between the
 * two writes is completed by whatever comes next and no entry is ever lost or doubled.
 */

interface HistoryDoc {
  /** `${requestId}:${version}`: one entry per version. */
  _id: string;
  requestId: string;
  version: number;
  entry: HistoryEntry;
}

interface NoteDoc {
  _id: string;
  requestId: string;
  at: Date;
  by: StaffRef;
  text: string;
  confirmedNotPatient: boolean;
}

type Casework = Pick<RequestRepository, 'change' | 'history' | 'addNote' | 'notes' | 'queue'>;

/** Field by field, so nothing but what the schema allows reaches a document. */
const refDoc = (ref: StaffRef): StaffRef => ({ userId: asString(ref.userId), username: asString(ref.username), displayName: asString(ref.displayName) });
const maybeRef = (ref: StaffRef | null): StaffRef | null => (ref === null ? null : refDoc(ref));
const whyDoc = (why: MoveWhy | null): MoveWhy | null =>
  why === null ? null : { reason: why.reason === null ? null : asString(why.reason), text: why.text === null ? null : asString(why.text) };
const status = (value: string) => {
  if (!isStatus(value)) throw new TypeError('expected a status');
  return value;
};

function entryDoc(entry: HistoryEntry): HistoryEntry {
  const base = { at: asDate(entry.at), by: maybeRef(entry.by), version: entry.version };
  switch (entry.type) {
    case 'created':
      return { ...base, type: 'created', status: status(entry.status) };
    case 'status':
      return { ...base, type: 'status', from: status(entry.from), to: status(entry.to), why: whyDoc(entry.why) };
    case 'assignment':
      return { ...base, type: 'assignment', from: maybeRef(entry.from), to: maybeRef(entry.to) };
  }
}

export function mongoCasework(db: Db, requests: Collection<RequestDoc>, audit: AuditRepository): Casework {
  const history: Collection<HistoryDoc> = db.collection<HistoryDoc>(COLLECTIONS.requestHistory);
  const notes: Collection<NoteDoc> = db.collection<NoteDoc>(COLLECTIONS.requestNotes);

  /** Idempotent: a second copy of one version's entry is the same entry. */
  async function keep(requestId: string, entry: HistoryEntry): Promise<void> {
    try {
      await history.updateOne(
        { _id: `${requestId}:${entry.version}` },
        { $setOnInsert: { requestId, version: entry.version, entry } },
        { upsert: true },
      );
    } catch (err) {
      // Two upserts of one new _id at once: the other one stored it.
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  return {
    async change(id, expectedVersion, c, also) {
      if (!Number.isSafeInteger(expectedVersion) || c.entry.version !== expectedVersion + 1) return null;
      const _id = asString(id);
      const current = await requests.findOne({ _id });
      if (!current || current.version !== expectedVersion) return null;
      if (current.lastEntry) await keep(_id, current.lastEntry);
      const entry = entryDoc(c.entry);
      const doc = await requests.findOneAndUpdate(
        { _id, version: expectedVersion },
        {
          $set: {
            status: status(c.status),
            version: asWhole(entry.version) as number,
            assignee: maybeRef(c.assignee),
            closedAt: c.closedAt === null ? null : asDate(c.closedAt),
            lastChange: { at: entry.at, by: entry.by },
            updatedAt: entry.at,
            lastEntry: entry,
          },
        },
        { returnDocument: 'after' },
      );
      if (!doc) return null;
      await keep(_id, entry);
      const stored = toDomain(doc);
      if (also) await audit.record(also.audit(stored));
      return stored;
    },

    async history(id) {
      const _id = asString(id);
      const [stored, request] = await Promise.all([history.find({ requestId: _id }).sort({ version: 1 }).toArray(), requests.findOne({ _id })]);
      const entries = stored.map((doc) => doc.entry);
      const last = request?.lastEntry;
      if (last && !entries.some((e) => e.version === last.version)) entries.push(last);
      return entries;
    },

    async addNote(id, note: Note) {
      await notes.insertOne({
        _id: randomUUID(),
        requestId: asString(id),
        at: asDate(note.at),
        by: refDoc(note.by),
        text: asString(note.text),
        confirmedNotPatient: note.confirmedNotPatient === true,
      });
    },

    async notes(id) {
      const docs = await notes.find({ requestId: asString(id) }).sort({ at: 1, _id: 1 }).toArray();
      return docs.map((d) => ({ at: d.at, by: d.by, text: d.text, confirmedNotPatient: d.confirmedNotPatient }));
    },

    async queue(filter: QueueFilter) {
      const limit = positiveLimit(filter.limit);
      if (limit === null || filter.statuses.length === 0) return [];
      const query: Filter<RequestDoc> = { status: { $in: filter.statuses.map(status) } };
      if (filter.kind !== null) query.kind = filter.kind;
      if (filter.assigned.to === 'nobody') query.assignee = null; // missing or null
      if (filter.assigned.to === 'user') query['assignee.userId'] = asString(filter.assigned.userId);
      if (filter.practiceOdsCode !== null) query.practiceOdsCode = asString(filter.practiceOdsCode);
      const and: Filter<RequestDoc>[] = [];
      if (filter.createdBefore !== null) and.push({ createdAt: { $lt: asDate(filter.createdBefore) } });
      if (filter.search !== null) {
        // A reference (any kind it may mean) or the ticket an agent wrote it up from.
        and.push({ $or: [{ reference: { $in: filter.search.references.map(asString) } }, { ticketReference: asString(filter.search.ticketReference) }] });
      }
      const newest = filter.order === 'newest';
      const after = newest ? '$lt' : '$gt';
      if (filter.after !== null) {
        const at = asDate(filter.after.createdAt);
        and.push({ $or: [{ createdAt: { [after]: at } }, { createdAt: at, _id: { [after]: asString(filter.after.id) } }] });
      }
      if (and.length > 0) query.$and = and;
      const direction = newest ? -1 : 1;
      const docs = await requests.find(query).sort({ createdAt: direction, _id: direction }).limit(limit).toArray();
      return docs.map(toDomain);
    },
  };
}
