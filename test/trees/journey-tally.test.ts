import t from 'tap';
import { join } from 'node:path';
import { JourneyTally } from '../../src/trees/journey-tally.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';

t.test('tallies add up in memory and are written in one go, once', async (t) => {
  const store = openSqliteStore(join(t.testdir({}), 'tally.sqlite'));
  t.teardown(() => store.close());
  const tally = new JourneyTally();
  tally.add('lost-email', 'which-fits', 'reached');
  tally.add('lost-email', 'which-fits', 'reached');
  tally.add('lost-email', 'cleansing', 'ended');
  t.same(await store.journeys.list(), [], 'nothing written before a flush');
  await tally.flush(store.journeys);
  await tally.flush(store.journeys);
  t.same(await store.journeys.list(), [
    { treeId: 'lost-email', nodeId: 'cleansing', event: 'ended', count: 1 },
    { treeId: 'lost-email', nodeId: 'which-fits', event: 'reached', count: 2 },
  ]);
});
