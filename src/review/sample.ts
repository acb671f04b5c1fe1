import { z } from 'zod';
import { fieldErrors, type FieldError } from '../forms/field-errors.js';
import { isRealDay } from './day.js';

/**
 * "Review a sample": a number of a day's completed requests picked at random, so a team lead
 * checks, say, 5% of them without choosing which. The pick is the service's, not the lead's.
 */

export const SAMPLE_FIELDS = ['day', 'size'] as const;
export const SAMPLE_IDS: Record<(typeof SAMPLE_FIELDS)[number], string> = { day: 'sample-day', size: 'sample-size' };
export type SampleValues = Record<(typeof SAMPLE_FIELDS)[number], string>;

export const SAMPLE = {
  /** Without a number, this share of the day's completed requests (rounded up, at least one). */
  share: 0.05,
  max: 100,
} as const;

const schema = (today: string) =>
  z.object({
    day: z
      .string()
      .trim()
      .refine((v) => v !== '', 'Enter the day the requests were completed')
      .refine((v) => v === '' || isRealDay(v), 'Enter the day as a real date, for example 2026-03-01')
      .refine((v) => !isRealDay(v) || v <= today, 'Enter a day that has started: today or before'),
    size: z
      .string()
      .trim()
      .refine((v) => v === '' || /^[0-9]{1,3}$/.test(v), 'Enter how many as a whole number, for example 5')
      .transform((v) => (v === '' ? null : Number(v)))
      .refine((n) => n === null || (n >= 1 && n <= SAMPLE.max), `Enter how many as a number from 1 to ${SAMPLE.max}`),
  });

export function parseSampleQuery(values: SampleValues, today: string): { ok: true; day: string; size: number | null } | { ok: false; errors: FieldError[] } {
  const parsed = schema(today).safeParse(values);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues, SAMPLE_IDS) };
  return { ok: true, day: parsed.data.day, size: parsed.data.size };
}

/** How many to pick from `total`: the number asked for, else the share; never more than there are. */
export function sampleSize(total: number, asked: number | null): number {
  const wanted = asked ?? Math.max(1, Math.ceil(total * SAMPLE.share));
  return Math.min(total, wanted);
}

/**
 * `count` items picked uniformly at random, without repeats (a partial Fisher-Yates shuffle).
 * `randomBelow(n)` gives a whole number from 0 to n - 1 (crypto.randomInt in the service).
 */
export function pickSample<T>(items: readonly T[], count: number, randomBelow: (n: number) => number): T[] {
  const pool = [...items];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + randomBelow(pool.length - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}
