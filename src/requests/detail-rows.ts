import { formatDate, formatDateTime } from '../text/dates.js';
import { checkedPathLines } from './checked.js';
import type { RequestDetails, RequestRecord } from './model.js';

/** One row of the request page's summary list. */
export interface DetailRow {
  key: string;
  value?: string;
  lines?: string[];
}

const lines = (text: string): string[] => text.split(/\r?\n/);

/** Who sent it: every kind has the same three fields. */
const senderRows = (details: RequestDetails): DetailRow[] => [
  { key: 'Sent by', value: details.senderName },
  { key: 'Practice ODS code', value: details.senderOdsCode },
  { key: 'Sender email address', value: details.senderEmail },
];

/**
 * What the request page shows of a request, kind by kind, in full: the page is audited
 * (request.viewed) and only staff see it. Once purged, only what the purge kept.
 */
export function detailRows(record: RequestRecord): DetailRow[] {
  const common: DetailRow[] = [
    { key: 'Reference', value: record.reference },
    { key: 'Received', value: formatDateTime(record.createdAt) },
    { key: 'From', value: record.source.channel === 'ticket' ? `Ticket ${record.source.ticketReference}, written up by the service desk` : 'GP practice staff, online form' },
  ];
  const details = record.details;
  if (details === null) {
    const kept = record.kept;
    return [
      ...common,
      { key: 'Practice ODS code', value: record.practiceOdsCode },
      ...(kept?.kind === 'contact' ? [{ key: 'Error code', value: kept.errorCode ?? 'None given' }, { key: 'What was checked', lines: kept.checked ? checkedPathLines(kept.checked) : ['No checks recorded'] }] : []),
      { key: 'Personal details', value: 'Erased by the retention rule' },
    ];
  }
  switch (details.kind) {
    case 'cleansing':
      return [
        ...common,
        { key: "Patient's new email address", value: details.newEmail },
        { key: "Patient's old email address", value: details.oldEmail },
        { key: 'Last 3 digits of NHS number', value: details.nhsNumberLast3 },
        { key: 'Date of last successful access', value: details.lastAccessDate ? formatDate(details.lastAccessDate) : 'Not known' },
        { key: 'Steps taken so far', lines: lines(details.stepsTaken) },
        ...senderRows(details),
      ];
    case 'contact':
      return [
        ...common,
        ...senderRows(details),
        { key: 'Error code', value: details.errorCode ?? 'None given' },
        { key: 'What was checked', lines: details.checked ? [`${details.checked.treeTitle} (version ${details.checked.treeVersion})`, ...checkedPathLines(details.checked)] : ['No checks recorded'] },
        { key: 'Description', lines: lines(details.description) },
        { key: 'Last 3 digits of NHS number', value: details.nhsNumberLast3 ?? 'Not given' },
      ];
  }
}
