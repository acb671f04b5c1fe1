import type { FieldError } from '../forms/field-errors.js';
import type { DayRange } from '../store/ports.js';

/** The figures page's date range: UTC days, both included. */
export const RANGE_FIELDS = ['from', 'to'] as const;
export type RangeValues = Record<(typeof RANGE_FIELDS)[number], string>;

/** What the page shows when no range is given: the last 90 days, today included. */
export const DEFAULT_RANGE_DAYS = 90;
/** A longer range would make the daily charts unreadable (and the queries longer). */
export const MAX_RANGE_DAYS = 366;

const DAY_MS = 86_400_000;

export const utcDay = (moment: Date): string => moment.toISOString().slice(0, 10);
const addDays = (day: string, n: number): string => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));

export function isRealDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && utcDay(date) === value;
}

export function defaultRange(now: Date): DayRange {
  const to = utcDay(now);
  return { from: addDays(to, -(DEFAULT_RANGE_DAYS - 1)), to };
}

/** Every day of the range, in order. */
export function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * The form's values as a range, or field errors (ids as the fields'). An empty field takes
 * the default's end: only "to" given means the 90 days up to it.
 */
export function parseRange(values: RangeValues, now: Date): { ok: true; range: DayRange } | { ok: false; errors: FieldError[] } {
  const from = values.from.trim();
  const to = values.to.trim();
  const errors: FieldError[] = [];
  const error = (field: 'from' | 'to', message: string) => errors.push({ field, href: `#${field}`, message });
  if (from !== '' && !isRealDay(from)) error('from', 'Enter the start date as a real date, for example 2026-03-01');
  if (to !== '' && !isRealDay(to)) error('to', 'Enter the end date as a real date, for example 2026-03-31');
  if (errors.length > 0) return { ok: false, errors };
  const end = to || (from ? addDays(from, DEFAULT_RANGE_DAYS - 1) : defaultRange(now).to);
  const start = from || addDays(end, -(DEFAULT_RANGE_DAYS - 1));
  if (end < start) error('to', 'The end date must be the same as or after the start date');
  else if (daysBetween(start, end) + 1 > MAX_RANGE_DAYS) error('to', `The date range must be ${MAX_RANGE_DAYS} days or fewer`);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, range: { from: start, to: end } };
}

const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
