import { nextLink } from '../../audit/chain.js';
import type { AuditCheckpoint, AuditEvent, AuditFilter, AuditLink, AuditRepository, NewAuditEvent } from '../ports.js';
import { groupCommit } from './group-commit.js';
import type { Db } from './index.js';

interface Row {
  seq: number;
  at: string;
  actor_user_id: string | null;
  actor_username: string | null;
  action: string;
  reference: string | null;
  dedupe_key: string | null;
  prev: string | null;
  hash: string | null;
}

interface CheckpointRow {
  seq: number;
  hash: string;
  at: string;
  mac: string;
}

const COLUMNS = 'seq, at, actor_user_id, actor_username, action, reference, dedupe_key, prev, hash';

/** A row as an array in COLUMNS order: better-sqlite3's raw mode, several times faster than objects for verify's batches. */
type RawRow = [number, string, string | null, string | null, string, string | null, string | null, string | null, string | null];
const fromRaw = ([seq, at, actor_user_id, actor_username, action, reference, dedupe_key, prev, hash]: RawRow): AuditEvent =>
  toEvent({ seq, at, actor_user_id, actor_username, action, reference, dedupe_key, prev, hash });

const toEvent = (row: Row): AuditEvent => {
  const event: AuditEvent = {
    id: String(row.seq),
    seq: row.seq,
    at: new Date(row.at),
    actor: { userId: row.actor_user_id, username: row.actor_username },
    action: row.action,
    reference: row.reference,
    // A NULL written straight into the table fails verification like any other change.
    prev: row.prev ?? '',
    hash: row.hash ?? '',
  };
  if (row.dedupe_key !== null) event.dedupeKey = row.dedupe_key;
  return event;
};

const toCheckpoint = (row: CheckpointRow): AuditCheckpoint => ({ seq: row.seq, hash: row.hash, at: new Date(row.at), mac: row.mac });

/**
 * Appends one event to the chain: reads the head, computes the next link with the pure chain
 * code, inserts. It must run inside a write transaction begun IMMEDIATE (which takes SQLite's
 * one write lock at BEGIN): then no other connection or process can append between the read
 * and the insert, so sequence numbers cannot clash and need no retry. The seq primary key
 * would refuse a clash anyway. A repeated dedupe key stores nothing.
 */
export function insertAuditEvent(db: Db): (event: NewAuditEvent) => void {
  const head = db.prepare<[], { seq: number; hash: string | null }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
  const deduped = db.prepare<[string], { seq: number }>('SELECT seq FROM audit_events WHERE dedupe_key = ?');
  const insert = db.prepare(
    `INSERT INTO audit_events (${COLUMNS}) VALUES (@seq, @at, @actorUserId, @actorUsername, @action, @reference, @dedupeKey, @prev, @hash)`,
  );
  return (event) => {
    if (event.dedupeKey !== undefined && deduped.get(event.dedupeKey)) return;
    const last = head.get();
    const link = nextLink(last ? { seq: last.seq, hash: last.hash ?? '' } : null, event);
    insert.run({
      ...link,
      at: event.at.toISOString(),
      actorUserId: event.actor.userId,
      actorUsername: event.actor.username,
      action: event.action,
      reference: event.reference,
      dedupeKey: event.dedupeKey ?? null,
    });
  };
}

/**
 * A database from before the chain (migration 3) has events without hashes: they are chained
 * once, in their order, renumbered 1, 2, 3… should the old numbering have gaps. Only when no
 * event has a hash yet: a hash missing from a chained log is tampering, and is left for
 * verify to find.
 */
function chainLegacyEvents(db: Db): void {
  const state = db.prepare<[], { unchained: number; chained: number }>(
    'SELECT count(*) FILTER (WHERE hash IS NULL) AS unchained, count(*) FILTER (WHERE hash IS NOT NULL) AS chained FROM audit_events',
  );
  const batch = db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM audit_events WHERE seq > ? ORDER BY seq LIMIT 1000`);
  const update = db.prepare('UPDATE audit_events SET seq = @seq, prev = @prev, hash = @hash WHERE seq = @old');
  db.transaction(() => {
    const { unchained, chained } = state.get()!;
    if (unchained === 0 || chained > 0) return;
    let head: AuditLink | null = null;
    let after = 0;
    for (let rows = batch.all(after); rows.length > 0; rows = batch.all(after)) {
      for (const row of rows) {
        // Renumbering goes downwards in seq order, so the new number is always free.
        const link = nextLink(head, toEvent(row));
        update.run({ ...link, old: row.seq });
        head = link;
      }
      after = rows[rows.length - 1]!.seq;
    }
  }).immediate();
}

/** Queries for each combination of filters, made on first use: the values are always bound, never spliced. */
function searchQueries(db: Db) {
  const cursorAt = db.prepare<[number], { at: string }>('SELECT at FROM audit_events WHERE seq = ?');
  const cache = new Map<string, ReturnType<typeof prepare>>();
  const prepare = (clauses: string[]) =>
    db.prepare<Record<string, string | number>, Row>(
      `SELECT ${COLUMNS} FROM audit_events ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY at DESC, seq DESC LIMIT @limit`,
    );
  return (filter: AuditFilter): Row[] => {
    const params: Record<string, string | number> = { limit: Math.max(0, Math.floor(filter.limit)) };
    const clauses: string[] = [];
    const add = (name: string, clause: string, value: string | number | undefined) => {
      if (value === undefined) return;
      clauses.push(clause);
      params[name] = value;
    };
    if (filter.beforeSeq !== undefined) {
      const at = cursorAt.get(filter.beforeSeq)?.at;
      // The cursor's event gone (the log was tampered with): fall back to the sequence alone.
      if (at === undefined) add('before', 'seq < @before', filter.beforeSeq);
      else {
        add('before', '(at, seq) < (@cursorAt, @before)', filter.beforeSeq);
        params.cursorAt = at;
      }
    }
    add('username', 'actor_username = @username', filter.username);
    add('action', 'action = @action', filter.action);
    add('reference', 'reference = @reference', filter.reference);
    add('from', 'at >= @from', filter.from?.toISOString());
    add('to', 'at < @to', filter.to?.toISOString());
    const key = clauses.join(' AND ');
    let query = cache.get(key);
    if (!query) cache.set(key, (query = prepare(clauses)));
    return query.all(params);
  };
}

export function sqliteAudit(db: Db): AuditRepository {
  chainLegacyEvents(db);
  // Events recorded together share one commit (one fsync), IMMEDIATE as insertAuditEvent needs: see group-commit.ts.
  const append = groupCommit(db, insertAuditEvent(db));
  const newest = db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM audit_events ORDER BY seq DESC LIMIT ?`);
  const head = db.prepare<[], { seq: number; hash: string | null }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
  const range = db.prepare<[number, number], RawRow>(`SELECT ${COLUMNS} FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?`).raw();
  const search = searchQueries(db);
  const addCheckpoint = db.prepare('INSERT INTO audit_checkpoints (seq, hash, at, mac) VALUES (@seq, @hash, @at, @mac) ON CONFLICT (seq) DO NOTHING');
  const checkpoints = db.prepare<[], CheckpointRow>('SELECT seq, hash, at, mac FROM audit_checkpoints ORDER BY seq');
  const latestCheckpoint = db.prepare<[], CheckpointRow>('SELECT seq, hash, at, mac FROM audit_checkpoints ORDER BY seq DESC LIMIT 1');

  return {
    async record(event) {
      await append(event);
    },
    async list({ limit }) {
      return newest.all(limit).map(toEvent);
    },
    async head() {
      const row = head.get();
      return row ? { seq: row.seq, hash: row.hash ?? '' } : null;
    },
    async range({ afterSeq, limit }) {
      return range.all(afterSeq, limit).map(fromRaw);
    },
    async search(filter) {
      return search(filter).map(toEvent);
    },
    async addCheckpoint(checkpoint) {
      addCheckpoint.run({ ...checkpoint, at: checkpoint.at.toISOString() });
    },
    async checkpoints() {
      return checkpoints.all().map(toCheckpoint);
    },
    async latestCheckpoint() {
      const row = latestCheckpoint.get();
      return row ? toCheckpoint(row) : null;
    },
  };
}
