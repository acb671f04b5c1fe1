import t from 'tap';
import { mongoClient } from '../../src/store/mongo/index.js';

t.test('MongoDB: an acknowledged write is journaled on a majority, and an unreachable server fails in bounded time', async (t) => {
  // Built, not connected: the options are what every operation of the adapter runs with.
  const client = mongoClient({ uri: 'mongodb://127.0.0.1:1', serverSelectionTimeoutMS: 1234 });
  t.teardown(() => client.close());
  t.match(client.options.writeConcern, { w: 'majority', journal: true, wtimeoutMS: 10_000 });
  t.equal(client.options.serverSelectionTimeoutMS, 1234);
  const byDefault = mongoClient({ uri: 'mongodb://127.0.0.1:1' });
  t.teardown(() => byDefault.close());
  t.equal(byDefault.options.serverSelectionTimeoutMS, 5000, 'not the driver default of 30 s');
});
