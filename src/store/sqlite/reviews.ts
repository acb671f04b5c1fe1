import { randomUUID } from 'node:crypto';
import type { StaffRef } from '../../requests/model.js';
import type { ReviewMark, ReviewQuery, ReviewRepository, ReviewTargetKind } from '../ports.js';
import type { Db } from './index.js';

/**
 * Four-eyes review on SQLite: a mark is one row per (target, lead), so marking twice keeps the
 * first (INSERT … ON CONFLICT DO NOTHING); an answer is an UPDATE conditional on the query
 * still being open, so of two tabs answering at once only the first lands.
 */

interface MarkRow {
  target_kind: ReviewTargetKind;
  target: string;
  by_staff: string;
  at: string;
  comment: string | null;
}

interface QueryRow {
  id: string;
  reference: string;
  raised_by: string;
  to_staff: string;
  comment: string;
  raised_at: string;
  answer_text: string | null;
  answered_by: string | null;
  answered_at: string | null;
}

const refJson = (ref: StaffRef): string => JSON.stringify({ userId: ref.userId, username: ref.username, displayName: ref.displayName });
const ref = (json: string): StaffRef => JSON.parse(json) as StaffRef;

const toMark = (row: MarkRow): ReviewMark => ({
  targetKind: row.target_kind,
  target: row.target,
  by: ref(row.by_staff),
  at: new Date(row.at),
  comment: row.comment,
});

const toQuery = (row: QueryRow): ReviewQuery => ({
  id: row.id,
  reference: row.reference,
  raisedBy: ref(row.raised_by),
  to: ref(row.to_staff),
  comment: row.comment,
  raisedAt: new Date(row.raised_at),
  answer:
    row.answer_text !== null && row.answered_by !== null && row.answered_at !== null
      ? { text: row.answer_text, by: ref(row.answered_by), at: new Date(row.answered_at) }
      : null,
});

const whole = (limit: number) => Math.max(0, Math.floor(limit));

export function sqliteReviews(db: Db): ReviewRepository {
  const insertMark = db.prepare(
    `INSERT INTO review_marks (target_kind, target, by_user_id, by_staff, at, comment) VALUES (@kind, @target, @userId, @by, @at, @comment)
     ON CONFLICT (target_kind, target, by_user_id) DO NOTHING`,
  );
  const markOf = db.prepare<[string, string, string], MarkRow>('SELECT * FROM review_marks WHERE target_kind = ? AND target = ? AND by_user_id = ?');
  const marksOf = db.prepare<[string, string], MarkRow>('SELECT * FROM review_marks WHERE target_kind = ? AND target = ? ORDER BY at, by_user_id');
  const dayMarks = db.prepare<[number], MarkRow>(`SELECT * FROM review_marks WHERE target_kind = 'day' ORDER BY target DESC, at, by_user_id LIMIT ?`);
  const insertQuery = db.prepare(
    `INSERT INTO review_queries (id, reference, raised_by, to_user_id, to_staff, comment, raised_at)
     VALUES (@id, @reference, @raisedBy, @toUserId, @to, @comment, @raisedAt)`,
  );
  const queryById = db.prepare<[string], QueryRow>('SELECT * FROM review_queries WHERE id = ?');
  const about = db.prepare<[string], QueryRow>('SELECT * FROM review_queries WHERE reference = ? ORDER BY raised_at, id');
  const openTo = db.prepare<[string, number], QueryRow>('SELECT * FROM review_queries WHERE to_user_id = ? AND answered_at IS NULL ORDER BY raised_at, id LIMIT ?');
  const openAll = db.prepare<[number], QueryRow>('SELECT * FROM review_queries WHERE answered_at IS NULL ORDER BY raised_at, id LIMIT ?');
  const countOpen = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM review_queries WHERE to_user_id = ? AND answered_at IS NULL');
  const answer = db.prepare(
    'UPDATE review_queries SET answer_text = @text, answered_by = @by, answered_at = @at WHERE id = @id AND answered_at IS NULL',
  );

  return {
    async mark(mark) {
      const result = insertMark.run({
        kind: mark.targetKind,
        target: mark.target,
        userId: mark.by.userId,
        by: refJson(mark.by),
        at: mark.at.toISOString(),
        comment: mark.comment,
      });
      const stored = markOf.get(mark.targetKind, mark.target, mark.by.userId);
      if (!stored) throw new Error('a review mark was written but cannot be read back');
      return { mark: toMark(stored), created: result.changes > 0 };
    },
    async marksOf(targetKind, target) {
      return marksOf.all(targetKind, target).map(toMark);
    },
    async dayMarks({ limit }) {
      return dayMarks.all(whole(limit)).map(toMark);
    },
    async raise(query) {
      const id = randomUUID();
      insertQuery.run({
        id,
        reference: query.reference,
        raisedBy: refJson(query.raisedBy),
        toUserId: query.to.userId,
        to: refJson(query.to),
        comment: query.comment,
        raisedAt: query.raisedAt.toISOString(),
      });
      return { ...query, id, answer: null };
    },
    async findQuery(id) {
      const row = queryById.get(id);
      return row ? toQuery(row) : null;
    },
    async queriesAbout(reference) {
      return about.all(reference).map(toQuery);
    },
    async openQueries({ toUserId, limit }) {
      const rows = toUserId === undefined ? openAll.all(whole(limit)) : openTo.all(toUserId, whole(limit));
      return rows.map(toQuery);
    },
    async countOpen(toUserId) {
      return countOpen.get(toUserId)!.n;
    },
    async answer(id, given) {
      const changed = answer.run({ id, text: given.text, by: refJson(given.by), at: given.at.toISOString() }).changes;
      const row = queryById.get(id);
      if (!row) return { outcome: 'not-found' };
      return { outcome: changed > 0 ? 'answered' : 'already-answered', query: toQuery(row) };
    },
  };
}
