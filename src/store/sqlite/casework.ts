import type Database from 'better-sqlite3';
import type { HistoryEntry, Note, StaffRef } from '../../requests/model.js';
import type { QueueFilter } from '../../requests/queue-query.js';
import type { ChangeWith, RequestRepository } from '../ports.js';
import { insertAuditEvent } from './audit.js';
import { groupCommit } from './group-commit.js';
import type { Db } from './index.js';
import { refJson, toRequest, type RequestRow } from './requests.js';

/**
 * Agents' work on requests: versioned changes with their history entry (one
 * transaction), append-only notes, and the queue's keyset pages.
 */

type Casework = Pick<RequestRepository, 'change' | 'history' | 'addNote' | 'notes' | 'queue'>;

interface NoteRow {
  at: string;
  by_staff: string;
  text: string;
  confirmed_not_patient: number;
}

/** Entries are kept as JSON with the instant as an ISO string; read back with a Date. */
const entryFromJson = (json: string): HistoryEntry => {
  const parsed = JSON.parse(json) as HistoryEntry & { at: string };
  return { ...parsed, at: new Date(parsed.at) };
};

export function sqliteCasework(db: Db): Casework {
  // Optimistic concurrency: only the writer that read `version` changes the row.
  const update = db.prepare(
    `UPDATE requests SET status = @status, version = version + 1, assignee_user_id = @assigneeId,
       assignee = @assignee, closed_at = @closedAt, last_change_at = @at, last_change_by = @by, updated_at = @at
     WHERE id = @id AND version = @expectedVersion`,
  );
  const insertEntry = db.prepare('INSERT INTO request_history (request_id, version, entry) VALUES (?, ?, ?)');
  const byId = db.prepare<[string], RequestRow>('SELECT * FROM requests WHERE id = ?');
  const entries = db.prepare<[string], { entry: string }>('SELECT entry FROM request_history WHERE request_id = ? ORDER BY version');
  const insertNote = db.prepare(
    'INSERT INTO request_notes (request_id, at, by_staff, text, confirmed_not_patient) SELECT id, ?, ?, ?, ? FROM requests WHERE id = ? AND purged_at IS NULL',
  );
  const notesOf = db.prepare<[string], NoteRow>('SELECT at, by_staff, text, confirmed_not_patient FROM request_notes WHERE request_id = ? ORDER BY id');

  const insertAudit = insertAuditEvent(db);
  const change = db.transaction((id: string, expectedVersion: number, c: Parameters<Casework['change']>[2], also?: ChangeWith): RequestRow | null => {
    if (c.entry.version !== expectedVersion + 1) throw new RangeError('a change makes the next version');
    const at = c.entry.at.toISOString();
    const result = update.run({
      id,
      expectedVersion,
      status: c.status,
      assigneeId: c.assignee?.userId ?? null,
      assignee: refJson(c.assignee),
      closedAt: c.closedAt?.toISOString() ?? null,
      at,
      by: refJson(c.entry.by),
    });
    if (result.changes === 0) return null;
    insertEntry.run(id, c.entry.version, JSON.stringify(c.entry));
    const row = byId.get(id) ?? null;
    // The change and its audit event: one commit, so neither is ever stored without the other.
    if (row && also) insertAudit(also.audit(toRequest(row)));
    return row;
  });

  // Changes arriving together share one commit (one fsync), as submissions do: see group-commit.ts.
  const changeInBatch = groupCommit(db, (input: { id: string; expectedVersion: number; c: Parameters<Casework['change']>[2]; also?: ChangeWith }) =>
    change(input.id, input.expectedVersion, input.c, input.also),
  );

  // Prepared once per shape of filter: the placeholders differ, the values never reach the SQL text.
  const cache = new Map<string, Database.Statement<unknown[], RequestRow>>();
  const prepared = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = db.prepare<unknown[], RequestRow>(sql)));
    return statement;
  };

  return {
    async change(id, expectedVersion, c, also) {
      if (!Number.isSafeInteger(expectedVersion)) return null;
      const row = await changeInBatch({ id, expectedVersion, c, ...(also ? { also } : {}) });
      return row ? toRequest(row) : null;
    },
    async history(id) {
      return entries.all(id).map((row) => entryFromJson(row.entry));
    },
    async addNote(id, note: Note) {
      insertNote.run(note.at.toISOString(), refJson(note.by), note.text, note.confirmedNotPatient ? 1 : 0, id);
    },
    async notes(id) {
      return notesOf.all(id).map((row) => ({
        at: new Date(row.at),
        by: JSON.parse(row.by_staff) as StaffRef,
        text: row.text,
        confirmedNotPatient: row.confirmed_not_patient === 1,
      }));
    },
    async queue(filter: QueueFilter) {
      if (filter.statuses.length === 0 || filter.limit < 1) return [];
      // Several statuses (the open ones, say): "+status" keeps SQLite from searching a status
      // index once per status and sorting every match; it walks the (created_at, id) order
      // instead (or the filter's own index) and stops at the page's end. One status: its index.
      const where: string[] = [`${filter.statuses.length > 1 ? '+status' : 'status'} IN (${filter.statuses.map(() => '?').join(', ')})`];
      const values: (string | number)[] = [...filter.statuses];
      if (filter.kind !== null) {
        where.push('kind = ?');
        values.push(filter.kind);
      }
      if (filter.assigned.to === 'nobody') where.push('assignee_user_id IS NULL');
      if (filter.assigned.to === 'user') {
        where.push('assignee_user_id = ?');
        values.push(filter.assigned.userId);
      }
      if (filter.practiceOdsCode !== null) {
        where.push('practice_ods_code = ?');
        values.push(filter.practiceOdsCode);
      }
      if (filter.createdBefore !== null) {
        where.push('created_at < ?');
        values.push(filter.createdBefore.toISOString());
      }
      if (filter.search !== null) {
        // A reference (any kind it may mean) or the ticket an agent wrote it up from.
        const references = filter.search.references.map(() => '?').join(', ');
        where.push(`(${references ? `reference IN (${references}) OR ` : ''}ticket_reference = ?)`);
        values.push(...filter.search.references, filter.search.ticketReference);
      }
      const newest = filter.order === 'newest';
      if (filter.after !== null) {
        where.push(`(created_at, id) ${newest ? '<' : '>'} (?, ?)`);
        values.push(filter.after.createdAt.toISOString(), filter.after.id);
      }
      const direction = newest ? 'DESC' : 'ASC';
      const sql = `SELECT * FROM requests WHERE ${where.join(' AND ')} ORDER BY created_at ${direction}, id ${direction} LIMIT ?`;
      const rows = prepared(sql).all(...values, Math.floor(filter.limit));
      return rows.map(toRequest);
    },
  };
}
