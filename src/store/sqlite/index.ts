import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../ports.js';
import { MIGRATIONS } from './migrations.js';
import { sqliteStaff } from './staff.js';
import { sqliteSessions } from './sessions.js';
import { sqliteCleansing } from './cleansing.js';
import { sqliteAudit } from './audit.js';
import { sqliteTriage } from './triage.js';
import { sqliteJourneys } from './journeys.js';
import { sqliteSetupTokens } from './setup-tokens.js';
import { sqliteSignInAttempts } from './sign-in-attempts.js';
import { sqliteDrafts } from './drafts.js';

export type Db = Database.Database;

/** Opens (creating if needed) the SQLite file, in WAL mode, migrated to the latest schema. */
export function openSqliteStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only power loss can drop the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return {
    kind: 'sqlite',
    staff: sqliteStaff(db),
    sessions: sqliteSessions(db),
    cleansing: sqliteCleansing(db),
    audit: sqliteAudit(db),
    triage: sqliteTriage(db),
    journeys: sqliteJourneys(db),
    setupTokens: sqliteSetupTokens(db),
    signInAttempts: sqliteSignInAttempts(db),
    drafts: sqliteDrafts(db),
    close: async () => {
      db.close();
    },
  };
}

function migrate(db: Db): void {
  // BEGIN IMMEDIATE before reading the version: a second process opening the file at the same
  // moment waits for the write lock, then finds the migrations done instead of running them again.
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    MIGRATIONS.slice(current).forEach((sql, i) => {
      db.exec(sql);
      db.pragma(`user_version = ${current + i + 1}`);
    });
  }).immediate();
}

/** SQLite reports unique violations as SQLITE_CONSTRAINT_UNIQUE with the column in the message. */
export function uniqueViolationOn(error: unknown, column: string): boolean {
  return (
    error instanceof Error &&
    (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes(`.${column}`)
  );
}
