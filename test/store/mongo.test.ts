import t from 'tap';
import { storeContract } from './contract.js';

const uri = process.env.MONGODB_URI;

if (!uri) {
  t.plan(0, 'MongoDB contract tests not run: MONGODB_URI is not set');
} else {
  const { openMongoStore } = await import('../../src/store/mongo/index.js');
  const dbName = `contract_${process.pid}_${Date.now()}`;
  storeContract(t, () => openMongoStore({ uri, dbName }));
}
