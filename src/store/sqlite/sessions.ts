import type { SessionRepository } from '../ports.js';
import type { Db } from './index.js';

interface Row {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export function sqliteSessions(db: Db): SessionRepository {
  const insert = db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const find = db.prepare<[string, string], Row>('SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?');
  const remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const removeForUser = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');

  return {
    async create(session) {
      removeExpired.run(session.createdAt.toISOString());
      insert.run(session.tokenHash, session.userId, session.createdAt.toISOString(), session.expiresAt.toISOString());
    },
    async find(tokenHash, now) {
      const row = find.get(tokenHash, now.toISOString());
      return row
        ? { tokenHash: row.token_hash, userId: row.user_id, createdAt: new Date(row.created_at), expiresAt: new Date(row.expires_at) }
        : null;
    },
    async delete(tokenHash) {
      remove.run(tokenHash);
    },
    async deleteForUser(userId) {
      removeForUser.run(userId);
    },
  };
}
