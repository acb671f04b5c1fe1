import { londonIsoDate } from '../calendar/working-days.js';
import type { FieldError } from '../forms/field-errors.js';
import { formatDate } from '../text/dates.js';
import { checkEmail } from '../validation/email.js';
import { duplicateKeyInput } from './duplicate-key.js';
import { referencesFor } from './reference.js';
import { statusLabel, type RequestStatus } from './statuses.js';

/**
 * /check-progress: GP staff give the reference and the email address they sent it from, and
 * learn the status and the date of the last change, nothing else. The email is compared by
 * its keyed hash (src/crypto) of the same normalised form the duplicate check uses.
 */

export const PROGRESS_FIELDS = ['reference', 'email'] as const;
export type ProgressValues = Record<(typeof PROGRESS_FIELDS)[number], string>;
export const PROGRESS_FIELD_IDS = { reference: 'reference', email: 'email' } as const;

/** The same words whether the reference is unknown or the email does not match: neither is given away. */
export const PROGRESS_NOT_FOUND =
  'We could not find a request with that reference and email address. Check both are as they were on the confirmation page';

export function parseProgressForm(values: ProgressValues): { ok: true; value: { references: string[]; emailKeyInput: string } } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const reference = values.reference.trim();
  // With its prefix, a reference names one request; GP staff have it from the confirmation page.
  const references = referencesFor(reference);
  if (reference === '') errors.push({ field: 'reference', href: '#reference', message: 'Enter the reference' });
  else if (references.length !== 1) errors.push({ field: 'reference', href: '#reference', message: 'Enter the reference as it was given, like CLN-7KQ-4MX or GPC-7KQ-4MX' });
  const email = checkEmail(values.email, 'the email address you sent the request from');
  if (!email.ok) errors.push({ field: 'email', href: '#email', message: email.message });
  if (errors.length > 0 || !email.ok) return { ok: false, errors };
  return { ok: true, value: { references, emailKeyInput: duplicateKeyInput(email.value) } };
}

/** What the page says about a request that matched both: the status, and the UK date it last changed. */
export function progressAnswer(request: { status: RequestStatus; updatedAt: Date }): { status: string; lastChanged: string } {
  return { status: statusLabel(request.status), lastChanged: formatDate(londonIsoDate(request.updatedAt)) };
}
