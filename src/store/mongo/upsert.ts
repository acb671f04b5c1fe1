import { isDuplicateKeyError } from './schema.js';

/**
 * Runs an upsert, once more if it lost a race: two upserts of one new _id at once both try
 * to insert, and the loser gets a duplicate-key error (MongoDB retries only some such cases
 * itself). The second run finds the document and updates it.
 */
export async function upsertWithRetry<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert();
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return upsert();
  }
}
