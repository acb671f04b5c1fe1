import type { Db } from './index.js';

interface Pending {
  run: () => unknown;
  resolve: (output: never) => void;
  reject: (error: unknown) => void;
}

/** One queue per connection: every grouped write of that connection shares the turn's commit. */
const queues = new WeakMap<Db, Pending[]>();

function flush(db: Db) {
  const batch = queues.get(db) ?? [];
  queues.set(db, []);
  const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
  try {
    db.transaction(() => {
      for (const pending of batch) {
        try {
          outcomes.push({ ok: true, value: pending.run() });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
      // IMMEDIATE: the batch may append audit events, which must hold the write lock from
      // BEGIN (see insertAuditEvent in audit.ts).
    }).immediate();
  } catch (error) {
    // The commit itself failed: nothing in the batch was stored.
    for (const pending of batch) pending.reject(error);
    return;
  }
  batch.forEach((pending, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) pending.resolve(outcome.value as never);
    else pending.reject(outcome.error);
  });
}

/**
 * Group commit: writes that arrive in the same turn of the event loop share one transaction,
 * whichever repository they come from, so one commit (the expensive part of a SQLite write:
 * with synchronous = FULL, an fsync) serves them all. Each write runs in its own savepoint: one
 * that fails is rolled back alone and rejects alone. Every promise settles only after the
 * commit, so nothing is acknowledged before it is stored.
 */
export function groupCommit<In, Out>(db: Db, write: (input: In) => Out): (input: In) => Promise<Out> {
  const single = db.transaction(write); // nested inside the batch: a savepoint
  return (input) =>
    new Promise<Out>((resolve, reject) => {
      let queue = queues.get(db);
      if (!queue) queues.set(db, (queue = []));
      if (queue.length === 0) setImmediate(() => flush(db));
      queue.push({ run: () => single(input), resolve: resolve as (output: never) => void, reject });
    });
}
