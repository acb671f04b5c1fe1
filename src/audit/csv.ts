import type { Readable } from 'node:stream';
import { csvStream, EXPORT_BATCH } from '../web/csv-stream.js';
import type { AuditEvent, AuditRepository } from '../store/ports.js';
import { actionSpec } from './actions.js';
import type { AuditQuery } from './filters.js';


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

/** The audit export (src/web/csv-stream.ts), with ISO 8601 times. */
export function auditCsv(audit: AuditRepository, query: AuditQuery): Readable {
  return csvStream(EXPORT_COLUMNS, matching(audit, query));
}
