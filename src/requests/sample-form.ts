import { isRealDay } from '../figures/range.js';
import type { FieldError } from '../forms/field-errors.js';

/**
 * "Review a sample": a team lead picks a UTC day and how many of its completed requests to
 * check, and the store draws them at random, so the lead checks a share (say 5%) without
 * choosing which.
 */
export const SAMPLE_FIELDS = ['day', 'size'] as const;
export type SampleValues = Record<(typeof SAMPLE_FIELDS)[number], string>;
export const SAMPLE_FIELD_IDS = { day: 'sample-day', size: 'sample-size' } as const;
export const SAMPLE_MAX = 200;

export function parseSampleForm(values: SampleValues): { ok: true; day: string; size: number } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const day = values.day.trim();
  const size = values.size.trim();
  if (!isRealDay(day)) errors.push({ field: 'day', href: `#${SAMPLE_FIELD_IDS.day}`, message: 'Enter the day as a real date, for example 2026-03-01' });
  const n = /^[0-9]{1,3}$/.test(size) ? Number(size) : NaN;
  if (!(n >= 1 && n <= SAMPLE_MAX)) errors.push({ field: 'size', href: `#${SAMPLE_FIELD_IDS.size}`, message: `Enter how many requests to review, a whole number from 1 to ${SAMPLE_MAX}` });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, day, size: n };
}
