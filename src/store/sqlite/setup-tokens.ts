import type { SetupTokenRepository } from '../ports.js';
import type { Db } from './index.js';

export function sqliteSetupTokens(db: Db): SetupTokenRepository {
  const removeExpired = db.prepare('DELETE FROM setup_tokens WHERE expires_at <= ?');
  const insert = db.prepare('INSERT OR REPLACE INTO setup_tokens (token_hash, expires_at) VALUES (?, ?)');
  const live = db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM setup_tokens WHERE token_hash = ? AND expires_at > ?');
  const removeAll = db.prepare('DELETE FROM setup_tokens');
  // One write transaction: SQLite runs it alone across every connection and process, so
  // only the first caller finds the token live; the ones after it find the table empty.
  const claim = db.transaction((tokenHash: string, now: string) => {
    if (live.get(tokenHash, now)!.n === 0) return false;
    removeAll.run();
    return true;
  });

  return {
    async issue(tokenHash, expiresAt) {
      removeExpired.run(new Date().toISOString());
      insert.run(tokenHash, expiresAt.toISOString());
    },
    async isLive(tokenHash, now) {
      return live.get(tokenHash, now.toISOString())!.n > 0;
    },
    async claim(tokenHash, now) {
      return claim.immediate(tokenHash, now.toISOString());
    },
  };
}
