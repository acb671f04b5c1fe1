/**
 * NHS numbers: the product keeps only the last 3 digits. A full number typed anywhere is
 * personal data it must not keep, so it is refused and never re-displayed.
 */
import { describeFlag } from '../text/characters.js';
import { findAllCodeCharacters } from '../text/code-characters.js';

export type Last3Check =
  | { ok: true; value: string }
  | { ok: false; message: string; /** Blank the field when re-displaying: it held a full NHS number. */ discard: boolean };

/** Digits (spaces and hyphens ignored) from which we treat the input as a full NHS number. */
const FULL_NUMBER_MIN_DIGITS = 9;

export const NHS_NUMBER_REDACTED = '[NHS number removed]';

export function checkLast3(raw: string): Last3Check {
  const value = raw.trim();
  if (/^[0-9]{3}$/.test(value)) return { ok: true, value };
  const squashed = value.replace(/[\s-]/g, '');
  if (new RegExp(`[0-9]{${FULL_NUMBER_MIN_DIGITS},}`).test(squashed)) {
    return { ok: false, message: 'Enter only the last 3 digits of the NHS number, not the full number', discard: true };
  }
  return { ok: false, message: `${LAST3_SHAPE}${digitHints(value)}`, discard: false };
}

const LAST3_SHAPE = 'Last 3 digits of the NHS number must be 3 numbers, like 919';
/** Characters named before "and N more". */
const MAX_HINTS = 3;

/** ". Character 2 is the small letter l, which looks like the digit 1 (U+006C)": a letter or odd character where a digit belongs. */
function digitHints(value: string): string {
  const { inner } = findAllCodeCharacters(value, { digits: 'all' });
  if (inner.length === 0) return '';
  const named = inner.slice(0, MAX_HINTS).map(describeFlag);
  const more = inner.length > named.length ? `, and ${inner.length - named.length} more` : '';
  return `. ${named.join(', ').replace(/^c/, 'C')}${more}`;
}

// As people type it: 10 digits, or 3-3-4 with spaces (as the NHS shows it: 943 476 5919) or hyphens.
const NHS_NUMBER_FORMS = /^(?:[0-9]{10}|[0-9]{3} [0-9]{3} [0-9]{4}|[0-9]{3}-[0-9]{3}-[0-9]{4})$/;

/** The 10 digits of an NHS number typed as 9434765919, 943 476 5919 or 943-476-5919; else null. */
export function readNhsNumber(raw: string): string | null {
  const value = raw.trim();
  return NHS_NUMBER_FORMS.test(value) ? value.replace(/[ -]/g, '') : null;
}

/**
 * Modulus 11: weights 10..2 on digits 1-9; check = 11 - (sum mod 11); 11 -> 0; 10 -> invalid.
 * Accepts the forms readNhsNumber reads.
 */
export function isValidNhsNumber(typed: string): boolean {
  const digits = readNhsNumber(typed);
  if (digits === null) return false;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

// Ten digits with at most one space or hyphen (or a pasted Unicode space/dash) between any
// two, not part of a longer digit run. Wider than 3-3-4 on purpose: when unsure, redact.
export const TEN_DIGITS = /(?<![0-9])[0-9](?:[\s\u2010-\u2015-]?[0-9]){9}(?![0-9])/g;

/** Replaces every 10-digit run, valid check digit or not. */
export function redactNhsNumbers(text: string): { text: string; found: boolean } {
  let found = false;
  const redacted = text.replace(TEN_DIGITS, () => {
    found = true;
    return NHS_NUMBER_REDACTED;
  });
  return { text: redacted, found };
}
