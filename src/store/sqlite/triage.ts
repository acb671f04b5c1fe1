import { randomUUID } from 'node:crypto';
import type { Triage, TriageOutcome, TriageRepository, TriageStep } from '../ports.js';
import type { Db } from './index.js';

interface Row {
  id: string;
  ticket_reference: string;
  tree_id: string;
  tree_version: number;
  agent_user_id: string | null;
  agent_username: string | null;
  /** JSON array of StoredStep. */
  steps: string;
  /** JSON TriageOutcome, or NULL while open. */
  outcome: string | null;
  started_at: string;
  ended_at: string | null;
  version: number;
}

/** A step as kept in the JSON column: the instant as an ISO string. */
interface StoredStep {
  nodeId: string;
  answer: string;
  at: string;
}

const stepsToJson = (steps: TriageStep[]): string =>
  JSON.stringify(steps.map((s): StoredStep => ({ nodeId: s.nodeId, answer: s.answer, at: s.at.toISOString() })));

const outcomeToJson = (outcome: TriageOutcome | null): string | null =>
  outcome === null ? null : JSON.stringify({ nodeId: outcome.nodeId, result: outcome.result, next: outcome.next });

const toTriage = (row: Row): Triage => ({
  id: row.id,
  ticketReference: row.ticket_reference,
  treeId: row.tree_id,
  treeVersion: row.tree_version,
  agent: { userId: row.agent_user_id, username: row.agent_username },
  steps: (JSON.parse(row.steps) as StoredStep[]).map((s) => ({ nodeId: s.nodeId, answer: s.answer, at: new Date(s.at) })),
  outcome: row.outcome === null ? null : (JSON.parse(row.outcome) as TriageOutcome),
  startedAt: new Date(row.started_at),
  endedAt: row.ended_at === null ? null : new Date(row.ended_at),
  version: row.version,
});

export function sqliteTriage(db: Db): TriageRepository {
  const insert = db.prepare(
    `INSERT INTO triage (id, ticket_reference, tree_id, tree_version, agent_user_id, agent_username,
       steps, outcome, started_at, ended_at, version)
     VALUES (?, ?, ?, ?, ?, ?, '[]', NULL, ?, NULL, 1)`,
  );
  const byId = db.prepare<[string], Row>('SELECT * FROM triage WHERE id = ?');
  // Optimistic concurrency: only the writer that read `version` gets to change the row.
  const change = db.prepare<[string, string | null, string | null, string, number]>(
    `UPDATE triage SET steps = ?, outcome = ?, ended_at = ?, version = version + 1
     WHERE id = ? AND version = ?`,
  );
  const newest = db.prepare<[number], Row>('SELECT * FROM triage ORDER BY started_at DESC, id DESC LIMIT ?');
  const newestForAgent = db.prepare<[string, number], Row>(
    'SELECT * FROM triage WHERE agent_user_id = ? ORDER BY started_at DESC, id DESC LIMIT ?',
  );
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM triage');

  return {
    async start(triage) {
      const stored: Triage = {
        ticketReference: triage.ticketReference,
        treeId: triage.treeId,
        treeVersion: triage.treeVersion,
        agent: { userId: triage.agent.userId, username: triage.agent.username },
        startedAt: triage.startedAt,
        id: randomUUID(),
        steps: [],
        outcome: null,
        endedAt: null,
        version: 1,
      };
      insert.run(
        stored.id,
        stored.ticketReference,
        stored.treeId,
        stored.treeVersion,
        stored.agent.userId,
        stored.agent.username,
        stored.startedAt.toISOString(),
      );
      return stored;
    },
    async findById(id) {
      const row = byId.get(id);
      return row ? toTriage(row) : null;
    },
    async update(id, expectedVersion, { steps, outcome, endedAt }) {
      // better-sqlite3 is synchronous: the update and the read-back cannot interleave with another write.
      const result = change.run(stepsToJson(steps), outcomeToJson(outcome), endedAt?.toISOString() ?? null, id, expectedVersion);
      if (result.changes === 0) return null;
      const row = byId.get(id);
      return row ? toTriage(row) : null;
    },
    async list({ limit, agentId }) {
      const rows = agentId === undefined ? newest.all(limit) : newestForAgent.all(agentId, limit);
      return rows.map(toTriage);
    },
    async count() {
      return count.get()!.n;
    },
  };
}
