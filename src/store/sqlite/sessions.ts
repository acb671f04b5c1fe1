import type { SessionRepository } from '../ports.js';
import type { Db } from './index.js';

interface Row {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string | null;
}

const toSession = (row: Row) => ({
  tokenHash: row.token_hash,
  userId: row.user_id,
  createdAt: new Date(row.created_at),
  expiresAt: new Date(row.expires_at),
  lastSeenAt: new Date(row.last_seen_at ?? row.created_at),
});

export function sqliteSessions(db: Db): SessionRepository {
  const insert = db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)');
  const find = db.prepare<[string, string], Row>('SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?');
  const remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const removeForUser = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  const lookup = db.prepare<[string], Row>('SELECT * FROM sessions WHERE token_hash = ?');
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?');

  return {
    async create(session) {
      removeExpired.run(session.createdAt.toISOString());
      const { tokenHash, userId, createdAt, expiresAt, lastSeenAt } = session;
      insert.run(tokenHash, userId, createdAt.toISOString(), expiresAt.toISOString(), lastSeenAt?.toISOString() ?? null);
    },
    async find(tokenHash, now) {
      const row = find.get(tokenHash, now.toISOString());
      return row ? toSession(row) : null;
    },
    async lookup(tokenHash) {
      const row = lookup.get(tokenHash);
      return row ? toSession(row) : null;
    },
    async touch(tokenHash, lastSeenAt) {
      touch.run(lastSeenAt.toISOString(), tokenHash);
    },
    async delete(tokenHash) {
      remove.run(tokenHash);
    },
    async deleteForUser(userId) {
      removeForUser.run(userId);
    },
  };
}
