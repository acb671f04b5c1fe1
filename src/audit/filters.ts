import { z } from 'zod';
import type { FieldError } from '../forms/field-errors.js';
import { fieldErrors } from '../forms/field-errors.js';
import type { AuditFilter } from '../store/ports.js';
import { isAuditAction } from './actions.js';

/** The audit log's filter form: field names as they appear in the query string, and their HTML ids. */
export const FILTER_FIELDS = ['who', 'action', 'reference', 'from', 'to'] as const;
export const FILTER_IDS: Record<(typeof FILTER_FIELDS)[number], string> = {
  who: 'who',
  action: 'action',
  reference: 'reference',
  from: 'from',
  to: 'to',
};
/** Query keys the audit pages accept: the filters plus the keyset cursor. */
export const FILTER_QUERY_KEYS = [...FILTER_FIELDS, 'before'];

export type FilterValues = Record<(typeof FILTER_FIELDS)[number], string>;
export type AuditQuery = Omit<AuditFilter, 'limit' | 'beforeSeq'>;

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .transform((v) => (v === '' ? undefined : v));

const day = (message: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || isRealDay(v), message)
    .transform((v) => (v === '' ? undefined : v));

const schema = z
  .object({
    who: optionalText(64, 'Username must be 64 characters or fewer'),
    action: z
      .string()
      .refine((v) => v === '' || isAuditAction(v), 'Select an action from the list')
      .transform((v) => (v === '' ? undefined : v)),
    reference: optionalText(100, 'Reference must be 100 characters or fewer'),
    from: day('Enter the start date as a real date, for example 2026-03-01'),
    to: day('Enter the end date as a real date, for example 2026-03-31'),
  })
  .superRefine((value, ctx) => {
    // Compared only when both are real days (a refinement above may have failed without stopping).
    if (value.from && value.to && isRealDay(value.from) && isRealDay(value.to) && value.to < value.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'The end date must be the same as or after the start date' });
    }
  });

function isRealDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * The start of a UK calendar day as an instant: midnight in Europe/London, which is UTC in
 * winter and UTC+1 in summer. The offset is read from the time-zone data for that day.
 */
const londonOffset = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' });

export function londonMidnight(isoDay: string): Date {
  const utcMidnight = new Date(`${isoDay}T00:00:00Z`);
  const offset = /GMT([+-]\d{1,2})?/.exec(londonOffset.format(utcMidnight))?.[1];
  return new Date(utcMidnight.getTime() - Number(offset ?? 0) * 3_600_000);
}

const nextDay = (isoDay: string): string => new Date(Date.parse(`${isoDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The form's values parsed into a store filter (the "to" day included), or field errors. */
export function parseAuditFilters(values: FilterValues): { ok: true; query: AuditQuery } | { ok: false; errors: FieldError[] } {
  const parsed = schema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues, FILTER_IDS) };
  const { who, action, reference, from, to } = parsed.data;
  const query: AuditQuery = {};
  if (who) query.username = who;
  if (action) query.action = action;
  if (reference) query.reference = reference;
  if (from) query.from = londonMidnight(from);
  if (to) query.to = londonMidnight(nextDay(to));
  return { ok: true, query };
}

/** The keyset cursor: a positive whole number, or none. */
export function parseCursor(value: string): number | undefined | null {
  if (value === '') return undefined;
  return /^[1-9][0-9]{0,14}$/.test(value) ? Number(value) : null;
}

/** The query string for these filter values (empty ones left out), for links that keep the filters. */
export function filterQueryString(values: FilterValues, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const field of FILTER_FIELDS) if (values[field].trim() !== '') params.set(field, values[field].trim());
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}
