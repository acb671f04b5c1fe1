import type { AuditEvent, AuditRepository, NewAuditEvent } from '../ports.js';
import type { Db } from './index.js';

interface Row {
  seq: number;
  at: string;
  actor_user_id: string | null;
  actor_username: string | null;
  action: string;
  reference: string | null;
  dedupe_key: string | null;
}

const toEvent = (row: Row): AuditEvent => ({
  id: String(row.seq),
  at: new Date(row.at),
  actor: { userId: row.actor_user_id, username: row.actor_username },
  action: row.action,
  reference: row.reference,
  ...(row.dedupe_key === null ? {} : { dedupeKey: row.dedupe_key }),
});

/** A prepared insert for one audit event; a repeated dedupe key is stored once. */
export function insertAuditEvent(db: Db): (event: NewAuditEvent) => void {
  // NULL keys never clash.
  const insert = db.prepare(
    `INSERT INTO audit_events (at, actor_user_id, actor_username, action, reference, dedupe_key)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
  );
  return (event) => {
    insert.run(event.at.toISOString(), event.actor.userId, event.actor.username, event.action, event.reference, event.dedupeKey ?? null);
  };
}

export function sqliteAudit(db: Db): AuditRepository {
  const insert = insertAuditEvent(db);
  const newest = db.prepare<[number], Row>('SELECT * FROM audit_events ORDER BY at DESC, seq DESC LIMIT ?');

  return {
    async record(event) {
      insert(event);
    },
    async list({ limit }) {
      return newest.all(limit).map(toEvent);
    },
  };
}
