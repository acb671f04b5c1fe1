import { randomUUID } from 'node:crypto';
import type { SignInAttemptRepository } from '../ports.js';
import type { Db } from './index.js';

export function sqliteSignInAttempts(db: Db): SignInAttemptRepository {
  const removeExpired = db.prepare('DELETE FROM sign_in_attempts WHERE expires_at <= ?');
  const insert = db.prepare('INSERT INTO sign_in_attempts (id, key, at, expires_at) VALUES (?, ?, ?, ?)');
  const recent = db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM sign_in_attempts WHERE key = ? AND at > ?');
  const forget = db.prepare('DELETE FROM sign_in_attempts WHERE id = ?');
  const forgetKey = db.prepare('DELETE FROM sign_in_attempts WHERE key = ?');
  const lock = db.prepare('INSERT INTO sign_in_locks (key, until) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET until = excluded.until');
  const lockedUntil = db.prepare<[string, string], { until: string }>('SELECT until FROM sign_in_locks WHERE key = ? AND until > ?');
  const locked = db.prepare<[string], { key: string; until: string }>('SELECT key, until FROM sign_in_locks WHERE until > ? ORDER BY key');
  const unlock = db.prepare('DELETE FROM sign_in_locks WHERE key = ?');
  // Insert and count in one transaction: concurrent attempts each count every one before them.
  const begin = db.transaction((key: string, at: Date, windowMs: number) => {
    const id = randomUUID();
    removeExpired.run(at.toISOString());
    insert.run(id, key, at.toISOString(), new Date(at.getTime() + windowMs).toISOString());
    return { id, recent: recent.get(key, new Date(at.getTime() - windowMs).toISOString())!.n };
  });
  const clear = db.transaction((key: string) => {
    unlock.run(key);
    forgetKey.run(key);
  });

  return {
    async begin(key, at, windowMs) {
      return begin.immediate(key, at, windowMs);
    },
    async forget(id) {
      forget.run(id);
    },
    async lock(key, until) {
      lock.run(key, until.toISOString());
    },
    async lockedUntil(key, now) {
      const row = lockedUntil.get(key, now.toISOString());
      return row ? new Date(row.until) : null;
    },
    async locked(now) {
      return locked.all(now.toISOString()).map((row) => ({ key: row.key, until: new Date(row.until) }));
    },
    async clear(key) {
      clear(key);
    },
  };
}
