/**
 * NHS.UK date input: day, month and year typed into separate boxes. Messages follow the
 * NHS.UK design system; the field says which box to link to from the error summary.
 */

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export type DatePart = 'day' | 'month' | 'year';

export interface DateInputOptions {
  /** Lower-case, as it reads mid-sentence: 'date of last successful access'. */
  label: string;
  required: boolean;
  now: Date;
  notInFuture: boolean;
  /** The earliest year accepted (1900 unless given): a year of 0000 or 0201 is a slip, not a date. */
  minYear?: number;
}

export const DEFAULT_MIN_YEAR = 1900;

export type DateInputCheck =
  | { ok: true; value: string | null }
  | { ok: false; message: string; field: DatePart | 'all' };

const PARTS: readonly DatePart[] = ['day', 'month', 'year'];

function capitalise(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Today's calendar date in UTC, as 'YYYY-MM-DD'. */
function utcToday(now: Date): string {
  return isoDate(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate());
}

function missingMessage(label: string, missing: readonly DatePart[]): string {
  return `${capitalise(label)} must include a ${missing.join(' and ')}`;
}

export function checkDateInput(parts: DateParts, opts: DateInputOptions): DateInputCheck {
  const trimmed: DateParts = { day: parts.day.trim(), month: parts.month.trim(), year: parts.year.trim() };
  const missing = PARTS.filter((p) => trimmed[p] === '');
  const Label = capitalise(opts.label);

  if (missing.length === PARTS.length) {
    return opts.required ? { ok: false, message: `Enter ${opts.label}`, field: 'all' } : { ok: true, value: null };
  }
  const [firstMissing] = missing;
  if (firstMissing !== undefined) return { ok: false, message: missingMessage(opts.label, missing), field: firstMissing };

  const notReal = (field: DatePart | 'all'): DateInputCheck => ({ ok: false, message: `${Label} must be a real date`, field });
  const dayOk = /^[0-9]{1,2}$/.test(trimmed.day);
  const monthOk = /^[0-9]{1,2}$/.test(trimmed.month);
  if (!dayOk && !monthOk) return notReal('all');
  if (!dayOk) return notReal('day');
  if (!monthOk) return notReal('month');
  if (!/^[0-9]+$/.test(trimmed.year)) return notReal('year');
  if (trimmed.year.length !== 4) {
    return { ok: false, message: `${Label} must include a year with 4 numbers, like 2024`, field: 'year' };
  }

  const day = Number(trimmed.day);
  const month = Number(trimmed.month);
  const year = Number(trimmed.year);
  const monthReal = month >= 1 && month <= 12;
  const dayReal = day >= 1 && day <= (monthReal ? daysInMonth(year, month) : 31);
  if (!monthReal && !dayReal) return notReal('all');
  if (!monthReal) return notReal('month');
  if (!dayReal) return notReal('day');

  const minYear = opts.minYear ?? DEFAULT_MIN_YEAR;
  if (year < minYear) return { ok: false, message: `${Label} must be in ${minYear} or later`, field: 'year' };

  const value = isoDate(year, month, day);
  // ISO dates compare correctly as strings.
  if (opts.notInFuture && value > utcToday(opts.now)) {
    return { ok: false, message: `${Label} must be today or in the past`, field: 'all' };
  }
  return { ok: true, value };
}
