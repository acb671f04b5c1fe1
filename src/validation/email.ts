/**
 * Email address check: trim, refuse invisible and non-ASCII characters by name, then the
 * shape. Case is kept as typed; callers compare case-insensitively.
 */
import { describeFlag, findSuspiciousCharacters } from '../text/characters.js';

export type EmailCheck = { ok: true; value: string } | { ok: false; message: string };

/** NHS login: an email address must be more than 6 characters. */
export const EMAIL_MIN_LENGTH_EXCLUSIVE = 6;
/** RFC 5321 path limit less the angle brackets. */
export const EMAIL_MAX_LENGTH = 254;
/** How many bad characters to name before "and N more": a long list helps nobody. */
const MAX_NAMED_FLAGS = 3;

// WHATWG HTML "valid email address" (what <input type=email> accepts).
const WHATWG_EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

function capitalise(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

function specialCharactersMessage(value: string, label: string): string | null {
  const flags = findSuspiciousCharacters(value);
  if (flags.length === 0) return null;
  const named = flags.slice(0, MAX_NAMED_FLAGS).map(describeFlag);
  const extra = flags.length - named.length;
  if (extra > 0) named.push(`${extra} more`);
  const them = flags.length === 1 ? 'it' : 'them';
  return `${capitalise(label)} must not contain special characters: ${listInWords(named)}. Type the email address again without ${them}`;
}

function hasValidShape(value: string): boolean {
  if (!WHATWG_EMAIL.test(value)) return false;
  if (value.includes('..')) return false;
  const domain = value.slice(value.indexOf('@') + 1);
  return domain.includes('.');
}

export function checkEmail(raw: string, label: string): EmailCheck {
  const value = raw.trim();
  if (value === '') return { ok: false, message: `Enter ${label}` };
  const special = specialCharactersMessage(value, label);
  if (special !== null) return { ok: false, message: special };
  // Length before shape: a very long string should not even reach the regex.
  if (value.length > EMAIL_MAX_LENGTH) {
    return { ok: false, message: `${capitalise(label)} must be ${EMAIL_MAX_LENGTH} characters or fewer` };
  }
  if (!hasValidShape(value)) {
    return { ok: false, message: `Enter ${label} in the correct format, like name@example.com` };
  }
  if (value.length <= EMAIL_MIN_LENGTH_EXCLUSIVE) {
    return { ok: false, message: `${capitalise(label)} must be more than ${EMAIL_MIN_LENGTH_EXCLUSIVE} characters` };
  }
  return { ok: true, value };
}
