import type { DraftRepository } from '../ports.js';
import type { Db } from './index.js';
import { groupCommit } from './group-commit.js';

export function sqliteDrafts(db: Db): DraftRepository {
  const save = db.prepare(
    'INSERT INTO drafts (id, ciphertext, expires_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET ciphertext = excluded.ciphertext, expires_at = excluded.expires_at',
  );
  const find = db.prepare<[string, string], { ciphertext: string }>('SELECT ciphertext FROM drafts WHERE id = ? AND expires_at > ?');
  const remove = db.prepare('DELETE FROM drafts WHERE id = ?');
  const removeExpired = db.prepare('DELETE FROM drafts WHERE expires_at <= ?');

  // Every form step and every submission writes a draft: drafts written together share one
  // commit (and, with synchronous = FULL, one fsync), as cleansing requests do.
  const saveTogether = groupCommit(db, (args: [string, string, string]) => void save.run(...args));

  return {
    async save(id, ciphertext, expiresAt) {
      await saveTogether([id, ciphertext, expiresAt.toISOString()]);
    },
    async find(id, now) {
      return find.get(id, now.toISOString())?.ciphertext ?? null;
    },
    async delete(id) {
      remove.run(id);
    },
    async purgeExpired(now) {
      return removeExpired.run(now.toISOString()).changes;
    },
  };
}
