import { MongoClient } from 'mongodb';
import type { Store } from '../ports.js';
import { mongoAuditRepository } from './audit.js';
import { mongoCleansingRepository } from './cleansing.js';
import { mongoJourneyCountRepository } from './journeys.js';
import { ensureSchema } from './schema.js';
import { mongoSessionRepository } from './sessions.js';
import { mongoStaffRepository } from './staff.js';
import { mongoTriageRepository } from './triage.js';
import { mongoSetupTokenRepository } from './setup-tokens.js';
import { mongoSignInAttemptRepository } from './sign-in-attempts.js';
import { mongoDraftRepository } from './drafts.js';

export async function openMongoStore(options: { uri: string; dbName: string }): Promise<Store> {
  const client = new MongoClient(options.uri);
  try {
    await client.connect();
    const db = client.db(options.dbName);
    await ensureSchema(db);
    const audit = mongoAuditRepository(db);
    return {
      kind: 'mongodb',
      staff: mongoStaffRepository(db),
      sessions: mongoSessionRepository(db),
      cleansing: mongoCleansingRepository(db, audit),
      audit,
      triage: mongoTriageRepository(db),
      journeys: mongoJourneyCountRepository(db),
      setupTokens: mongoSetupTokenRepository(db),
      signInAttempts: mongoSignInAttemptRepository(db),
      drafts: mongoDraftRepository(db),
      async close() {
        await client.close();
      },
    };
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
}
