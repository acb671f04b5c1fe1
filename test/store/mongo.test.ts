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
  // Each run makes a database of its own: it goes when the run ends.
  t.teardown(async () => {
    const client = new MongoClient(uri);
    await client.db(dbName).dropDatabase();
    await client.close();
  });
}
