import t from 'tap';
import { storeContract } from './contract.js';

const uri = process.env.MONGODB_URI;

if (!uri) {
  t.plan(0, 'MongoDB contract tests not run: MONGODB_URI is not set');
} else {
  const { openMongoStore } = await import('../../src/store/mongo/index.js');
  const { MongoClient } = await import('mongodb');
  const dbName = `contract_${process.pid}_${Date.now()}`;
  let fresh = 0;
  storeContract(
    t,
    () => openMongoStore({ uri, dbName }),
    // Tampering gets a database of its own, changed through the raw driver collection.
    async () => {
      const name = `${dbName}_tamper_${++fresh}`;
      const store = await openMongoStore({ uri, dbName: name });
      const client = await new MongoClient(uri).connect();
      const events = client.db(name).collection('audit_events');
      return {
        store,
        raw: {
          async update(seq, fields) {
            await events.updateOne({ seq }, { $set: fields });
          },
          async deleteFrom(seq) {
            await events.deleteMany({ seq: { $gte: seq } });
          },
          async close() {
            await client.db(name).dropDatabase();
            await client.close();
          },
        },
      };
    },
  );
  // Some servers (and emulators) do not enforce $jsonSchema: every document the contract wrote
  // is checked against its collection's validator here too, with BSON types as stored.
  t.test('every document the contract wrote passes its collection validator', async (t) => {
    const { validators } = await import('../../src/store/mongo/schema.js');
    const { schemaProblems } = await import('./bson-schema-check.js');
    const client = await new MongoClient(uri).connect();
    t.teardown(() => client.close());
    const db = client.db(dbName);
    for (const [name, validator] of Object.entries(validators)) {
      const docs = await db.collection(name).find({}, { promoteValues: false }).toArray();
      const problems = docs.flatMap((doc) => schemaProblems(validator.$jsonSchema, doc).map((p) => `${name} ${String(doc._id)}: ${p}`));
      t.same(problems, [], `${name}: ${docs.length} documents`);
    }
  });
  // Each run makes a database of its own: it goes when the run ends.
  t.teardown(async () => {
    const client = new MongoClient(uri);
    await client.db(dbName).dropDatabase();
    await client.close();
  });
}
