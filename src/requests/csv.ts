import type { Readable } from 'node:stream';
import { csvStream, EXPORT_BATCH } from '../web/csv-stream.js';
import type { RequestDesk } from './desk.js';
import { KINDS } from './kinds.js';
import type { RequestDetails, RequestRecord } from './model.js';
import type { QueueFilter } from './queue-query.js';
import { statusLabel } from './statuses.js';

/**
 * The requests export for team leads: the queue's filtered requests, without personal data
 * unless the lead asks for it (recorded as its own audit action). Times are ISO 8601 (UTC).
 */
const COLUMNS = ['Reference', 'Kind', 'Status', 'Source', 'Ticket reference', 'Practice ODS code', 'Received (UTC)', 'Last changed (UTC)', 'Closed (UTC)', 'Personal details erased (UTC)', 'Assigned to', 'Possible duplicates'];
const PERSONAL_COLUMNS = ["Sender's name", "Sender's email", "Patient's new email", "Patient's old email", 'Last 3 digits of NHS number'];

const iso = (moment: Date | null) => moment?.toISOString() ?? '';

function personal(details: RequestDetails | null): string[] {
  if (details === null) return PERSONAL_COLUMNS.map(() => '');
  const patient = details.kind === 'cleansing' ? [details.newEmail, details.oldEmail, details.nhsNumberLast3] : ['', '', details.nhsNumberLast3 ?? ''];
  return [details.senderName, details.senderEmail, ...patient];
}

function row(record: RequestRecord, withPersonal: boolean): string[] {
  const base = [
    record.reference,
    KINDS[record.kind].label,
    statusLabel(record.status),
    record.source.channel === 'ticket' ? 'Ticket' : 'Online form',
    record.source.channel === 'ticket' ? record.source.ticketReference : '',
    record.practiceOdsCode,
    iso(record.createdAt),
    iso(record.updatedAt),
    iso(record.closedAt),
    iso(record.purgedAt),
    record.assignee?.displayName ?? '',
    record.possibleDuplicates.join(' '),
  ];
  return withPersonal ? [...base, ...personal(record.details)] : base;
}

async function* matching(desk: RequestDesk, filter: QueueFilter, withPersonal: boolean): AsyncGenerator<string[]> {
  let after = filter.after;
  for (;;) {
    const batch = await desk.queue({ ...filter, after, limit: EXPORT_BATCH });
    for (const { record } of batch) yield row(record, withPersonal);
    const last = batch.at(-1);
    if (batch.length < EXPORT_BATCH || !last) return;
    after = { createdAt: last.stored.createdAt, id: last.stored.id };
  }
}

export function requestsCsv(desk: RequestDesk, filter: QueueFilter, withPersonal: boolean): Readable {
  return csvStream(withPersonal ? [...COLUMNS, ...PERSONAL_COLUMNS] : COLUMNS, matching(desk, filter, withPersonal));
}
