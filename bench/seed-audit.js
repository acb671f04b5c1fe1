// Audit events for the bench, appended straight into a SQLite file before the app starts, with
// the adapter's own chained insert (dist/store/sqlite/audit.js): a real, intact hash chain, and
// a checkpoint signed with the app's AUDIT_KEY every `checkpointEvery` events, as the app signs
// them. Written in batches of one transaction each, which is what makes a million quick.
import Database from 'better-sqlite3';
import { insertAuditEvent } from '../dist/store/sqlite/audit.js';
import { signCheckpoint } from '../dist/audit/checkpoint.js';

/** What staff do most often besides creating requests ('created' events come with the requests). */
const ACTIONS = ['staff.signed-in', 'requests.listed', 'request.viewed', 'triage.started', 'request.status-changed'];
const STAFF = 40;
const BATCH = 10_000;

/**
 * Appends `count` events after the chain's head, their times spread evenly from `from` to `to`:
 * 40 agents (agent0 to agent39) and some public ones, five actions, request references from
 * `references` on the request actions. Signs a checkpoint whenever the head reaches a multiple
 * of `checkpointEvery`, and one at the head when done.
 */
export function appendAuditEvents(sqlitePath, count, { key, from, to, references = [], checkpointEvery = 1000 }) {
  const db = new Database(sqlitePath, { fileMustExist: true });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // generation only: the app and audit:verify read a normal file
  const append = insertAuditEvent(db);
  const head = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
  const checkpoint = db.prepare('INSERT OR IGNORE INTO audit_checkpoints (seq, hash, at, mac) VALUES (@seq, @hash, @at, @mac)');
  const sign = (at) => {
    const link = head.get();
    if (!link) return;
    const signed = signCheckpoint(key, link, at);
    checkpoint.run({ ...signed, at: signed.at.toISOString() });
  };
  const step = count > 0 ? (to.getTime() - from.getTime()) / count : 0;
  const batch = db.transaction((first, last) => {
    for (let i = first; i < last; i++) {
      const at = new Date(from.getTime() + i * step);
      const action = ACTIONS[i % ACTIONS.length];
      const staff = i % STAFF;
      const onRequest = action.startsWith('request.') && references.length > 0;
      append({
        at,
        actor: i % 7 === 0 ? { userId: null, username: null } : { userId: `bench-user-${staff}`, username: `agent${staff}` },
        action: i % 7 === 0 ? 'staff.sign-in-failed:wrong-password' : action,
        reference: i % 7 === 0 ? `agent${staff}` : onRequest ? references[i % references.length] : null,
      });
      if (head.get().seq % checkpointEvery === 0) sign(new Date(at.getTime() + 1));
    }
  });
  for (let first = 0; first < count; first += BATCH) batch(first, Math.min(count, first + BATCH));
  sign(to);
  // Fold the rows into the main file now, as SQLite's own checkpoints would have over months.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
