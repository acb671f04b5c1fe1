import type { JourneyCount, JourneyCountRepository, JourneyEvent } from '../ports.js';
import type { Db } from './index.js';

interface Row {
  tree_id: string;
  node_id: string;
  event: JourneyEvent;
  count: number;
}

const toCount = (row: Row): JourneyCount => ({ treeId: row.tree_id, nodeId: row.node_id, event: row.event, count: row.count });

export function sqliteJourneys(db: Db): JourneyCountRepository {
  // One statement: the first call creates the day's tally, later ones add to it atomically.
  const add = db.prepare<[string, string, JourneyEvent, string, number]>(
    `INSERT INTO journey_day_counts (tree_id, node_id, event, day, count) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tree_id, node_id, event, day) DO UPDATE SET count = count + excluded.count`,
  );
  // The undated tallies from before daily ones began, plus every day's.
  const all = db.prepare<[], Row>(
    `SELECT tree_id, node_id, event, sum(count) AS count FROM (
       SELECT tree_id, node_id, event, count FROM journey_counts
       UNION ALL SELECT tree_id, node_id, event, count FROM journey_day_counts
     ) GROUP BY tree_id, node_id, event ORDER BY tree_id, node_id, event`,
  );

  return {
    async add(treeId, nodeId, event, count, day) {
      add.run(treeId, nodeId, event, day, count);
    },
    async list() {
      return all.all().map(toCount);
    },
  };
}
