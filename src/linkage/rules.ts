import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { reviewSchema } from '../trees/review.js';

/**
 * The linkage checker's numbers, from fixtures/linkage-rules.json. They come from guidance
 * that may change (and a later NHS England guide already disagrees on the Account ID), so
 * they live in data, with any caveat worded for the page.
 */

const lengthRule = z.strictObject({
  label: z.string().min(1),
  minLength: z.int().nonnegative(),
  maxLength: z.int().positive(),
  /**
   * A value shorter than minLength is only a warning: NHS England's own published example is
   * shorter than the guide's range, so a short value may still be right.
   */
  shorterIsWarning: z.boolean().default(false),
  /** Said alongside that warning: why the range may be out of date. */
  caveat: z.string().min(1).optional(),
});

export const linkageRulesSchema = z.strictObject({
  version: z.int().positive(),
  sources: z.array(z.string()).optional(),
  /** Who keeps these numbers and when they were last checked against the guidance. */
  review: reviewSchema,
  linkage: lengthRule,
  accountId: lengthRule,
  /** The ODS code's form, placeholders and branch codes are src/validation/ods-code.ts's, shared with the forms. */
  odsCode: z.strictObject({ label: z.string().min(1) }),
  /** The linkage key or passphrase expires this many days after the PIN document is printed. */
  expiryDays: z.int().positive(),
  /** Whose calendar "today" is, for the expiry count. */
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. Europe/London'),
});

export type LinkageRules = z.infer<typeof linkageRulesSchema>;

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Checks parsed rules data; throws one error listing every problem. */
export function parseLinkageRules(data: unknown, file = 'linkage rules'): LinkageRules {
  const result = linkageRulesSchema.safeParse(data);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`${file} is not valid:\n${lines.join('\n')}`);
}

/** Reads fixtures/linkage-rules.json (or another file) at start. */
export async function loadLinkageRules(file: string): Promise<LinkageRules> {
  return parseLinkageRules(JSON.parse(await readFile(file, 'utf8')), file);
}
