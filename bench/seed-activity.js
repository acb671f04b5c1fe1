// What the figures page reads besides requests: agents' finished triages and a year of daily
// journey tallies for every node of every shipped tree. Written straight into the SQLite file in
// one transaction (as the app's own tables hold them), because through the port each of these
// ~60,000 writes would be a commit of its own.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadTrees } from '../dist/trees/load.js';

const DAY = 86_400_000;

/**
 * `triages` finished triages by 40 agents spread over the year before `now` (a third resolved,
 * the rest leading to a cleansing request), and for each of its 365 days a tally of every node
 * reached (and every outcome ended) in every tree.
 */
export async function seedActivity(sqlitePath, { root, now = new Date(), triages = 20_000, days = 365 }) {
  const trees = (await loadTrees(join(root, 'fixtures', 'trees'))).list();
  const db = new Database(sqlitePath, { fileMustExist: true });
  db.pragma('journal_mode = WAL');
  const triage = db.prepare(
    `INSERT INTO triage (id, ticket_reference, tree_id, tree_version, agent_user_id, agent_username, steps, outcome, started_at, ended_at, version)
     VALUES (?, ?, 'lost-email', 1, ?, ?, ?, ?, ?, ?, 2)`,
  );
  const tally = db.prepare('INSERT INTO journey_day_counts (tree_id, node_id, event, day, count) VALUES (?, ?, ?, ?, ?)');
  const resolved = JSON.stringify({ nodeId: 'resolved', result: 'resolved', next: null });
  const escalated = JSON.stringify({ nodeId: 'escalate', result: 'not-resolved', next: 'cleansing-request' });
  db.transaction(() => {
    for (let i = 0; i < triages; i++) {
      const startedAt = now.getTime() - ((triages - i) / triages) * days * DAY;
      const at = (k) => new Date(startedAt + k * 60_000).toISOString();
      const steps = JSON.stringify(['yes', 'continue', 'no'].map((answer, k) => ({ nodeId: `node-${k}`, answer, at: at(k) })));
      triage.run(randomUUID(), `INC-${100_000 + i}`, `bench-user-${i % 40}`, `agent${i % 40}`, steps, i % 3 === 0 ? resolved : escalated, at(0), at(4));
    }
    for (let d = 0; d < days; d++) {
      const day = new Date(now.getTime() - d * DAY).toISOString().slice(0, 10);
      for (const tree of trees) {
        for (const [nodeId, node] of Object.entries(tree.nodes)) {
          tally.run(tree.id, nodeId, 'reached', day, 50 + ((d * 7 + nodeId.length) % 40));
          if (node.kind === 'outcome') tally.run(tree.id, nodeId, 'ended', day, 10 + (d % 20));
        }
      }
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
