import type { FiguresRepository, JourneyEvent, FiguresSource } from '../ports.js';
import type { RequestKind } from '../../requests/kinds.js';
import type { RequestStatus } from '../../requests/statuses.js';
import { dayStart, nextDayStart } from '../day-range.js';
import type { Db } from './index.js';

interface TallyRow {
  tree_id: string;
  node_id: string;
  event: JourneyEvent;
  count: number;
}

/** Grouped queries only: every answer is a handful of rows per day or per group. */
export function sqliteFigures(db: Db): FiguresRepository {
  const totals = db.prepare<[string, string], TallyRow>(
    `SELECT tree_id, node_id, event, sum(count) AS count FROM journey_day_counts
     WHERE day >= ? AND day <= ? GROUP BY tree_id, node_id, event ORDER BY tree_id, node_id, event`,
  );
  // The primary key (tree, node, event, day) gives each point's days in order.
  const pointDays = db.prepare<[string, string, JourneyEvent, string, string], { day: string; count: number }>(
    `SELECT day, count FROM journey_day_counts WHERE tree_id = ? AND node_id = ? AND event = ? AND day >= ? AND day <= ? ORDER BY day`,
  );
  const byPractice = db.prepare<[string, string, number], { odsCode: string; count: number }>(
    `SELECT practice_ods_code AS odsCode, count(*) AS count FROM requests
     WHERE created_at >= ? AND created_at < ? GROUP BY practice_ods_code ORDER BY count DESC, practice_ods_code LIMIT ?`,
  );
  // Times are stored as ISO 8601 in UTC, so the first ten characters are the UTC day.
  const byDay = db.prepare<[string, string], { day: string; source: FiguresSource; count: number }>(
    `SELECT substr(at, 1, 10) AS day, CASE WHEN actor_user_id IS NULL THEN 'public' ELSE 'agent' END AS source, count(*) AS count
     FROM audit_events WHERE action IN ('request.created', 'request.created') AND at >= ? AND at < ?
     GROUP BY day, source ORDER BY day, source`,
  );
  const triagesByAgent = db.prepare<[string, string], { username: string | null; count: number }>(
    `SELECT agent_username AS username, count(*) AS count FROM triage
     WHERE ended_at IS NOT NULL AND ended_at >= ? AND ended_at < ?
     GROUP BY agent_username ORDER BY count DESC, agent_username`,
  );

  const byKindStatusSource = db.prepare<[string, string], { kind: RequestKind; status: RequestStatus; source: 'public' | 'ticket'; count: number }>(
    `SELECT kind, status, source, count(*) AS count FROM requests WHERE created_at >= ? AND created_at < ?
     GROUP BY kind, status, source ORDER BY kind, status, source`,
  );
  const byPracticeOfKind = db.prepare<[string, string, string, number], { odsCode: string; count: number }>(
    `SELECT practice_ods_code AS odsCode, count(*) AS count FROM requests
     WHERE created_at >= ? AND created_at < ? AND kind = ? GROUP BY practice_ods_code ORDER BY count DESC, practice_ods_code LIMIT ?`,
  );
  // Completed within the range, by the (status, closed_at) index; the median is the middle row
  // of the durations in order (the lower middle for an even count), read with an offset.
  const completedCount = db.prepare<[string, string], { n: number }>(`SELECT count(*) AS n FROM requests WHERE status = 'completed' AND closed_at >= ? AND closed_at < ?`);
  const nthDuration = db.prepare<[string, string, number], { ms: number }>(
    `SELECT CAST(round((julianday(closed_at) - julianday(created_at)) * 86400000) AS INTEGER) AS ms FROM requests
     WHERE status = 'completed' AND closed_at >= ? AND closed_at < ? ORDER BY ms LIMIT 1 OFFSET ?`,
  );
  const completedPerAgent = db.prepare<[string, string], { username: string | null; count: number }>(
    `SELECT json_extract(last_change_by, '$.username') AS username, count(*) AS count FROM requests
     WHERE status = 'completed' AND closed_at >= ? AND closed_at < ? GROUP BY username ORDER BY count DESC, username`,
  );

  const openQueries = db.prepare<[], { username: string; count: number }>(
    `SELECT json_extract(to_staff, '$.username') AS username, count(*) AS count FROM review_queries
     WHERE answered_at IS NULL GROUP BY to_user_id ORDER BY count DESC, username`,
  );

  const bounds = (range: { from: string; to: string }): [string, string] => [dayStart(range.from).toISOString(), nextDayStart(range.to).toISOString()];

  return {
    async journeyTotals(range) {
      return totals.all(range.from, range.to).map((row) => ({ treeId: row.tree_id, nodeId: row.node_id, event: row.event, count: row.count }));
    },
    async journeyDays(range, points) {
      const rows = points.flatMap((point) =>
        pointDays.all(point.treeId, point.nodeId, point.event, range.from, range.to).map((row) => ({ ...point, day: row.day, count: row.count })),
      );
      return rows.sort((a, b) => cmp(a.day, b.day) || cmp(a.treeId, b.treeId) || cmp(a.nodeId, b.nodeId) || cmp(a.event, b.event));
    },
    async requestsByPractice(range, limit) {
      return byPractice.all(...bounds(range), limit);
    },
    async requestsByDay(range) {
      return byDay.all(...bounds(range));
    },
    async triagesFinishedByAgent(range) {
      return triagesByAgent.all(...bounds(range));
    },
    async requestsByKindStatusSource(range) {
      return byKindStatusSource.all(...bounds(range));
    },
    async requestsByPracticeOfKind(range, kind, limit) {
      return byPracticeOfKind.all(...bounds(range), kind, limit);
    },
    async completionTime(range) {
      const [from, to] = bounds(range);
      const completed = completedCount.get(from, to)!.n;
      if (completed === 0) return { completed, medianMs: null };
      return { completed, medianMs: nthDuration.get(from, to, Math.floor((completed - 1) / 2))!.ms };
    },
    async completedByAgent(range) {
      return completedPerAgent.all(...bounds(range));
    },
    async openQueriesByAgent() {
      return openQueries.all();
    },
    async openCreatedBefore(cutoffs, openStatuses) {
      if (openStatuses.length === 0) return cutoffs.map(() => 0);
      const count = db.prepare<unknown[], { n: number }>(
        `SELECT count(*) AS n FROM requests WHERE created_at < ? AND status IN (${openStatuses.map(() => '?').join(', ')})`,
      );
      return cutoffs.map((cutoff) => count.get(cutoff.toISOString(), ...openStatuses)!.n);
    },
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
