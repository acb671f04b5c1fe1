import t from 'tap';
import { storeContract } from './contract.js';

const uri = process.env.MONGODB_URI;

if (!uri) {
  t.plan(0, 'MongoDB contract tests not run: MONGODB_URI is not set');
} else {
  const { openMongoStore } = await import('../../src/store/mongo/index.js');
  const { MongoClient } = await import('mongodb');
  const dbName = `contract_${process.pid}_${Date.now()}`;
  storeContract(t, () => openMongoStore({ uri, dbName }));
  // Each run makes a database of its own: it goes when the run ends.
  t.teardown(async () => {
    const client = new MongoClient(uri);
    await client.db(dbName).dropDatabase();
    await client.close();
  });
}
