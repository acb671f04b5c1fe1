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
  // One statement: the first call creates the tally, later ones add to it atomically.
  const add = db.prepare<[string, string, JourneyEvent, number]>(
    `INSERT INTO journey_counts (tree_id, node_id, event, count) VALUES (?, ?, ?, ?)
     ON CONFLICT (tree_id, node_id, event) DO UPDATE SET count = count + excluded.count`,
  );
  const all = db.prepare<[], Row>('SELECT * FROM journey_counts ORDER BY tree_id, node_id, event');

  return {
    async add(treeId, nodeId, event, count) {
      add.run(treeId, nodeId, event, count);
    },
    async list() {
      return all.all().map(toCount);
    },
  };
}
