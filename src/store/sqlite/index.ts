import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../ports.js';
import { StoreUnavailableError } from '../errors.js';
import { translateFaults } from '../faults.js';
import { MIGRATIONS } from './migrations.js';
import { sqliteStaff } from './staff.js';
import { sqliteSessions } from './sessions.js';
import { sqliteRequests } from './requests.js';
import { sqliteAudit } from './audit.js';
import { sqliteTriage } from './triage.js';
import { sqliteJourneys } from './journeys.js';
import { sqliteFigures } from './figures.js';
import { sqliteSetupTokens } from './setup-tokens.js';
import { sqliteSignInAttempts } from './sign-in-attempts.js';
import { sqliteDrafts } from './drafts.js';
import { sqliteHealth } from './health.js';
import { sqliteReviews } from './reviews.js';

export type Db = Database.Database;

/**
 * Faults that may pass: the disk is full or read-only, a file can't be opened, or another
 * process held the write lock past busy_timeout. Extended codes (SQLITE_IOERR_WRITE,
 * SQLITE_READONLY_DBMOVED, SQLITE_BUSY_SNAPSHOT, ...) share their primary code's prefix.
 */
const TRANSIENT = /^SQLITE_(READONLY|FULL|IOERR|CANTOPEN|BUSY|PROTOCOL)(_|$)/;

export function isTransientSqliteError(error: unknown): boolean {
  // A write queued on a connection that a fault made the adapter replace.
  if (error instanceof TypeError && error.message === 'The database connection is not open') return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT.test(code);
}

/** Personal data on disk: the folder only for the app's user (0700), the files 0600. */
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** The database, its write-ahead log and its shared-memory index. */
const filesOf = (path: string) => [path, `${path}-wal`, `${path}-shm`];

/**
 * Opens (creating if needed) the SQLite file, in WAL mode, migrated to the latest schema.
 * After a fault (full or read-only disk, I/O error) the next call opens a fresh connection:
 * one opened while the file was read-only stays read-only even once the file is writable
 * again, so reopening is what lets the app recover by itself.
 */
export function openSqliteStore(path: string): Store {
  const onDisk = path !== ':memory:';
  if (onDisk) {
    mkdirSync(dirname(path), { recursive: true, mode: DIR_MODE });
    // Created 0600 before SQLite opens it, so it is never readable by others, even empty.
    if (!existsSync(path)) closeSync(openSync(path, 'a', FILE_MODE));
  }
  let connection = connect(path, onDisk);
  let faulted = false;
  const current = (): Connection => {
    if (!faulted) return connection;
    // Closed before the new one opens: two connections of one process on a file whose
    // -shm changed under them can end the process with SIGBUS. A group commit still
    // queued on the old one fails as "not open", which is a fault too (isTransient below).
    connection.db.close();
    try {
      connection = connect(path, onDisk);
    } catch (error) {
      throw new StoreUnavailableError('reopen', { cause: error });
    }
    // A connection opened while the file is read-only stays read-only: keep reopening on
    // every call (reads still work on it) until a real write works.
    faulted = !canWrite(connection);
    return connection;
  };
  const onFault = () => {
    faulted = true;
  };
  const guard = <K extends keyof Repositories>(name: K) =>
    translateFaults(name, () => current().repositories[name], isTransientSqliteError, onFault);
  return {
    kind: 'sqlite',
    staff: guard('staff'),
    sessions: guard('sessions'),
    requests: guard('requests'),
    audit: guard('audit'),
    triage: guard('triage'),
    journeys: guard('journeys'),
    figures: guard('figures'),
    setupTokens: guard('setupTokens'),
    signInAttempts: guard('signInAttempts'),
    drafts: guard('drafts'),
    reviews: guard('reviews'),
    health: guard('probe').health,
    close: async () => {
      connection.db.close();
    },
  };
}

interface Repositories {
  staff: Store['staff'];
  sessions: Store['sessions'];
  requests: Store['requests'];
  audit: Store['audit'];
  triage: Store['triage'];
  journeys: Store['journeys'];
  figures: Store['figures'];
  setupTokens: Store['setupTokens'];
  signInAttempts: Store['signInAttempts'];
  drafts: Store['drafts'];
  reviews: Store['reviews'];
  probe: { health: Store['health'] };
}

interface Connection {
  db: Db;
  repositories: Repositories;
  writeProbe: () => void;
}

function connect(path: string, onDisk: boolean): Connection {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    // FULL: a commit is on disk (the WAL is fsynced) before the request is answered, so an
    // acknowledged request survives a power cut, not only a crash of the app. Group commit
    // (group-commit.ts) shares one fsync between the writes that arrive together.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Deleted and overwritten content is zeroed on disk, so erased personal data (a purge, a
    // re-encryption, the clear-text rows an upgrade seals) does not linger in free pages.
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    // SQLite gives the WAL and SHM files the database file's mode; files made by an older
    // version (0644) are narrowed here.
    if (onDisk) filesOf(path).forEach(narrowMode);
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    db,
    repositories: {
      staff: sqliteStaff(db),
      sessions: sqliteSessions(db),
      requests: sqliteRequests(db),
      audit: sqliteAudit(db),
      triage: sqliteTriage(db),
      journeys: sqliteJourneys(db),
      figures: sqliteFigures(db),
      setupTokens: sqliteSetupTokens(db),
      signInAttempts: sqliteSignInAttempts(db),
      drafts: sqliteDrafts(db),
      reviews: sqliteReviews(db),
      probe: sqliteHealth(db),
    },
    writeProbe: () => void db.prepare('INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at').run(new Date().toISOString()),
  };
}

/** A real write (the health probe's row): taking the write lock alone succeeds even read-only. */
function canWrite(connection: Connection): boolean {
  try {
    connection.writeProbe();
    return true;
  } catch (error) {
    if (isTransientSqliteError(error)) return false;
    throw error;
  }
}

function narrowMode(file: string): void {
  if (existsSync(file) && (statSync(file).mode & 0o777) !== FILE_MODE) chmodSync(file, FILE_MODE);
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
