import t from 'tap';
import { join } from 'node:path';
import Database from 'better-sqlite3';
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

t.test('each tally is kept per UTC day, by the clock the app runs on', async (t) => {
  const store = openSqliteStore(join(t.testdir({}), 'tally.sqlite'));
  t.teardown(() => store.close());
  let now = new Date();
  const tally = new JourneyTally(() => now);
  // The clock as it runs, and as a test (or a corrected system clock) may set it back.
  for (const at of ['2026-03-01T00:00:00.000Z', '2026-03-01T23:59:59.999Z', '2026-03-02T00:00:00.000Z', '2026-03-02T12:00:00.000Z', '2026-03-01T12:00:00.000Z', '2026-02-28T23:59:59.999Z', '2026-03-03T00:00:00.001Z']) {
    now = new Date(at);
    tally.add('lost-email', 'which-fits', 'reached');
  }
  await tally.flush(store.journeys);
  const days = await store.figures.journeyDays({ from: '2026-02-28', to: '2026-03-03' }, [{ treeId: 'lost-email', nodeId: 'which-fits', event: 'reached' }]);
  t.same(days.map((d) => [d.day, d.count]), [
    ['2026-02-28', 1],
    ['2026-03-01', 3],
    ['2026-03-02', 2],
    ['2026-03-03', 1],
  ]);
});

t.test('undated tallies from before daily ones stay readable, added to the dated ones', async (t) => {
  const file = join(t.testdir({}), 'tally.sqlite');
  const store = openSqliteStore(file);
  t.teardown(() => store.close());
  const raw = new Database(file);
  raw.prepare("INSERT INTO journey_counts (tree_id, node_id, event, count) VALUES ('lost-email', 'which-fits', 'reached', 40)").run();
  raw.close();
  await store.journeys.add('lost-email', 'which-fits', 'reached', 2, '2026-03-01');
  t.same(await store.journeys.list(), [{ treeId: 'lost-email', nodeId: 'which-fits', event: 'reached', count: 42 }]);
  t.same(await store.figures.journeyTotals({ from: '2026-01-01', to: '2026-12-31' }), [{ treeId: 'lost-email', nodeId: 'which-fits', event: 'reached', count: 2 }], 'a date range has only dated tallies');
});
