import t from 'tap';
import { COLLECTIONS, INDEX, indexes, validators } from '../../src/store/mongo/schema.js';
import { sameIndex, sameValidator } from '../../src/store/mongo/setup.js';

const dedupe = indexes[COLLECTIONS.audit]!.find((i) => i.name === INDEX.auditDedupeKey)!;

t.test('the dedupeKey index is partial on $exists, which the planner can use for {dedupeKey: x}', async (t) => {
  t.same(dedupe.partialFilterExpression, { dedupeKey: { $exists: true } });
});

t.test('set-up compares stored indexes by what they do, and replaces one whose options differ', async (t) => {
  // As listIndexes answers: v and name besides the options.
  const stored = { v: 2, name: INDEX.auditDedupeKey, key: { dedupeKey: 1 }, unique: true, partialFilterExpression: { dedupeKey: { $exists: true } } };
  t.equal(sameIndex(stored, dedupe), true, 'the same index');
  t.equal(sameIndex({ ...stored, partialFilterExpression: { dedupeKey: { $type: 'string' } } }, dedupe), false, 'the old $type filter is replaced');
  t.equal(sameIndex({ ...stored, unique: undefined }, dedupe), false, 'not unique: replaced');
  const newest = indexes[COLLECTIONS.triage]!.find((i) => i.name === INDEX.triageByAgent)!;
  const storedNewest = { v: 2, name: INDEX.triageByAgent, key: { 'agent.userId': 1, startedAt: -1, _id: -1 } };
  t.equal(sameIndex(storedNewest, newest), true);
  t.equal(sameIndex({ ...storedNewest, key: { startedAt: -1, 'agent.userId': 1, _id: -1 } }, newest), false, 'key order matters');
  const ttl = indexes[COLLECTIONS.sessions]!.find((i) => i.name === INDEX.sessionsTtl)!;
  t.equal(sameIndex({ v: 2, name: INDEX.sessionsTtl, key: { expiresAt: 1 }, expireAfterSeconds: 60 }, ttl), false, 'another TTL');
});

t.test('set-up runs collMod only when the stored validator differs', async (t) => {
  const validator = validators[COLLECTIONS.staff]!;
  // listCollections gives the options back as stored (key order may differ).
  const reversed = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(reversed)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]))
        : value;
  const reordered = reversed(validator) as typeof validator;
  t.equal(sameValidator({ validator: structuredClone(validator), validationLevel: 'strict', validationAction: 'error' }, validator), true);
  t.equal(sameValidator({ validator: reordered, validationLevel: 'strict', validationAction: 'error' }, validator), true, 'key order of a document does not matter');
  t.equal(sameValidator({ validator, validationLevel: 'moderate', validationAction: 'error' }, validator), false);
  t.equal(sameValidator({ validator: validators[COLLECTIONS.sessions], validationLevel: 'strict', validationAction: 'error' }, validator), false);
});

t.test('every collection has a validator and an index list (so checkSchema names every one)', async (t) => {
  t.same(Object.keys(indexes).sort(), Object.keys(validators).sort());
  t.same(Object.keys(validators).sort(), Object.values(COLLECTIONS).sort());
});

const uri = process.env.MONGODB_URI;
if (!uri) {
  t.comment('MongoDB set-up tests against a server not run: MONGODB_URI is not set');
} else {
  t.test('against a server: set-up, then nothing to do; check names what is missing', async (t) => {
    const { MongoClient } = await import('mongodb');
    const { checkSchema, setupSchema } = await import('../../src/store/mongo/setup.js');
    const client = new MongoClient(uri);
    const db = client.db(`setup_${process.pid}_${Date.now()}`);
    t.teardown(async () => {
      await db.dropDatabase();
      await client.close();
    });
    t.match(await checkSchema(db), [`collection ${COLLECTIONS.staff} is missing`], 'an empty database: everything is missing');
    t.ok((await setupSchema(db)).length > 0);
    t.same(await setupSchema(db), [], 'a second set-up changes nothing (no collMod)');
    t.same(await checkSchema(db), []);
    await db.collection(COLLECTIONS.audit).dropIndex(INDEX.auditDedupeKey);
    await db.collection(COLLECTIONS.audit).createIndex({ dedupeKey: 1 }, { name: INDEX.auditDedupeKey, unique: true, partialFilterExpression: { dedupeKey: { $type: 'string' } } });
    t.same(await checkSchema(db), [`index ${COLLECTIONS.audit}.${INDEX.auditDedupeKey} has other options`]);
    t.same(await setupSchema(db), [`replaced index ${COLLECTIONS.audit}.${INDEX.auditDedupeKey}`]);
  });
}
