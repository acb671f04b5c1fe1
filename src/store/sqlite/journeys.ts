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
  // One statement: the first call creates the tally at 1, later ones add to it atomically.
  const increment = db.prepare<[string, string, JourneyEvent]>(
    `INSERT INTO journey_counts (tree_id, node_id, event, count) VALUES (?, ?, ?, 1)
     ON CONFLICT (tree_id, node_id, event) DO UPDATE SET count = count + 1`,
  );
  const all = db.prepare<[], Row>('SELECT * FROM journey_counts ORDER BY tree_id, node_id, event');

  return {
    async increment(treeId, nodeId, event) {
      increment.run(treeId, nodeId, event);
    },
    async list() {
      return all.all().map(toCount);
    },
  };
}
