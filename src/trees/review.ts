import { z } from 'zod';
import { formatDate } from '../text/dates.js';

/**
 * Who keeps a content file (a tree, the NHS login codes) and when it was last checked against
 * its sources. Pages show the dates as NHS.UK content does ("Page last reviewed", "Next
 * review due"), and the start log names every file past its date.
 */
export const reviewSchema = z
  .strictObject({
    /** A team or role, never a person's name: it outlives staff changes. */
    owner: z.string().trim().min(1, 'must name who keeps this content'),
    lastReviewed: z.iso.date('must be a date, YYYY-MM-DD'),
    nextReview: z.iso.date('must be a date, YYYY-MM-DD'),
  })
  .refine((r) => r.nextReview > r.lastReviewed, { message: 'must be after lastReviewed', path: ['nextReview'] });

export type Review = z.infer<typeof reviewSchema>;

/** The calendar date of `now` in UK time, YYYY-MM-DD. */
export function ukDate(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** True once the next-review date has passed (the due day itself is not yet overdue). */
export function isOverdue(review: Review, now: Date): boolean {
  return Number.isNaN(now.getTime()) ? false : ukDate(now) > review.nextReview;
}

/** For the page footer: { lastReviewed: '1 December 2026', nextReview: '1 June 2027', overdue }. */
export function reviewForPage(review: Review, now: Date): { owner: string; lastReviewed: string; nextReview: string; overdue: boolean } {
  return {
    owner: review.owner,
    lastReviewed: formatDate(review.lastReviewed),
    nextReview: formatDate(review.nextReview),
    overdue: isOverdue(review, now),
  };
}
