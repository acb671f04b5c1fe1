/**
 * Collections, $jsonSchema validators and indexes for the MongoDB adapter: what they should
 * be. setup.ts makes the database match (npm run db:setup) or checks that it does.
 * Only standalone MongoDB 4.4+ features: no transactions.
 */
import { Long, MongoServerError, type Document, type IndexDescription } from 'mongodb';
import { ROLES, type JourneyEvent } from '../ports.js';
import { STATUSES } from '../../requests/statuses.js';
import { REQUEST_KINDS } from '../../requests/kinds.js';

export const COLLECTIONS = {
  staff: 'staff',
  sessions: 'sessions',
  requests: 'requests',
  audit: 'audit_events',
  triage: 'triage',
  journeys: 'journey_counts',
  setupTokens: 'setup_tokens',
  signInAttempts: 'sign_in_attempts',
  signInLocks: 'sign_in_locks',
  drafts: 'drafts',
  health: 'health_probe',
  auditCheckpoints: 'audit_checkpoints',
  requestHistory: 'request_history',
  requestNotes: 'request_notes',
  journeyDays: 'journey_day_counts',
  reviewMarks: 'review_marks',
  reviewQueries: 'review_queries',
} as const;

/** Where requests were kept before encryption: read once at start and emptied (mongo/requests.ts). No validator, no indexes. */
export const LEGACY_CLEANSING_COLLECTION = 'cleansing_requests';

/** Server error codes used by the adapter. */
const DUPLICATE_KEY = 11000;

const string = { bsonType: 'string' };
const nullableString = { bsonType: ['string', 'null'] };
const date = { bsonType: 'date' };
const nullableDate = { bsonType: ['date', 'null'] };
const integer = { bsonType: ['int', 'long'] };
const actor = {
  bsonType: 'object',
  required: ['userId', 'username'],
  additionalProperties: false,
  properties: { userId: nullableString, username: nullableString },
};

const staffRef = {
  bsonType: 'object',
  required: ['userId', 'username', 'displayName'],
  additionalProperties: false,
  properties: { userId: string, username: string, displayName: string },
};
/** A request's history entry (src/requests/model.ts): its type says which other fields it has. */
const historyEntry = {
  bsonType: 'object',
  required: ['type', 'at', 'by', 'version'],
  properties: { type: { enum: ['created', 'status', 'assignment'] }, at: date, version: { ...integer, minimum: 1 } },
};

/** The journey events counted (JourneyEvent in the port). */
export const JOURNEY_EVENTS = ['reached', 'ended'] as const satisfies readonly JourneyEvent[];

function schema(required: string[], properties: Record<string, Document>): Document {
  return {
    $jsonSchema: {
      bsonType: 'object',
      required,
      additionalProperties: false,
      properties,
    },
  };
}

export const validators: Record<string, Document> = {
  [COLLECTIONS.staff]: schema(
    ['_id', 'username', 'usernameLower', 'displayName', 'role', 'passwordHash', 'disabled', 'createdAt'],
    {
      _id: string,
      username: string,
      usernameLower: string,
      displayName: string,
      role: { enum: [...ROLES] },
      passwordHash: string,
      disabled: { bsonType: 'bool' },
      createdAt: date,
      mustChangePassword: { bsonType: 'bool' },
      lastSignInAt: nullableDate,
    },
  ),
  [COLLECTIONS.sessions]: schema(['_id', 'userId', 'createdAt', 'expiresAt'], {
    _id: string,
    userId: string,
    createdAt: date,
    expiresAt: date,
    lastSeenAt: date,
  }),
  [COLLECTIONS.requests]: schema(
    [
      '_id',
      'reference',
      'kind',
      'idempotencyKey',
      'sealedDetails',
      'purgedDetails',
      'oldEmailHash',
      'senderEmailHash',
      'practiceOdsCode',
      'source',
      'ticketReference',
      'createdBy',
      'status',
      'version',
      'assignee',
      'lastChange',
      'createdAt',
      'updatedAt',
      'closedAt',
      'purgedAt',
      'possibleDuplicates',
    ],
    {
      _id: string,
      reference: string,
      kind: { enum: [...REQUEST_KINDS] },
      idempotencyKey: string,
      // Ciphertext (src/requests/vault.ts): no email or name is ever stored in the clear.
      sealedDetails: nullableString,
      purgedDetails: nullableString,
      oldEmailHash: nullableString,
      senderEmailHash: nullableString,
      practiceOdsCode: string,
      source: { enum: ['public', 'ticket'] },
      ticketReference: nullableString,
      createdBy: { oneOf: [{ bsonType: 'null' }, staffRef] },
      status: { enum: [...STATUSES] },
      version: { bsonType: ['int', 'long'], minimum: 1 },
      assignee: { oneOf: [{ bsonType: 'null' }, staffRef] },
      lastChange: { bsonType: 'object', required: ['at', 'by'], additionalProperties: false, properties: { at: date, by: { oneOf: [{ bsonType: 'null' }, staffRef] } } },
      createdAt: date,
      updatedAt: date,
      closedAt: nullableDate,
      purgedAt: nullableDate,
      possibleDuplicates: { bsonType: 'array', items: string },
      lastEntry: historyEntry,
    },
  ),
  [COLLECTIONS.requestHistory]: schema(['_id', 'requestId', 'version', 'entry'], {
    _id: string,
    requestId: string,
    version: { ...integer, minimum: 2 },
    entry: historyEntry,
  }),
  [COLLECTIONS.requestNotes]: schema(['_id', 'requestId', 'at', 'by', 'text', 'confirmedNotPatient'], {
    _id: string,
    requestId: string,
    at: date,
    by: staffRef,
    text: string,
    confirmedNotPatient: { bsonType: 'bool' },
  }),
  [COLLECTIONS.audit]: schema(['_id', 'at', 'actor', 'action', 'reference'], {
    _id: string,
    at: date,
    actor,
    action: string,
    reference: nullableString,
    dedupeKey: string,
    // The hash chain (src/audit/chain.ts); absent only on events from before it, until chained.
    seq: { ...integer, minimum: 1 },
    prev: string,
    hash: string,
  }),
  [COLLECTIONS.auditCheckpoints]: schema(['_id', 'hash', 'at', 'mac'], {
    _id: { ...integer, minimum: 1 },
    hash: string,
    at: date,
    mac: string,
  }),
  [COLLECTIONS.triage]: schema(
    ['_id', 'ticketReference', 'treeId', 'treeVersion', 'agent', 'steps', 'outcome', 'startedAt', 'endedAt', 'version'],
    {
      _id: string,
      ticketReference: string,
      treeId: string,
      treeVersion: integer,
      agent: actor,
      steps: {
        bsonType: 'array',
        items: {
          bsonType: 'object',
          required: ['nodeId', 'answer', 'at'],
          additionalProperties: false,
          properties: { nodeId: string, answer: string, at: date },
        },
      },
      outcome: {
        oneOf: [
          { bsonType: 'null' },
          {
            bsonType: 'object',
            required: ['nodeId', 'result', 'next'],
            additionalProperties: false,
            properties: { nodeId: string, result: { enum: ['resolved', 'not-resolved'] }, next: nullableString },
          },
        ],
      },
      startedAt: date,
      endedAt: nullableDate,
      version: { ...integer, minimum: 1 },
    },
  ),
  [COLLECTIONS.journeys]: schema(['_id', 'treeId', 'nodeId', 'event', 'count'], {
    _id: string,
    treeId: string,
    nodeId: string,
    event: { enum: [...JOURNEY_EVENTS] },
    count: { ...integer, minimum: 1 },
  }),
  [COLLECTIONS.setupTokens]: schema(['_id', 'tokens'], {
    _id: { enum: ['setup'] },
    tokens: {
      bsonType: 'array',
      items: { bsonType: 'object', required: ['hash', 'expiresAt'], additionalProperties: false, properties: { hash: string, expiresAt: date } },
    },
  }),
  [COLLECTIONS.signInAttempts]: schema(['_id', 'key', 'at', 'expiresAt'], { _id: string, key: string, at: date, expiresAt: date }),
  [COLLECTIONS.signInLocks]: schema(['_id', 'until'], { _id: string, until: date }),
  [COLLECTIONS.drafts]: schema(['_id', 'ciphertext', 'expiresAt'], { _id: string, ciphertext: string, expiresAt: date }),
  // Journey tallies per UTC day; the undated journey_counts from before stay readable.
  [COLLECTIONS.journeyDays]: schema(['_id', 'treeId', 'nodeId', 'event', 'day', 'count'], {
    _id: string,
    treeId: string,
    nodeId: string,
    event: { enum: [...JOURNEY_EVENTS] },
    day: { bsonType: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
    count: { ...integer, minimum: 1 },
  }),
  // One document, rewritten by every readiness probe (GET /health/ready).
  [COLLECTIONS.health]: schema(['_id', 'at'], { _id: string, at: date }),
  // Four-eyes review: a team lead's mark of a request or a day, one per lead and target.
  [COLLECTIONS.reviewMarks]: schema(['_id', 'targetKind', 'target', 'by', 'at', 'comment'], {
    _id: string,
    targetKind: { enum: ['request', 'day'] },
    target: string,
    by: staffRef,
    at: date,
    comment: nullableString,
  }),
  [COLLECTIONS.reviewQueries]: schema(['_id', 'reference', 'raisedBy', 'to', 'comment', 'raisedAt', 'answerText', 'answeredBy', 'answeredAt'], {
    _id: string,
    reference: string,
    raisedBy: staffRef,
    to: staffRef,
    comment: string,
    raisedAt: date,
    answerText: nullableString,
    answeredBy: { oneOf: [{ bsonType: 'null' }, staffRef] },
    answeredAt: nullableDate,
  }),
};

/** Index names are fixed so a duplicate-key error can be mapped back to a field. */
export const INDEX = {
  staffUsername: 'usernameLower_1',
  staffActiveLeads: 'role_1_disabled_1',
  sessionsUser: 'userId_1',
  sessionsTtl: 'expiresAt_ttl',
  requestsReference: 'reference_1',
  requestsIdempotencyKey: 'idempotencyKey_1',
  requestsNewest: 'createdAt_-1__id_-1',
  auditNewest: 'at_-1__id_-1',
  auditDedupeKey: 'dedupeKey_1',
  triageNewest: 'startedAt_-1__id_-1',
  triageByAgent: 'agent.userId_1_startedAt_-1__id_-1',
  journeysKey: 'treeId_1_nodeId_1_event_1',
  signInAttemptsByKey: 'key_1_at_1',
  signInAttemptsTtl: 'expiresAt_ttl',
  signInLocksTtl: 'until_ttl',
  draftsTtl: 'expiresAt_ttl',
  auditSeq: 'seq_1',
  auditByUsername: 'actor.username_1_at_-1_seq_-1',
  auditByAction: 'action_1_at_-1_seq_-1',
  auditByReference: 'reference_1_at_-1_seq_-1',
  auditByAt: 'at_-1_seq_-1',
  requestsByStatus: 'status_1_createdAt_-1__id_-1',
  requestsByKind: 'kind_1_status_1_createdAt_-1__id_-1',
  requestsByAssignee: 'assignee.userId_1_status_1_createdAt_-1__id_-1',
  requestsByPractice: 'practiceOdsCode_1_status_1_createdAt_-1__id_-1',
  requestsByTicket: 'ticketReference_1',
  requestsByOldEmail: 'oldEmailHash_1_createdAt_-1__id_-1',
  requestsToPurge: 'closedAt_1_purgedAt_1',
  requestsByClosed: 'status_1_closedAt_1',
  historyByRequest: 'requestId_1_version_1',
  notesByRequest: 'requestId_1_at_1__id_1',
  journeyDaysKey: 'treeId_1_nodeId_1_event_1_day_1',
  journeyDaysByDay: 'day_1',
  triageByEnded: 'endedAt_1',
  requestsByCreated: 'createdAt_1_practiceOdsCode_1_kind_1_status_1',
  cleansingByCreated: 'createdAt_1_senderOdsCode_1_status_1',
  reviewMarksByTarget: 'targetKind_1_target_-1_at_1',
  reviewQueriesByReference: 'reference_1_raisedAt_1__id_1',
  reviewQueriesOpenByAddressee: 'to.userId_1_answeredAt_1_raisedAt_1__id_1',
  reviewQueriesOpen: 'answeredAt_1_raisedAt_1__id_1',
} as const;

export const indexes: Record<string, IndexDescription[]> = {
  [COLLECTIONS.staff]: [
    { name: INDEX.staffUsername, key: { usernameLower: 1 }, unique: true },
    // The last-active-team-lead guard counts { role: 'team-lead', disabled: false }.
    { name: INDEX.staffActiveLeads, key: { role: 1, disabled: 1 } },
  ],
  [COLLECTIONS.sessions]: [
    { name: INDEX.sessionsUser, key: { userId: 1 } },
    // The TTL monitor removes expired sessions eventually; find() also checks expiresAt.
    { name: INDEX.sessionsTtl, key: { expiresAt: 1 }, expireAfterSeconds: 0 },
  ],
  [COLLECTIONS.requests]: [
    { name: INDEX.requestsReference, key: { reference: 1 }, unique: true },
    { name: INDEX.requestsIdempotencyKey, key: { idempotencyKey: 1 }, unique: true },
    { name: INDEX.requestsNewest, key: { createdAt: -1, _id: -1 } },
    // The queue's filters, each in its (createdAt, _id) order.
    { name: INDEX.requestsByStatus, key: { status: 1, createdAt: -1, _id: -1 } },
    { name: INDEX.requestsByKind, key: { kind: 1, status: 1, createdAt: -1, _id: -1 } },
    { name: INDEX.requestsByAssignee, key: { 'assignee.userId': 1, status: 1, createdAt: -1, _id: -1 } },
    { name: INDEX.requestsByPractice, key: { practiceOdsCode: 1, status: 1, createdAt: -1, _id: -1 } },
    { name: INDEX.requestsByTicket, key: { ticketReference: 1 } },
    // The duplicate check (by keyed hash, open ones) and the retention purge (closed, not purged).
    { name: INDEX.requestsByOldEmail, key: { oldEmailHash: 1, createdAt: -1, _id: -1 } },
    { name: INDEX.requestsToPurge, key: { closedAt: 1, purgedAt: 1 } },
    // Figures and "review a sample": requests closed within a date range.
    { name: INDEX.requestsByClosed, key: { status: 1, closedAt: 1 } },
  ],
  [COLLECTIONS.requestHistory]: [{ name: INDEX.historyByRequest, key: { requestId: 1, version: 1 }, unique: true }],
  [COLLECTIONS.requestNotes]: [{ name: INDEX.notesByRequest, key: { requestId: 1, at: 1, _id: 1 } }],
  [COLLECTIONS.audit]: [
    { name: INDEX.auditNewest, key: { at: -1, _id: -1 } },
    {
      name: INDEX.auditDedupeKey,
      key: { dedupeKey: 1 },
      unique: true,
      // $exists (not $type): the planner can use a partial index for {dedupeKey: 'x'} only
      // when the query implies the filter, and equality implies existence.
      partialFilterExpression: { dedupeKey: { $exists: true } },
    },
    // One event per sequence number: two appends that read the same head cannot both land.
    { name: INDEX.auditSeq, key: { seq: 1 }, unique: true, partialFilterExpression: { seq: { $exists: true } } },
    // The audit page's order, newest first by (at, seq), for each filter.
    { name: INDEX.auditByUsername, key: { 'actor.username': 1, at: -1, seq: -1 } },
    { name: INDEX.auditByAction, key: { action: 1, at: -1, seq: -1 } },
    { name: INDEX.auditByReference, key: { reference: 1, at: -1, seq: -1 } },
    { name: INDEX.auditByAt, key: { at: -1, seq: -1 } },
  ],
  [COLLECTIONS.triage]: [
    { name: INDEX.triageNewest, key: { startedAt: -1, _id: -1 } },
    { name: INDEX.triageByAgent, key: { 'agent.userId': 1, startedAt: -1, _id: -1 } },
  ],
  // One tally per (tree, node, event): concurrent first increments cannot create two.
  [COLLECTIONS.journeys]: [{ name: INDEX.journeysKey, key: { treeId: 1, nodeId: 1, event: 1 }, unique: true }],
  // TTL indexes tidy up; every read also checks the time, as the monitor runs about once a minute.
  [COLLECTIONS.signInAttempts]: [
    { name: INDEX.signInAttemptsByKey, key: { key: 1, at: 1 } },
    { name: INDEX.signInAttemptsTtl, key: { expiresAt: 1 }, expireAfterSeconds: 0 },
  ],
  [COLLECTIONS.signInLocks]: [{ name: INDEX.signInLocksTtl, key: { until: 1 }, expireAfterSeconds: 0 }],
  [COLLECTIONS.drafts]: [{ name: INDEX.draftsTtl, key: { expiresAt: 1 }, expireAfterSeconds: 0 }],
  [COLLECTIONS.setupTokens]: [],
  // Checkpoints are found by _id (their sequence number): no other index.
  [COLLECTIONS.auditCheckpoints]: [],
  [COLLECTIONS.health]: [],
  // One tally per (tree, node, event, day); the figures page reads a date range by day.
  [COLLECTIONS.journeyDays]: [
    { name: INDEX.journeyDaysKey, key: { treeId: 1, nodeId: 1, event: 1, day: 1 }, unique: true },
    { name: INDEX.journeyDaysByDay, key: { day: 1 } },
  ],
};
// The figures page: triages finished and requests created within a date range.
indexes[COLLECTIONS.triage]!.push({ name: INDEX.triageByEnded, key: { endedAt: 1 } });
indexes[COLLECTIONS.requests]!.push({ name: INDEX.requestsByCreated, key: { createdAt: 1, practiceOdsCode: 1, kind: 1, status: 1 } });
// Four-eyes review: a target's marks (and the days reviewed, newest first); a request's queries;
// open queries (answeredAt null) for one addressee and for everyone, oldest first.
indexes[COLLECTIONS.reviewMarks] = [{ name: INDEX.reviewMarksByTarget, key: { targetKind: 1, target: -1, at: 1 } }];
indexes[COLLECTIONS.reviewQueries] = [
  { name: INDEX.reviewQueriesByReference, key: { reference: 1, raisedAt: 1, _id: 1 } },
  { name: INDEX.reviewQueriesOpenByAddressee, key: { 'to.userId': 1, answeredAt: 1, raisedAt: 1, _id: 1 } },
  { name: INDEX.reviewQueriesOpen, key: { answeredAt: 1, raisedAt: 1, _id: 1 } },
];

export function isDuplicateKeyError(err: unknown): err is MongoServerError {
  return err instanceof MongoServerError && err.code === DUPLICATE_KEY;
}

/**
 * Which indexed field a duplicate-key error is about: `keyPattern` when the server sends it
 * (4.4+ does), else the index name in the message.
 */
export function duplicateKeyField(err: MongoServerError): string | null {
  const keyPattern: unknown = err.keyPattern;
  if (keyPattern !== null && typeof keyPattern === 'object') {
    const [field] = Object.keys(keyPattern);
    if (field !== undefined) return field;
  }
  const index = /index: (\S+)/.exec(err.message)?.[1];
  switch (index) {
    case INDEX.staffUsername:
      return 'usernameLower';
    case INDEX.requestsReference:
      return 'reference';
    case INDEX.requestsIdempotencyKey:
      return 'idempotencyKey';
    case INDEX.auditDedupeKey:
      return 'dedupeKey';
    case INDEX.auditSeq:
      return 'seq';
    case '_id_':
      return '_id';
    default:
      return null;
  }
}

/**
 * Guard for values that reach a filter: the types say string, this makes sure at run time
 * that nothing else (say an object like { $ne: null } from a request body) gets through.
 */
export function asString(value: string): string {
  if (typeof value !== 'string') throw new TypeError('expected a string query value');
  return value;
}

/** As `asString`, for dates. */
export function asDate(value: Date): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new TypeError('expected a valid Date');
  return value;
}

const INT32_MAX = 2 ** 31 - 1;

/**
 * A whole number as the `int`/`long` validators want it. The driver sends a JS number that
 * fits in 32 bits as an int and any other as a double, which the validators refuse: from
 * 2^31 up it goes as a Long. Reads give plain numbers back (the driver's promoteLongs).
 */
export function asWhole(value: number): number | Long {
  if (!Number.isSafeInteger(value)) throw new TypeError('expected a whole number');
  return Math.abs(value) <= INT32_MAX ? value : Long.fromNumber(value);
}

/** Back from a stored whole number (a Long only when promoteLongs could not make it a number). */
export function fromWhole(value: number | Long): number {
  return typeof value === 'number' ? value : value.toNumber();
}

/** A list limit as Mongo wants it: a positive integer (0 would mean "no limit" to Mongo). */
export function positiveLimit(limit: number): number | null {
  if (!Number.isFinite(limit)) return null;
  const n = Math.floor(limit);
  return n > 0 ? n : null;
}
