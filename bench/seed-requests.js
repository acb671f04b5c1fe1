// Stored requests for the bench, made through the built app's store port (dist/store/...), as
// the app stores them: each with its 'created' audit event in the hash chain, and some moved on
// through the allowed moves (src/requests/changes.ts) with their history. This is the ONLY place
// the bench makes requests, so when the store's request shape changes only this file changes.
import { randomUUID } from 'node:crypto';
import { openSqliteStore } from '../dist/store/sqlite/index.js';
import { moveRequest } from '../dist/requests/changes.js';
import { RequestDesk } from '../dist/requests/desk.js';
import { createRequestVault } from '../dist/requests/vault.js';
import { loadDataKeys } from '../dist/crypto/data-key.js';

const DAY = 86_400_000;
/** Calls in flight at once: the adapter commits the creates arriving together in one transaction. */
const IN_FLIGHT = 200;

/**
 * Practice ODS codes: one busy practice sends `busyShare` of all requests (so a practice filter
 * finds a full page at any size), the rest are spread over `practices` others.
 */
const busyOdsCode = 'A81001';
const odsCodeFor = (i, practices, busyShare) =>
  i % Math.round(1 / busyShare) === 0 ? busyOdsCode : `Y${String(10_000 + (i % practices)).padStart(5, '0')}`;

/**
 * `count` cleansing requests in the SQLite file at `sqlitePath` (created and migrated if new),
 * created over the `spreadDays` days before `now`, oldest first.
 * Options:
 * - offset: where this call's numbering starts (emails, practices), for a store seeded in slices;
 * - agent: { userId, username, displayName }, who raised `agentShare` of them from a triage
 *   (the rest came from the public form), so an audit filter by username finds some at any size;
 * - movedShare: this share of them moved New → In progress by `agent`, and half of those on to
 *   Waiting for practice (open statuses only: a closed request would start its retention clock).
 * Answers { references: [{ reference, status, version }], busyOdsCode } in creation order.
 */
export async function seedRequests(sqlitePath, count, options = {}) {
  const {
    now = new Date(),
    spreadDays = 365,
    practices = 2000,
    busyShare = 0.1,
    agent = { userId: 'bench-agent-1', username: 'agent1', displayName: 'Bench Agent 1' },
    agentShare = 0.2,
    movedShare = 0.3,
    offset = 0,
  } = options;
  const store = openSqliteStore(sqlitePath);
  // Sealed under the key the app will read: the key file beside the database, as the app makes it.
  const desk = new RequestDesk(store, createRequestVault(loadDataKeys({ SQLITE_PATH: sqlitePath }).keys));
  const actor = { ...agent, role: 'agent' };
  const references = new Array(count);
  const everyAgent = Math.round(1 / agentShare);
  const everyMoved = Math.round(1 / movedShare);
  const one = async (k) => {
    const createdAt = new Date(now.getTime() - ((count - k) / count) * spreadDays * DAY);
    const i = offset + k;
    const input = {
      newEmail: `patient${i}.new@example.com`,
      oldEmail: `patient${i}@oldmail.example`,
      nhsNumberLast3: String(100 + (i % 900)),
      lastAccessDate: new Date(createdAt.getTime() - 60 * DAY).toISOString().slice(0, 10),
      stepsTaken: 'Patient tried the forgotten password link but the old mailbox was closed by the provider.',
      senderName: 'Pat Reception',
      senderOdsCode: odsCodeFor(i, practices, busyShare),
      senderEmail: 'reception@example.nhs.uk',
    };
    const by = i % everyAgent === 0 ? agent : null;
    const { reference } = await desk.submit({
      details: { kind: 'cleansing', ...input },
      source: by ? { channel: 'ticket', ticketReference: `INC-${i}` } : { channel: 'public' },
      idempotencyKey: randomUUID(),
      at: createdAt,
      by,
    });
    let entry = { reference, status: 'new', version: 1 };
    if (i % everyMoved === 0) {
      const moves = i % (everyMoved * 2) === 0 ? ['in-progress', 'waiting-for-practice'] : ['in-progress'];
      let stored = await store.requests.findByReference(reference);
      for (const [k, to] of moves.entries()) {
        const at = new Date(createdAt.getTime() + (k + 1) * 3_600_000);
        const result = moveRequest(RequestDesk.state(stored), { actor, to, expectedVersion: stored.version, reason: '', text: '', confirmation: null, at });
        if (!result.ok) throw new Error(`seeding ${reference}: ${JSON.stringify(result.refusal)}`);
        stored = await store.requests.change(stored.id, stored.version, { ...result.state, entry: result.entry });
        if (!stored) throw new Error(`seeding ${reference}: the change to ${to} was not saved`);
      }
      entry = { reference, status: stored.status, version: stored.version };
    }
    references[k] = entry;
  };
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: Math.min(IN_FLIGHT, count) }, async () => {
        while (next < count) await one(next++);
      }),
    );
  } finally {
    await store.close();
  }
  return { references, busyOdsCode };
}

/** The stored status and version of each reference, read through the port (the app may be running on the file). */
export async function requestStates(sqlitePath, references) {
  const store = openSqliteStore(sqlitePath);
  try {
    return await Promise.all(
      references.map(async (reference) => {
        const found = await store.requests.findByReference(reference);
        if (!found) throw new Error(`${reference} is not stored`);
        return { reference, status: found.status, version: found.version };
      }),
    );
  } finally {
    await store.close();
  }
}
