import { maskEmail } from '../cleansing/mask.js';
import { isOlderThan, workingDaysAge, type BankHolidays } from '../calendar/working-days.js';
import { formatDateTime } from '../text/dates.js';
import { KINDS } from './kinds.js';
import type { RequestRecord } from './model.js';
import { STATUS_INFO, statusLabel } from './statuses.js';

/** One row of the queue: what an agent scans, with every email masked. */
export interface QueueRow {
  reference: string;
  kind: string;
  status: string;
  received: string;
  /** Working days from arrival to now, or to its closing once Completed or Rejected (src/calendar). */
  ageWorkingDays: number;
  /** Open and older than the configured number of working days: marked on the page. */
  ageing: boolean;
  practiceOdsCode: string;
  assignee: string | null;
  /** Masked (j•••@example.com); the detail page, which is audited, shows them in full. */
  emails: string[];
  possibleDuplicates: string[];
}

/** The addresses each kind lists, in the order the row shows them; none once purged. */
function emailsOf(details: RequestRecord['details']): string[] {
  if (details === null) return [];
  return details.kind === 'cleansing' ? [details.newEmail, details.oldEmail] : [details.senderEmail];
}

export function queueRow(
  request: RequestRecord,
  context: { now: Date; holidays: BankHolidays; ageingWorkingDays: number },
): QueueRow {
  const until = request.closedAt ?? context.now;
  const open = !STATUS_INFO[request.status].final;
  return {
    reference: request.reference,
    kind: KINDS[request.kind].label,
    status: statusLabel(request.status),
    received: formatDateTime(request.createdAt),
    ageWorkingDays: workingDaysAge(request.createdAt, until, context.holidays),
    ageing: open && isOlderThan(request.createdAt, context.now, context.holidays, context.ageingWorkingDays),
    practiceOdsCode: request.practiceOdsCode,
    assignee: request.assignee?.displayName ?? null,
    emails: emailsOf(request.details).map(maskEmail),
    possibleDuplicates: request.possibleDuplicates,
  };
}
