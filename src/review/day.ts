/**
 * A day's audit events marked as reviewed: the day as the audit page filters it ('YYYY-MM-DD',
 * a calendar day). A day that has not started yet has nothing to review.
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isRealDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export type DayCheck = { ok: true; day: string } | { ok: false; reason: 'not-a-day' | 'future' };

/** `today` is the current calendar day as the audit page reads days. */
export function reviewableDay(value: string, today: string): DayCheck {
  if (!isRealDay(value)) return { ok: false, reason: 'not-a-day' };
  if (value > today) return { ok: false, reason: 'future' };
  return { ok: true, day: value };
}

/** The audit filter's values name one day when both ends are the same real day. */
export function singleDay(values: { from: string; to: string }): string | null {
  const from = values.from.trim();
  return from !== '' && from === values.to.trim() && isRealDay(from) ? from : null;
}
