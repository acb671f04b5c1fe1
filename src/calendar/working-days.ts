import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * Working days in England and Wales: Monday to Friday, less the bank holidays in
 * fixtures/bank-holidays.json (GOV.UK's https://www.gov.uk/bank-holidays.json, its
 * "england-and-wales" division). A request's age counts in the service desk's own days, in UK
 * time: a request sent at 11:30pm on a Friday in summer arrived on Friday, not Saturday.
 */

export const DEFAULT_AGEING_WORKING_DAYS = 3;
/** Warn when the bank holidays run out sooner than this. */
export const COVERAGE_WARNING_DAYS = 365;

const TIME_ZONE = 'Europe/London';
const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

const eventSchema = z.object({
  title: z.string().min(1),
  date: z.string().regex(ISO_DATE, 'must be a date like 2026-12-25'),
  notes: z.string(),
  bunting: z.boolean(),
});

const divisionSchema = z.object({ division: z.string(), events: z.array(eventSchema).min(1, 'has no bank holidays') });

/** Our file, or GOV.UK's whole file pasted in (its other divisions are ignored). */
export const bankHolidaysSchema = z.strictObject({
  source: z.string().optional(),
  about: z.string().optional(),
  'england-and-wales': divisionSchema.extend({ division: z.literal('england-and-wales') }),
  scotland: divisionSchema.optional(),
  'northern-ireland': divisionSchema.optional(),
});

export interface BankHolidays {
  /** Sorted day numbers (days since 1970-01-01). */
  days: readonly number[];
  /** The last date the data covers: 31 December of the last year with a bank holiday. */
  coversUntil: string;
}

const dayNumberOf = (year: number, month: number, day: number): number => Date.UTC(year, month - 1, day) / DAY_MS;

/** 'YYYY-MM-DD' to days since 1970-01-01, or null when it is not a real date. */
export function dayNumber(isoDate: string): number | null {
  const m = ISO_DATE.exec(isoDate);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const n = dayNumberOf(year, month, day);
  return isoDay(n) === isoDate ? n : null;
}

export const isoDay = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** 0 = Sunday … 6 = Saturday, as Date.getUTCDay. */
const weekday = (n: number): number => new Date(n * DAY_MS).getUTCDay();
const isWeekend = (n: number): boolean => weekday(n) === 0 || weekday(n) === 6;

/** Checks the data (dates real, on weekdays, none twice); throws one error listing every problem. */
export function parseBankHolidays(data: unknown, file = 'bank holidays'): BankHolidays {
  const result = bankHolidaysSchema.safeParse(data);
  const fail = (lines: string[]) => new Error(`${file} is not valid:\n${lines.map((line) => `  ${line}`).join('\n')}`);
  if (!result.success) throw fail(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  const problems: string[] = [];
  const days = new Set<number>();
  result.data['england-and-wales'].events.forEach((event, i) => {
    const where = `england-and-wales.events.${i}.date`;
    const n = dayNumber(event.date);
    if (n === null) problems.push(`${where}: ${event.date} is not a real date`);
    // Bank holidays that fall at a weekend move to a substitute weekday, so a weekend date is a typo.
    else if (isWeekend(n)) problems.push(`${where}: ${event.date} (${event.title}) is at a weekend: give the substitute day`);
    else if (days.has(n)) problems.push(`${where}: ${event.date} is listed twice`);
    else days.add(n);
  });
  if (problems.length > 0) throw fail(problems);
  const sorted = [...days].sort((a, b) => a - b);
  const last = isoDay(sorted[sorted.length - 1] ?? 0);
  return { days: sorted, coversUntil: `${last.slice(0, 4)}-12-31` };
}

/** Problems to log at start: the data runs out within a year (or has already). */
export function bankHolidayWarnings(holidays: BankHolidays, now: Date, file = 'fixtures/bank-holidays.json'): string[] {
  const until = dayNumber(holidays.coversUntil) ?? 0;
  if (until - londonDayNumber(now) >= COVERAGE_WARNING_DAYS) return [];
  return [
    `The bank holidays in ${file} run out after ${holidays.coversUntil}: working days after that count every weekday. Update the file from https://www.gov.uk/bank-holidays.json`,
  ];
}

export async function loadBankHolidays(file: string, now: Date): Promise<{ holidays: BankHolidays; warnings: string[] }> {
  const holidays = parseBankHolidays(JSON.parse(await readFile(file, 'utf8')), file);
  return { holidays, warnings: bankHolidayWarnings(holidays, now, file) };
}

const londonParts = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });

function londonFields(moment: Date): { year: number; month: number; day: number; hour: number } {
  const parts = Object.fromEntries(londonParts.formatToParts(moment).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour) };
}

/** The UK calendar day a moment falls on, as a day number. */
export function londonDayNumber(moment: Date): number {
  const { year, month, day } = londonFields(moment);
  return dayNumberOf(year, month, day);
}

/** The UK calendar date of a moment, as 'YYYY-MM-DD' (what src/text/dates formats). */
export const londonIsoDate = (moment: Date): string => isoDay(londonDayNumber(moment));

/** The moment a UK calendar day starts (00:00 GMT, or 23:00 UTC the day before in summer). */
export function londonMidnight(n: number): Date {
  // Clocks change at 01:00 UTC, so the offset at 00:00 UTC is the one in force at local midnight.
  const utcMidnight = n * DAY_MS;
  return new Date(utcMidnight - londonFields(new Date(utcMidnight)).hour * 60 * 60 * 1000);
}

/** How many of the sorted `days` are at or before n. */
function countUpTo(days: readonly number[], n: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((days[mid] ?? 0) <= n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Day 4 (1970-01-05) was a Monday: weekdays from then to n, inclusive, by whole weeks.
function weekdaysUpTo(n: number): number {
  const k = n - 4;
  const weeks = Math.floor(k / 7);
  return weeks * 5 + Math.min(k - weeks * 7 + 1, 5);
}

/** A weekday that is not a bank holiday (no holiday falls between n - 1 and n). */
export const isWorkingDay = (n: number, holidays: BankHolidays): boolean =>
  !isWeekend(n) && countUpTo(holidays.days, n) === countUpTo(holidays.days, n - 1);

/** Working days after a and up to and including b (0 when b is not after a). */
export function workingDaysBetween(a: number, b: number, holidays: BankHolidays): number {
  if (b <= a) return 0;
  // Every bank holiday is a weekday (parseBankHolidays insists), so they subtract cleanly.
  return weekdaysUpTo(b) - weekdaysUpTo(a) - (countUpTo(holidays.days, b) - countUpTo(holidays.days, a));
}

function firstWorkingDayFrom(n: number, holidays: BankHolidays): number {
  let day = n;
  while (!isWorkingDay(day, holidays)) day += 1;
  return day;
}

/**
 * A request's age in working days: working days since the one it arrived on, up to today.
 * One that arrives at a weekend or on a bank holiday starts on the next working day, so it
 * is 0 then, 1 the day after.
 */
export function workingDaysAge(createdAt: Date, now: Date, holidays: BankHolidays): number {
  const start = firstWorkingDayFrom(londonDayNumber(createdAt), holidays);
  return workingDaysBetween(start, londonDayNumber(now), holidays);
}

export function isOlderThan(createdAt: Date, now: Date, holidays: BankHolidays, workingDays: number = DEFAULT_AGEING_WORKING_DAYS): boolean {
  return workingDaysAge(createdAt, now, holidays) > workingDays;
}

/**
 * The queue's "older than N working days" as a moment for the store: exactly the requests
 * created before it are older than N working days now.
 */
export function olderThanCutoff(now: Date, holidays: BankHolidays, workingDays: number = DEFAULT_AGEING_WORKING_DAYS): Date {
  // Older than N means its start day comes before the (N+1)th working day back from today,
  // i.e. it arrived on or before the (N+2)th: then some working day lies between.
  let day = londonDayNumber(now) + 1;
  for (let found = 0; found < workingDays + 2; ) {
    day -= 1;
    if (isWorkingDay(day, holidays)) found += 1;
  }
  return londonMidnight(day + 1);
}
