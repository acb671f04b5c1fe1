/**
 * Schema set-up, kept apart from running (as Rails and Django migrations are): `setupSchema`
 * makes the database match schema.ts and needs collMod, createCollection, createIndex and
 * dropIndex (run by `npm run db:setup` as an administrator, or at start when DB_AUTO_SETUP
 * is on and the app's role allows); `checkSchema` only reads (listCollections,
 * listIndexes), which the built-in readWrite role allows, and says what is missing.
 */
import { isDeepStrictEqual } from 'node:util';
import { MongoServerError, type Db, type Document, type IndexDescription } from 'mongodb';
import { indexes, validators } from './schema.js';

const NAMESPACE_EXISTS = 48;
const COLLECTION_OPTIONS = { validationLevel: 'strict', validationAction: 'error' } as const;

async function storedCollections(db: Db): Promise<Map<string, Document>> {
  const infos = await db.listCollections({}, { nameOnly: false }).toArray();
  return new Map(infos.map((info) => [info.name, (info as { options?: Document }).options ?? {}]));
}

export function sameValidator(options: Document, validator: Document): boolean {
  return (
    isDeepStrictEqual(options.validator, validator) &&
    options.validationLevel === COLLECTION_OPTIONS.validationLevel &&
    options.validationAction === COLLECTION_OPTIONS.validationAction
  );
}

/** The options that change what an index does; key order matters (a compound index). */
function indexShape(index: Document | IndexDescription) {
  return {
    key: Object.entries(index.key as Document),
    unique: Boolean(index.unique),
    partialFilterExpression: index.partialFilterExpression ?? null,
    expireAfterSeconds: index.expireAfterSeconds ?? null,
  };
}

export const sameIndex = (stored: Document, wanted: IndexDescription): boolean => isDeepStrictEqual(indexShape(stored), indexShape(wanted));

const INDEX_NOT_FOUND = 27;

/** Another process replacing the same index at the same moment may have dropped it first. */
async function dropIndexIfThere(collection: ReturnType<Db['collection']>, name: string): Promise<void> {
  try {
    await collection.dropIndex(name);
  } catch (error) {
    if (!(error instanceof MongoServerError && error.code === INDEX_NOT_FOUND)) throw error;
  }
}

/**
 * Creates what is missing, runs collMod only where the stored validator differs, and
 * replaces an index whose options differ. Returns what it did, one line each.
 */
export async function setupSchema(db: Db): Promise<string[]> {
  const done: string[] = [];
  const stored = await storedCollections(db);
  for (const [name, validator] of Object.entries(validators)) {
    const options = stored.get(name);
    if (options === undefined) {
      try {
        await db.createCollection(name, { validator, ...COLLECTION_OPTIONS });
        done.push(`created collection ${name}`);
      } catch (error) {
        // Another process set up at the same moment: the next start compares the validator.
        if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
      }
    } else if (!sameValidator(options, validator)) {
      await db.command({ collMod: name, validator, ...COLLECTION_OPTIONS });
      done.push(`updated the validator of ${name}`);
    }
  }
  for (const [name, wanted] of Object.entries(indexes)) {
    const collection = db.collection(name);
    const present = await collection.listIndexes().toArray();
    for (const spec of wanted) {
      const found = present.find((index) => index.name === spec.name);
      if (found && sameIndex(found, spec)) continue;
      if (found) await dropIndexIfThere(collection, spec.name!);
      await collection.createIndexes([spec]);
      done.push(`${found ? 'replaced' : 'created'} index ${name}.${spec.name}`);
    }
  }
  return done;
}

/** What the app needs and the database lacks (or has with other options); empty when all is there. */
export async function checkSchema(db: Db): Promise<string[]> {
  const problems: string[] = [];
  const stored = await storedCollections(db);
  for (const [name, wanted] of Object.entries(indexes)) {
    if (!stored.has(name)) {
      problems.push(`collection ${name} is missing`);
      continue;
    }
    const present = await db.collection(name).listIndexes().toArray();
    for (const spec of wanted) {
      const found = present.find((index) => index.name === spec.name);
      if (!found) problems.push(`index ${name}.${spec.name} is missing`);
      else if (!sameIndex(found, spec)) problems.push(`index ${name}.${spec.name} has other options`);
    }
  }
  return problems;
}
