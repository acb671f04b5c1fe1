import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { AuditEvent, AuditRepository } from '../store/ports.js';
import { actionSpec } from './actions.js';
import type { AuditQuery } from './filters.js';

/**
 * Rows read per store query while exporting: memory stays flat however many rows match. Small,
 * because a batch lives until its last row is written: 1,000 outlived the young generation
 * (the 4 MB of .npmrc), were promoted, and the old space swelled to ~110 MB between collections
 * (the server's RSS to ~230 MB over a 1,000,000-event export); 100 keep it under 150 MB at the same speed.
 */
export const EXPORT_BATCH = 100;

export const EXPORT_COLUMNS = ['Sequence', 'Time (UTC, ISO 8601)', 'Username', 'User id', 'Action', 'What happened', 'Reference', 'Hash'];

const row = (e: AuditEvent): string[] => [
  String(e.seq),
  e.at.toISOString(),
  e.actor.username ?? '(public)',
  e.actor.userId ?? '',
  e.action,
  actionSpec(e.action).text,
  e.reference ?? '',
  e.hash,
];

/** The matching events, newest first, read in keyset batches as the reader asks for them. */
async function* matching(audit: AuditRepository, query: AuditQuery): AsyncGenerator<string[]> {
  let before: number | undefined;
  for (;;) {
    const batch = await audit.search({ ...query, limit: EXPORT_BATCH, ...(before === undefined ? {} : { beforeSeq: before }) });
    for (const event of batch) yield row(event);
    if (batch.length < EXPORT_BATCH) return;
    before = batch[batch.length - 1]!.seq;
  }
}

/**
 * The audit export as a CSV stream that opens cleanly in Excel: UTF-8 with a byte-order mark,
 * ISO 8601 times, and every cell that begins with = + - @ tab or carriage return prefixed with
 * a single quote (csv-stringify's escape_formulas, OWASP's advice against formula injection).
 * Backpressure from the response reaches the store: a slow reader never fills memory.
 */
export function auditCsv(audit: AuditRepository, query: AuditQuery): Readable {
  const csv = stringify({ bom: true, header: true, columns: EXPORT_COLUMNS, escape_formulas: true, record_delimiter: 'windows' });
  // pipeline, not pipe: a store error part-way destroys the response stream instead of hanging it.
  return pipeline(Readable.from(matching(audit, query)), csv, () => undefined);
}
