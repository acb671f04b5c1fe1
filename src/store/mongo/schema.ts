/**
 * Collections, $jsonSchema validators and indexes for the MongoDB adapter.
 * Runs at every start; safe to run again (create-or-collMod, createIndexes is idempotent).
 * Only standalone MongoDB 4.4+ features: no transactions.
 */
import { MongoServerError, type Db, type Document, type IndexDescription } from 'mongodb';
import { ROLES, type JourneyEvent } from '../ports.js';

export const COLLECTIONS = {
  staff: 'staff',
  sessions: 'sessions',
  cleansing: 'cleansing_requests',
  audit: 'audit_events',
  triage: 'triage',
  journeys: 'journey_counts',
  auditCheckpoints: 'audit_checkpoints',
} as const;

/** Server error codes used by the adapter. */
const NAMESPACE_EXISTS = 48;
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

const validators: Record<string, Document> = {
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
    },
  ),
  [COLLECTIONS.sessions]: schema(['_id', 'userId', 'createdAt', 'expiresAt'], {
    _id: string,
    userId: string,
    createdAt: date,
    expiresAt: date,
  }),
  [COLLECTIONS.cleansing]: schema(
    [
      '_id',
      'reference',
      'idempotencyKey',
      'status',
      'version',
      'createdAt',
      'newEmail',
      'oldEmail',
      'nhsNumberLast3',
      'lastAccessDate',
      'stepsTaken',
      'senderName',
      'senderOdsCode',
      'senderEmail',
    ],
    {
      _id: string,
      reference: string,
      idempotencyKey: string,
      status: { enum: ['new'] },
      version: { bsonType: ['int', 'long'], minimum: 1 },
      createdAt: date,
      newEmail: string,
      oldEmail: string,
      nhsNumberLast3: { bsonType: 'string', pattern: '^[0-9]{3}$' },
      lastAccessDate: {
        oneOf: [{ bsonType: 'null' }, { bsonType: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }],
      },
      stepsTaken: string,
      senderName: string,
      senderOdsCode: string,
      senderEmail: string,
    },
  ),
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
};

/** Index names are fixed so a duplicate-key error can be mapped back to a field. */
export const INDEX = {
  staffUsername: 'usernameLower_1',
  sessionsUser: 'userId_1',
  sessionsTtl: 'expiresAt_ttl',
  cleansingReference: 'reference_1',
  cleansingIdempotencyKey: 'idempotencyKey_1',
  cleansingNewest: 'createdAt_-1__id_-1',
  auditNewest: 'at_-1__id_-1',
  auditDedupeKey: 'dedupeKey_1',
  triageNewest: 'startedAt_-1__id_-1',
  triageByAgent: 'agent.userId_1_startedAt_-1__id_-1',
  journeysKey: 'treeId_1_nodeId_1_event_1',
  auditSeq: 'seq_1',
  auditByUsername: 'actor.username_1_at_-1_seq_-1',
  auditByAction: 'action_1_at_-1_seq_-1',
  auditByReference: 'reference_1_at_-1_seq_-1',
  auditByAt: 'at_-1_seq_-1',
} as const;

const indexes: Record<string, IndexDescription[]> = {
  [COLLECTIONS.staff]: [{ name: INDEX.staffUsername, key: { usernameLower: 1 }, unique: true }],
  [COLLECTIONS.sessions]: [
    { name: INDEX.sessionsUser, key: { userId: 1 } },
    // The TTL monitor removes expired sessions eventually; find() also checks expiresAt.
    { name: INDEX.sessionsTtl, key: { expiresAt: 1 }, expireAfterSeconds: 0 },
  ],
  [COLLECTIONS.cleansing]: [
    { name: INDEX.cleansingReference, key: { reference: 1 }, unique: true },
    { name: INDEX.cleansingIdempotencyKey, key: { idempotencyKey: 1 }, unique: true },
    { name: INDEX.cleansingNewest, key: { createdAt: -1, _id: -1 } },
  ],
  [COLLECTIONS.audit]: [
    { name: INDEX.auditNewest, key: { at: -1, _id: -1 } },
    {
      name: INDEX.auditDedupeKey,
      key: { dedupeKey: 1 },
      unique: true,
      partialFilterExpression: { dedupeKey: { $type: 'string' } },
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
};

export async function ensureSchema(db: Db): Promise<void> {
  for (const [name, validator] of Object.entries(validators)) {
    try {
      await db.createCollection(name, { validator, validationLevel: 'strict', validationAction: 'error' });
    } catch (err) {
      if (!(err instanceof MongoServerError && err.code === NAMESPACE_EXISTS)) throw err;
      await db.command({ collMod: name, validator, validationLevel: 'strict', validationAction: 'error' });
    }
  }
  for (const [name, specs] of Object.entries(indexes)) {
    await db.collection(name).createIndexes(specs);
  }
}

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
    case INDEX.cleansingReference:
      return 'reference';
    case INDEX.cleansingIdempotencyKey:
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

/** A list limit as Mongo wants it: a positive integer (0 would mean "no limit" to Mongo). */
export function positiveLimit(limit: number): number | null {
  if (!Number.isFinite(limit)) return null;
  const n = Math.floor(limit);
  return n > 0 ? n : null;
}
