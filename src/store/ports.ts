import type { HistoryEntry, Note, StaffRef } from '../requests/model.js';
import type { QueueFilter } from '../requests/queue-query.js';
import type { RequestStatus } from '../requests/statuses.js';
import type { RequestKind } from '../requests/kinds.js';

/**
 * The store port: what the domain needs from a database, in domain types only.
 * Two adapters implement it (src/store/sqlite, src/store/mongo); one contract test suite
 * (test/store/contract.ts) holds them both to it. No driver type crosses this line.
 */

export type Role = 'agent' | 'team-lead';
export const ROLES: readonly Role[] = ['agent', 'team-lead'];

export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  createdAt: Date;
  /** Set by a team lead's password reset: every staff page leads to the change-password page until it is changed. */
  mustChangePassword: boolean;
  /** The last successful sign-in, or null for never. */
  lastSignInAt: Date | null;
}

export interface NewStaffUser {
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
}

export interface StaffRepository {
  count(): Promise<number>;
  /** Throws DuplicateKeyError('username') when the username (case-insensitive) is taken. */
  create(user: NewStaffUser): Promise<StaffUser>;
  findById(id: string): Promise<StaffUser | null>;
  findByUsername(username: string): Promise<StaffUser | null>;
  list(): Promise<StaffUser[]>;
  /**
   * Disabling the last active team lead is refused ('last-team-lead'), checked in the store so
   * that two leads disabling each other at once cannot leave none (see the adapters).
   */
  setDisabled(id: string, disabled: boolean): Promise<StaffChange>;
  /** As setDisabled: making the last active team lead an agent is refused. */
  setRole(id: string, role: Role): Promise<StaffChange>;
  /** A new password hash; `mustChange` marks it temporary (a reset). */
  setPassword(id: string, passwordHash: string, mustChange: boolean): Promise<StaffChange>;
  recordSignIn(id: string, at: Date): Promise<void>;
}

/** What a guarded staff change did. */
export type StaffChange = 'changed' | 'not-found' | 'last-team-lead';

export interface StaffSession {
  /** SHA-256 of the cookie token: a leaked table does not give working cookies. */
  tokenHash: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  /** Last time the session was used (for the idle timeout); createdAt until first touched. */
  lastSeenAt?: Date;
}

export interface SessionRepository {
  create(session: StaffSession): Promise<void>;
  /** Null when missing or expired. */
  find(tokenHash: string, now: Date): Promise<StaffSession | null>;
  /** The session even when it has expired, until it is purged: so its expiry can be recorded. */
  lookup(tokenHash: string): Promise<StaffSession | null>;
  /** Records use of the session (the sliding idle timeout). */
  touch(tokenHash: string, lastSeenAt: Date): Promise<void>;
  delete(tokenHash: string): Promise<void>;
  deleteForUser(userId: string): Promise<void>;
}

/** The five statuses of src/requests/statuses.ts (New, In progress, Waiting for practice, Completed, Rejected). */
export type CleansingStatus = RequestStatus;

/** Seed 004's cleansing-request fields, as the cleansing form gives them. */
export interface CleansingRequestInput {
  newEmail: string;
  oldEmail: string;
  nhsNumberLast3: string;
  /** ISO date (YYYY-MM-DD) or null when not known. */
  lastAccessDate: string | null;
  stepsTaken: string;
  senderName: string;
  senderOdsCode: string;
  senderEmail: string;
}

/**
 * One request of any kind as the store keeps it (src/requests/model.ts is the domain's view).
 * What every kind shares, and what the queue filters on, is in the clear; the kind's details
 * (every email, name and free text the sender gave) are one value sealed by
 * src/requests/vault.ts (AES-256-GCM under the data key) that the store never reads, with keyed
 * hashes (HMAC-SHA-256) of the addresses beside it for equality look-ups.
 */
export interface StoredRequest {
  id: string;
  reference: string;
  kind: RequestKind;
  /** One per check-your-answers page: a repeated submission finds the first request. */
  idempotencyKey: string;
  /** Opaque ciphertext of the details; null once the retention purge has erased them. */
  sealedDetails: string | null;
  /** The kept details (src/requests/retention.ts) in the clear, written by the purge; null before it. */
  purgedDetails: string | null;
  /** Keyed hashes of the normalised old email (cleansing) and sender email; null once purged. */
  oldEmailHash: string | null;
  senderEmailHash: string | null;
  practiceOdsCode: string;
  source: RequestSource;
  /** The agent who wrote it up from a ticket, or null for the public form. */
  createdBy: StaffRef | null;
  status: RequestStatus;
  /** Optimistic-concurrency version, starts at 1. */
  version: number;
  assignee: StaffRef | null;
  /** Who made the change that produced the current version, and when (the conflict message). */
  lastChange: { at: Date; by: StaffRef | null };
  createdAt: Date;
  updatedAt: Date;
  /** When it last became Completed or Rejected; null while open. */
  closedAt: Date | null;
  purgedAt: Date | null;
  /** References of open requests this one may duplicate (linked both ways). */
  possibleDuplicates: string[];
}

export type NewStoredRequest = Pick<
  StoredRequest,
  'reference' | 'kind' | 'idempotencyKey' | 'sealedDetails' | 'oldEmailHash' | 'senderEmailHash' | 'practiceOdsCode' | 'source' | 'createdBy' | 'createdAt' | 'possibleDuplicates'
>;

/** Where a request came from: GP staff on the public form, or an agent from a phone or email ticket. */
export type RequestSource = { channel: 'public' } | { channel: 'ticket'; ticketReference: string };

/** A checked change (src/requests/changes.ts): the new state and the history entry that explains it. */
export interface CleansingChange {
  status: RequestStatus;
  assignee: StaffRef | null;
  closedAt: Date | null;
  /** Its version must be expectedVersion + 1; its at and by become lastChange. */
  entry: HistoryEntry;
}
export type RequestChange = CleansingChange;

/** What is written with a new request, or not at all: its audit event and, optionally, the sender's draft. */
export interface CreateWith {
  audit: (stored: StoredRequest) => NewAuditEvent;
  /** Replaces the form's draft (say, with just the reference) in the same write as the request. */
  draft?: (stored: StoredRequest) => { id: string; ciphertext: string; expiresAt: Date };
}

/**
 * What is written with a change, or not at all: its audit event (SQLite: in the same commit;
 * MongoDB: right after, idempotent by its dedupeKey when it has one).
 */
export interface ChangeWith {
  audit: (stored: StoredRequest) => NewAuditEvent;
}

/** New sealed values for one request (key rotation), written only if it is still sealed as read. */
export interface Reseal {
  id: string;
  expectedSealed: string;
  sealedDetails: string;
  oldEmailHash: string | null;
  senderEmailHash: string | null;
}

export interface RequestRepository {
  /**
   * Inserts the request, or returns the one already stored under the same idempotency key
   * (created: false), and records `with.audit(stored request)` (and writes `with.draft`) with
   * it. Each request in its `possibleDuplicates` gets the new reference in its own (the other
   * half of the link, added once however often asked). Throws DuplicateKeyError('reference')
   * when the reference is taken. SQLite writes all in one transaction; MongoDB (no
   * transactions) writes the request, then the event idempotently by its dedupeKey, then the
   * links and the draft, on every attempt, so a retry completes what a failure left half-done.
   */
  create(request: NewStoredRequest, also: CreateWith): Promise<{ request: StoredRequest; created: boolean }>;
  findByReference(reference: string): Promise<StoredRequest | null>;
  /** How many are stored; on MongoDB from collection metadata (no scan), so it may be an estimate. */
  count(): Promise<number>;
  /**
   * Applies the change if the stored version is still `expectedVersion` (a conditional
   * update), with its history entry; returns the updated request, or null when someone else
   * changed it first (or it does not exist). Nothing is written on null.
   */
  change(id: string, expectedVersion: number, change: RequestChange, also?: ChangeWith): Promise<StoredRequest | null>;
  /** The history entries changes wrote, oldest first (the 'created' entry is not stored: it is the request itself). */
  history(id: string): Promise<HistoryEntry[]>;
  /** Appends an internal note; notes are never edited, so they need no version. */
  addNote(id: string, note: Note): Promise<void>;
  /** Oldest first. */
  notes(id: string): Promise<Note[]>;
  /**
   * The queue: requests matching the filter (src/requests/queue-query.ts) in its order by
   * (createdAt, id), after its cursor, at most `limit`. Each filter has an index in that order.
   */
  queue(filter: QueueFilter): Promise<StoredRequest[]>;
  /**
   * References of open (not Completed or Rejected) requests whose old email hash is one of
   * these, newest first, at most `limit`: found by walking the (hash, time) index from the
   * newest, so the cost stays flat however many share the address.
   */
  openWithOldEmail(hashes: readonly string[], limit: number): Promise<string[]>;
  /**
   * Retention: every request closed at or before `closedBefore` and not yet purged loses its
   * sealed details, hashes, notes and the free text of its history; `purgedDetails(request)`
   * is kept in their place. Returns the references purged. Idempotent.
   */
  purgeClosedBefore(closedBefore: Date, at: Date, purgedDetails: (request: StoredRequest) => string): Promise<string[]>;
  /** Up to `limit` requests whose sealed details are not under `keyId` (for key rotation), by id. */
  sealedNotUnder(keyId: string, limit: number): Promise<StoredRequest[]>;
  /** Writes new sealed values; false when the request was resealed or purged meanwhile. */
  reseal(change: Reseal): Promise<boolean>;
  /** Completed requests closed within [from, to), at most `limit`, in a random order ("review a sample"). */
  sampleClosed(from: Date, to: Date, status: RequestStatus, limit: number): Promise<StoredRequest[]>;
}

export interface AuditActor {
  /** Staff user id, or null for a member of the public (GP-practice staff). */
  userId: string | null;
  username: string | null;
}

export interface NewAuditEvent {
  at: Date;
  actor: AuditActor;
  /** What happened, e.g. "request.created". Never personal data. */
  action: string;
  /** The cleansing request (or other record) reference it concerns, if any. */
  reference: string | null;
  /** When set, recording the same key twice stores one event (retries stay single). */
  dedupeKey?: string;
}

/** A place in the hash chain: an event's sequence number and its hash. */
export interface AuditLink {
  seq: number;
  /** Hex SHA-256 (src/audit/chain.ts). */
  hash: string;
}

/** A stored event: its place in the chain and the previous event's hash. */
export interface AuditEvent extends NewAuditEvent {
  /** The sequence number as text (kept for callers that want an opaque id). */
  id: string;
  /** 1, 2, 3, … with no gaps: the order the events were appended in. */
  seq: number;
  /** The hash of event seq - 1 (the genesis value for event 1). */
  prev: string;
  hash: string;
}

/** The chain's head at a moment, signed with a key the database does not hold (src/audit/checkpoint.ts). */
export interface AuditCheckpoint extends AuditLink {
  at: Date;
  /** Hex HMAC-SHA-256 over the canonical {seq, hash, at}. */
  mac: string;
}

/** What the audit log page and export filter on; every field from a zod-parsed query. */
export interface AuditFilter {
  username?: string;
  action?: string;
  reference?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Keyset cursor: only events after this one (by its sequence number) in the listing order. */
  beforeSeq?: number;
  limit: number;
}

export interface AuditRepository {
  /**
   * Appends the event to the hash chain (the next sequence number, its hash over the previous
   * one); a repeated dedupeKey stores one event. Appends from concurrent requests and from
   * several processes on one store keep one unbroken sequence.
   */
  record(event: NewAuditEvent): Promise<void>;
  /** Newest first. */
  list(options: { limit: number }): Promise<AuditEvent[]>;
  /** The newest event's place in the chain, or null when the log is empty. */
  head(): Promise<AuditLink | null>;
  /** Events with seq > afterSeq, oldest first, at most `limit`: for walking the chain in batches. */
  range(options: { afterSeq: number; limit: number }): Promise<AuditEvent[]>;
  /**
   * Matching events, newest first (by time, then sequence number: each filter's index gives
   * that order, with a date range too), at most `limit`.
   */
  search(filter: AuditFilter): Promise<AuditEvent[]>;
  /** Stores a checkpoint; one for the same seq already stored is kept. */
  addCheckpoint(checkpoint: AuditCheckpoint): Promise<void>;
  /** Every checkpoint, oldest first. */
  checkpoints(): Promise<AuditCheckpoint[]>;
  /** The checkpoint with the highest seq, or null. */
  latestCheckpoint(): Promise<AuditCheckpoint | null>;
}

/** One answer given during an agent's triage: the node it answered and when. */
export interface TriageStep {
  nodeId: string;
  /** The choice id or check result; '<back>' when the agent went back a step. */
  answer: string;
  at: Date;
}

export interface TriageOutcome {
  nodeId: string;
  result: 'resolved' | 'not-resolved';
  /** Where "not resolved" leads: 'contact-form', 'cleansing-request', 'escalation', or null. */
  next: string | null;
}

export interface NewTriage {
  /** The service-desk ticket this triage is for (not personal data: a ticket number). */
  ticketReference: string;
  treeId: string;
  treeVersion: number;
  agent: AuditActor;
  startedAt: Date;
}

export interface Triage extends NewTriage {
  id: string;
  steps: TriageStep[];
  outcome: TriageOutcome | null;
  endedAt: Date | null;
  /** Optimistic-concurrency version, starts at 1, +1 on every update. */
  version: number;
}

export interface TriageRepository {
  start(triage: NewTriage): Promise<Triage>;
  findById(id: string): Promise<Triage | null>;
  /**
   * Replaces the steps (and, when finishing, the outcome and end time) if the stored version
   * is still `expectedVersion`; returns the updated record, or null when someone else
   * changed it first (or it does not exist).
   */
  update(
    id: string,
    expectedVersion: number,
    change: { steps: TriageStep[]; outcome: TriageOutcome | null; endedAt: Date | null },
  ): Promise<Triage | null>;
  /** Newest first; only that agent's when agentId is given. */
  list(options: { limit: number; agentId?: string }): Promise<Triage[]>;
  /** How many are stored; on MongoDB from collection metadata (no scan), so it may be an estimate. */
  count(): Promise<number>;
}

/** Anonymous counts of GP-staff journeys: no personal data, no IP address, just tallies. */
export type JourneyEvent = 'reached' | 'ended';

export interface JourneyCount {
  treeId: string;
  nodeId: string;
  event: JourneyEvent;
  count: number;
}

export interface JourneyCountRepository {
  /**
   * Adds `count` to the tally for that UTC day ('YYYY-MM-DD'), creating it. Safe under
   * concurrent calls. The day is a date, never a time: still no way back to one person.
   */
  add(treeId: string, nodeId: string, event: JourneyEvent, count: number, day: string): Promise<void>;
  /** Every tally summed over all days (undated ones from before daily tallies included), ordered by tree, node, event. */
  list(): Promise<JourneyCount[]>;
}

/** UTC calendar days 'YYYY-MM-DD', both ends included. */
export interface DayRange {
  from: string;
  to: string;
}

export interface JourneyDayCount extends JourneyCount {
  day: string;
}

/** One tally's key without a day: a node of a tree and an event there. */
export interface JourneyPoint {
  treeId: string;
  nodeId: string;
  event: JourneyEvent;
}

/** Who sent a request, in the figures: GP-practice staff on the public form, or an agent. */
export type FiguresSource = 'public' | 'agent';

/**
 * What the team leads' figures page needs, each computed in the store (grouped queries or an
 * aggregation over an index), so the answer's size depends on the range, never on how many
 * records there are. Request figures are grouped by columns only, so a breakdown by status is
 * one more GROUP BY column.
 */
export interface FiguresRepository {
  /** Dated journey tallies within the range, summed per tree, node and event. */
  journeyTotals(range: DayRange): Promise<JourneyCount[]>;
  /** Dated journey tallies of just these points within the range, per day; ordered by day, tree, node, event. */
  journeyDays(range: DayRange, points: readonly JourneyPoint[]): Promise<JourneyDayCount[]>;
  /** Requests created within the range (UTC days) per practice ODS code, most first (then by code), at most `limit`. */
  requestsByPractice(range: DayRange, limit: number): Promise<Array<{ odsCode: string; count: number }>>;
  /**
   * Requests created per UTC day and source, from the audit log's 'request.created'
   * events (a staff actor means an agent raised it from a triage); ordered by day, source.
   */
  requestsByDay(range: DayRange): Promise<Array<{ day: string; source: FiguresSource; count: number }>>;
  /** Triages finished within the range per agent (username as recorded), most first, then by username. */
  triagesFinishedByAgent(range: DayRange): Promise<Array<{ username: string | null; count: number }>>;
  /** For each cutoff, how many requests in one of `openStatuses` were created before it. */
  openCreatedBefore(cutoffs: readonly Date[], openStatuses: readonly string[]): Promise<number[]>;
  /** Requests created within the range per kind, status and channel (public form or ticket). */
  requestsByKindStatusSource(range: DayRange): Promise<Array<{ kind: RequestKind; status: RequestStatus; source: 'public' | 'ticket'; count: number }>>;
  /** As requestsByPractice, for one kind only (the practices with repeat problems of that kind). */
  requestsByPracticeOfKind(range: DayRange, kind: RequestKind, limit: number): Promise<Array<{ odsCode: string; count: number }>>;
  /**
   * Requests closed as Completed within the range: how many, and the median time from
   * arrival to completion in milliseconds (null when none), found by an ordered, indexed read.
   */
  completionTime(range: DayRange): Promise<{ completed: number; medianMs: number | null }>;
  /** Requests closed as Completed within the range per agent who completed them (username), most first. */
  completedByAgent(range: DayRange): Promise<Array<{ username: string | null; count: number }>>;
  /** Review queries not yet answered, now, per agent they are addressed to (username), most first (the open-queries index). */
  openQueriesByAgent(): Promise<Array<{ username: string; count: number }>>;
}

/**
 * The one-time set-up link's tokens (hashed). Several may be live (one per process start
 * while there are no staff accounts); claiming any one of them ends them all, atomically.
 */
export interface SetupTokenRepository {
  /** Adds a token; expired ones are dropped. */
  issue(tokenHash: string, expiresAt: Date): Promise<void>;
  /** Whether the token is live now (for showing the form). */
  isLive(tokenHash: string, now: Date): Promise<boolean>;
  /**
   * Ends every set-up token if this one is live; true for exactly one of any number of
   * concurrent callers, false for the rest (and for a token that is expired or unknown).
   */
  claim(tokenHash: string, now: Date): Promise<boolean>;
}

/**
 * Sign-in attempts and locks, per key ('user:<username lower-cased>' or 'ip:<address>'):
 * shared by every process on the store, kept across restarts.
 */
export interface SignInAttemptRepository {
  /**
   * Records an attempt (counted as a failure unless forgotten) and returns its id and how many
   * attempts for the key are on record within the window ending at `at`, this one included.
   */
  begin(key: string, at: Date, windowMs: number): Promise<{ id: string; recent: number }>;
  /** The attempt succeeded (or was never tried): it no longer counts. */
  forget(id: string): Promise<void>;
  lock(key: string, until: Date): Promise<void>;
  /** When the key's lock ends, or null when it is not locked at `now`. */
  lockedUntil(key: string, now: Date): Promise<Date | null>;
  /** Every key locked at `now`. */
  locked(now: Date): Promise<{ key: string; until: Date }[]>;
  /** Lifts the key's lock and forgets its attempts. */
  clear(key: string): Promise<void>;
}

/** Short-lived encrypted drafts of a form's answers between its steps (post/redirect/get). */
export interface DraftRepository {
  /** Creates or replaces the draft. `ciphertext` is opaque to the store. */
  save(id: string, ciphertext: string, expiresAt: Date): Promise<void>;
  /** Null when missing or expired. */
  find(id: string, now: Date): Promise<string | null>;
  delete(id: string): Promise<void>;
  /** Deletes every expired draft; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

/** What a team lead marks as reviewed (four-eyes review): one request, or one day's audit events. */
export type ReviewTargetKind = 'request' | 'day';

export interface ReviewMark {
  targetKind: ReviewTargetKind;
  /** A request reference, or a calendar day 'YYYY-MM-DD'. */
  target: string;
  by: StaffRef;
  at: Date;
  /** The lead's words, already through the personal-data guard; null when none. */
  comment: string | null;
}

/** A team lead's question to an agent about one request. */
export interface NewReviewQuery {
  reference: string;
  raisedBy: StaffRef;
  /** Who is asked to answer. */
  to: StaffRef;
  comment: string;
  raisedAt: Date;
}

export interface ReviewAnswer {
  text: string;
  by: StaffRef;
  at: Date;
}

export interface ReviewQuery extends NewReviewQuery {
  id: string;
  /** Null while the query is open. */
  answer: ReviewAnswer | null;
}

export type AnswerOutcome =
  | { outcome: 'answered'; query: ReviewQuery }
  /** Someone answered first (another tab): their answer is kept and returned. */
  | { outcome: 'already-answered'; query: ReviewQuery }
  | { outcome: 'not-found' };

export interface ReviewRepository {
  /**
   * Stores the mark unless this lead has marked this target already: then the first mark is
   * kept and returned (created: false). Safe under concurrent calls (a unique key).
   */
  mark(mark: ReviewMark): Promise<{ mark: ReviewMark; created: boolean }>;
  /** The marks of one target, oldest first. */
  marksOf(targetKind: ReviewTargetKind, target: string): Promise<ReviewMark[]>;
  /** Days marked reviewed, newest day first (then oldest mark first), at most `limit` marks. */
  dayMarks(options: { limit: number }): Promise<ReviewMark[]>;
  raise(query: NewReviewQuery): Promise<ReviewQuery>;
  findQuery(id: string): Promise<ReviewQuery | null>;
  /** The queries about one request, oldest first. */
  queriesAbout(reference: string): Promise<ReviewQuery[]>;
  /** Open queries, oldest first: those addressed to `toUserId`, or everyone's when it is not given. */
  openQueries(options: { toUserId?: string; limit: number }): Promise<ReviewQuery[]>;
  /** How many open queries are addressed to this staff member. */
  countOpen(toUserId: string): Promise<number>;
  /** A conditional write: only an open query takes the answer; the first answer stays. */
  answer(id: string, answer: ReviewAnswer): Promise<AnswerOutcome>;
}

export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  staff: StaffRepository;
  sessions: SessionRepository;
  requests: RequestRepository;
  audit: AuditRepository;
  triage: TriageRepository;
  journeys: JourneyCountRepository;
  figures: FiguresRepository;
  setupTokens: SetupTokenRepository;
  signInAttempts: SignInAttemptRepository;
  drafts: DraftRepository;
  reviews: ReviewRepository;
  /**
   * Readiness probe (GET /health/ready): writes one probe record and reads it back. Throws
   * StoreUnavailableError when the store can't do both right now. Holds no personal data.
   */
  health(at: Date): Promise<void>;
  close(): Promise<void>;
}

/** A unique constraint said no. `key` names the domain field, not the index. */
export class DuplicateKeyError extends Error {
  constructor(readonly key: 'username' | 'reference' | 'idempotencyKey') {
    super(`duplicate ${key}`);
    this.name = 'DuplicateKeyError';
  }
}
