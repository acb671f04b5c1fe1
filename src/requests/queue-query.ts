import type { FieldError } from '../forms/field-errors.js';
import { olderThanCutoff, type BankHolidays } from '../calendar/working-days.js';
import { checkOdsCode } from '../validation/ods-code.js';
import { isRequestKind, type RequestKind } from './kinds.js';
import { referencesFor } from './reference.js';
import { isStatus, OPEN_STATUSES, STATUSES, type RequestStatus } from './statuses.js';

/**
 * The queue's filters, from the query string to a typed filter for the store: nothing from
 * the URL reaches a query unparsed. Pages are keyset pages (after the last row's created time
 * and id), so page 1,000 costs what page 1 does.
 */

export const QUEUE_FIELDS = ['status', 'kind', 'assigned', 'ods', 'older', 'q', 'order', 'after'] as const;
export type QueueField = (typeof QUEUE_FIELDS)[number];
export type QueueValues = Record<QueueField, string>;

export const QUEUE_FIELD_IDS: Record<Exclude<QueueField, 'after'>, string> = {
  status: 'filter-status',
  kind: 'filter-kind',
  assigned: 'filter-assigned',
  ods: 'filter-ods',
  older: 'filter-older',
  q: 'filter-q',
  order: 'filter-order',
};

export const QUEUE_LIMITS = { pageSize: 50, olderMax: 250, searchMax: 40 } as const;

export type QueueOrder = 'newest' | 'oldest';

export interface QueueCursor {
  createdAt: Date;
  id: string;
}

export interface QueueFilter {
  statuses: readonly RequestStatus[];
  kind: RequestKind | null;
  assigned: { to: 'anyone' } | { to: 'nobody' } | { to: 'user'; userId: string };
  practiceOdsCode: string | null;
  /** "Older than N working days": created before this moment. */
  createdBefore: Date | null;
  /** A reference (any of the kinds it may mean) or a ticket reference, exactly. */
  search: { references: string[]; ticketReference: string } | null;
  order: QueueOrder;
  after: QueueCursor | null;
  limit: number;
}

// Request ids are SQLite row ids or MongoDB ObjectIds: short, URL-safe.
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ORDER_MARK: Record<QueueOrder, string> = { newest: 'n', oldest: 'o' };

export function encodeCursor(row: QueueCursor, order: QueueOrder): string {
  return Buffer.from(`${ORDER_MARK[order]}.${row.createdAt.getTime()}.${row.id}`).toString('base64url');
}

/** Null for anything this code did not make for this order: a hand-edited link starts again at the top. */
export function decodeCursor(text: string, order: QueueOrder): QueueCursor | null {
  const [mark, ms, id, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('.');
  if (rest.length > 0 || mark !== ORDER_MARK[order] || !/^[0-9]{1,15}$/.test(ms ?? '') || !ID.test(id ?? '')) return null;
  return { createdAt: new Date(Number(ms)), id: id ?? '' };
}

export interface QueueContext {
  /** The signed-in member of staff ("assigned to me"). */
  userId: string;
  now: Date;
  holidays: BankHolidays;
}

const STATUS_CHOICES: Record<string, readonly RequestStatus[]> = { '': OPEN_STATUSES, open: OPEN_STATUSES, all: STATUSES };

/** Every problem at once; the filter when there are none. Empty values mean "any". */
export function parseQueueQuery(values: QueueValues, context: QueueContext): { ok: true; filter: QueueFilter } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (field: Exclude<QueueField, 'after'>, message: string) => {
    errors.push({ field, href: `#${QUEUE_FIELD_IDS[field]}`, message });
    return null;
  };
  const v = Object.fromEntries(QUEUE_FIELDS.map((f) => [f, values[f].trim()])) as QueueValues;

  const statuses = Object.hasOwn(STATUS_CHOICES, v.status) ? STATUS_CHOICES[v.status] : isStatus(v.status) ? [v.status] : fail('status', 'Select a status from the list');
  const kind = v.kind === '' || v.kind === 'all' ? null : isRequestKind(v.kind) ? v.kind : fail('kind', 'Select a kind of request from the list');
  const assigned =
    v.assigned === '' || v.assigned === 'anyone'
      ? { to: 'anyone' as const }
      : v.assigned === 'nobody'
        ? { to: 'nobody' as const }
        : v.assigned === 'me'
          ? { to: 'user' as const, userId: context.userId }
          : fail('assigned', 'Select who the requests are assigned to');
  const ods = v.ods === '' ? null : checkOdsCode(v.ods);
  if (ods && !ods.ok) fail('ods', ods.message);
  let createdBefore: Date | null = null;
  if (v.older !== '') {
    const days = /^[0-9]{1,3}$/.test(v.older) ? Number(v.older) : NaN;
    if (days <= QUEUE_LIMITS.olderMax) createdBefore = olderThanCutoff(context.now, context.holidays, days);
    else fail('older', `Enter a whole number of working days from 0 to ${QUEUE_LIMITS.olderMax}, like 3`);
  }
  if (v.q.length > QUEUE_LIMITS.searchMax) fail('q', `Search for a reference or ticket reference of ${QUEUE_LIMITS.searchMax} characters or fewer`);
  const order: QueueOrder | null = v.order === '' || v.order === 'newest' ? 'newest' : v.order === 'oldest' ? 'oldest' : fail('order', 'Select newest or oldest first');

  // Every failed field added an error; the rest of the test narrows the types.
  if (errors.length > 0 || !statuses || !assigned || !order || (ods && !ods.ok)) return { ok: false, errors };
  return {
    ok: true,
    filter: {
      statuses,
      kind,
      assigned,
      practiceOdsCode: ods ? ods.value : null,
      createdBefore,
      search: v.q === '' ? null : { references: referencesFor(v.q), ticketReference: v.q },
      order,
      after: v.after === '' ? null : decodeCursor(v.after, order),
      limit: QUEUE_LIMITS.pageSize,
    },
  };
}
