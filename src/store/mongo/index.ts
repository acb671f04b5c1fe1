import { MongoClient, MongoServerError } from 'mongodb';
import type { Store } from '../ports.js';
import { StoreUnavailableError } from '../errors.js';
import { translateFaults } from '../faults.js';
import { mongoAuditRepository } from './audit.js';
import { carryOverLegacyRequests, mongoRequestRepository } from './requests.js';
import { isTransientMongoError } from './faults.js';
import { mongoHealth } from './health.js';
import { mongoJourneyCountRepository } from './journeys.js';
import { mongoFiguresRepository } from './figures.js';
import { mongoSessionRepository } from './sessions.js';
import { checkSchema, setupSchema } from './setup.js';
import { mongoStaffRepository } from './staff.js';
import { mongoTriageRepository } from './triage.js';
import { mongoSetupTokenRepository } from './setup-tokens.js';
import { mongoSignInAttemptRepository } from './sign-in-attempts.js';
import { mongoDraftRepository } from './drafts.js';
import { mongoReviewRepository } from './reviews.js';

export interface MongoStoreOptions {
  uri: string;
  dbName: string;
  /** How long an operation (and the start) waits for a server; the driver's default is 30 s. */
  serverSelectionTimeoutMS?: number;
  /** Set up collections, validators and indexes at start (else only check they exist). */
  autoSetup?: boolean;
}

const UNAUTHORIZED = 13;

/**
 * The client every connection uses. An acknowledged write is journaled on a majority of the
 * replica set (on a standalone server: journaled on that server); a majority that does not
 * answer within 10 s fails the write (a 503, retried safely thanks to idempotency keys).
 */
export function mongoClient(options: Pick<MongoStoreOptions, 'uri' | 'serverSelectionTimeoutMS'>): MongoClient {
  return new MongoClient(options.uri, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000,
    writeConcern: { w: 'majority', journal: true, wtimeoutMS: 10_000 },
  });
}

export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const client = mongoClient(options);
  try {
    await client.connect();
    const db = client.db(options.dbName);
    await prepareSchema(db, options.autoSetup ?? true);
    await carryOverLegacyRequests(db);
    const guard = <T extends object>(name: string, repository: T) => translateFaults(name, () => repository, isTransientMongoError);
    const audit = mongoAuditRepository(db);
    return {
      kind: 'mongodb',
      staff: guard('staff', mongoStaffRepository(db)),
      sessions: guard('sessions', mongoSessionRepository(db)),
      requests: guard('requests', mongoRequestRepository(db, audit)),
      audit: guard('audit', audit),
      triage: guard('triage', mongoTriageRepository(db)),
      journeys: guard('journeys', mongoJourneyCountRepository(db)),
      figures: guard('figures', mongoFiguresRepository(db)),
      health: guard('probe', mongoHealth(db)).health,
      setupTokens: guard('setupTokens', mongoSetupTokenRepository(db)),
      signInAttempts: guard('signInAttempts', mongoSignInAttemptRepository(db)),
      drafts: guard('drafts', mongoDraftRepository(db)),
      reviews: guard('reviews', mongoReviewRepository(db)),
      async close() {
        await client.close();
      },
    };
  } catch (err) {
    await client.close().catch(() => undefined);
    throw isTransientMongoError(err) ? new StoreUnavailableError('connect', { cause: err }) : err;
  }
}

/** `npm run db:setup` for MongoDB: makes the database match schema.ts; returns what it did. */
export async function setupMongo(options: Pick<MongoStoreOptions, 'uri' | 'dbName' | 'serverSelectionTimeoutMS'>): Promise<string[]> {
  const client = mongoClient(options);
  try {
    await client.connect();
    return await setupSchema(client.db(options.dbName));
  } catch (err) {
    throw isTransientMongoError(err) ? new StoreUnavailableError('connect', { cause: err }) : err;
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function prepareSchema(db: ReturnType<MongoClient['db']>, autoSetup: boolean): Promise<void> {
  if (autoSetup) {
    try {
      await setupSchema(db);
    } catch (error) {
      if (error instanceof MongoServerError && error.code === UNAUTHORIZED) {
        throw new Error(
          `MongoDB refused the schema set-up at start (${error.message}). Run \`npm run db:setup\` as a user with dbAdmin and readWrite, then start the app with DB_AUTO_SETUP=false, or give the app's user those roles.`,
          { cause: error },
        );
      }
      throw error;
    }
    return;
  }
  const missing = await checkSchema(db);
  if (missing.length > 0) {
    throw new Error(`The MongoDB database is not set up: ${missing.join('; ')}. Run \`npm run db:setup\` as an administrator.`);
  }
}
