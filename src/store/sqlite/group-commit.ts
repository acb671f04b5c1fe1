import type { Db } from './index.js';

interface Pending<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes that arrive in the same turn of the event loop share one transaction,
 * so one commit (the expensive part of a SQLite write) serves them all. Each write runs in its
 * own savepoint: one that fails is rolled back alone and rejects alone. Every promise settles
 * only after the commit, so nothing is acknowledged before it is stored.
 */
export function groupCommit<In, Out>(db: Db, write: (input: In) => Out): (input: In) => Promise<Out> {
  let queue: Pending<In, Out>[] = [];
  const single = db.transaction(write); // nested inside the batch: a savepoint

  const flush = () => {
    const batch = queue;
    queue = [];
    const outcomes: ({ ok: true; value: Out } | { ok: false; error: unknown })[] = [];
    try {
      db.transaction(() => {
        for (const pending of batch) {
          try {
            outcomes.push({ ok: true, value: single(pending.input) });
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
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  };

  return (input) =>
    new Promise<Out>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ input, resolve, reject });
    });
}
