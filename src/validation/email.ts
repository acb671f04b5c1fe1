/**
 * Email address check: ordinary spaces at the ends trimmed, then any character outside
 * printable ASCII named, then the RFC 5321 limits and the shape. Case is kept as typed;
 * callers compare case-insensitively.
 *
 * A named character gets the message that fits it. One that was probably typed for another
 * (a curly apostrophe for ', a Cyrillic о for o, a full-width letter) is named with what it
 * probably was and the address as it probably should be; curly quotes and dashes come with
 * how to switch Smart Punctuation off. Only characters that were never part of the address
 * (zero-width characters, a non-breaking space at either end) get "type it again without it".
 */
import { describeFlag, findSuspiciousCharacters, probableOptionsInWords, type FlaggedCharacter } from '../text/characters.js';

export type EmailCheck = { ok: true; value: string } | { ok: false; message: string };

/** NHS login: an email address must be more than 6 characters. */
export const EMAIL_MIN_LENGTH_EXCLUSIVE = 6;
/** RFC 5321 limits: the path less its angle brackets, the local part, one domain label. */
export const EMAIL_MAX_LENGTH = 254;
export const EMAIL_LOCAL_MAX_LENGTH = 64;
export const EMAIL_LABEL_MAX_LENGTH = 63;
/** How many bad characters to name before "and N more": a long list helps nobody. */
const MAX_NAMED_FLAGS = 3;

// WHATWG HTML "valid email address" (what <input type=email> accepts).
const WHATWG_EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
// Trimmed silently: what a browser's own email field trims. Anything else at the ends is named.
const ASCII_EDGES = /^[ \t\r\n]+|[ \t\r\n]+$/g;

const SMART_PUNCTUATION_OFF =
  'If it was typed on an iPhone or iPad, switch off Smart Punctuation (Settings > General > Keyboard > Smart Punctuation): it turns straight quotes into curly ones and hyphens into dashes';

function capitalise(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** What to put in the character's place: a string, '' (nothing), or null when we can't tell. */
function replacementFor(flag: FlaggedCharacter, length: number): string | null {
  if (flag.kind === 'invisible') return '';
  const atEnd = flag.position === 1 || flag.position === length;
  if (flag.kind === 'space' && atEnd) return '';
  if (flag.probably === null || flag.probably === ' ') return null;
  return flag.probably;
}

function specialCharactersMessage(value: string, label: string): string | null {
  const flags = findSuspiciousCharacters(value);
  if (flags.length === 0) return null;
  const length = Array.from(value).length;
  const replacements = flags.map((f) => replacementFor(f, length));
  const named = flags.slice(0, MAX_NAMED_FLAGS).map((flag, i) => {
    const replacement = replacements[i];
    const what = describeFlag(flag);
    if (replacement === undefined || replacement === null || replacement === '') return what;
    return `${what}, probably ${probableOptionsInWords(flag) ?? replacement}`;
  });
  const extra = flags.length - named.length;
  if (extra > 0) named.push(`${extra} more`);
  // Semicolons: each item may itself contain "or" and commas.
  const head = `${capitalise(label)} has ${flags.length === 1 ? 'a character' : 'characters'} an email address can't contain: ${named.join('; ')}.`;

  const smart = flags.some((f) => f.kind === 'smart-punctuation') ? ` ${SMART_PUNCTUATION_OFF}.` : '';
  if (replacements.every((r) => r === '')) {
    return `${head} Type the email address again without ${flags.length === 1 ? 'it' : 'them'}`;
  }
  if (replacements.every((r) => r !== null)) {
    const chars = Array.from(value);
    const byPosition = new Map(flags.map((f, i) => [f.position, replacements[i] ?? '']));
    const corrected = chars.map((c, i) => byPosition.get(i + 1) ?? c).join('');
    if (shapeProblem(corrected, label) === null) {
      return `${head} The address is probably ${corrected}: check it with the patient and type it again.${smart}`.replace(/\.$/, '');
    }
  }
  return `${head} Check the address with the patient and type it again using only the letters, numbers and symbols on a standard English keyboard.${smart}`.replace(/\.$/, '');
}

/** Null when the address has the HTML spec's shape and keeps to RFC 5321's limits, else why not. */
function shapeProblem(value: string, label: string): string | null {
  const format = `Enter ${label} in the correct format, like name@example.com`;
  const at = value.lastIndexOf('@');
  const local = at > 0 ? value.slice(0, at) : '';
  const domain = at > 0 ? value.slice(at + 1) : '';
  if (local.length > EMAIL_LOCAL_MAX_LENGTH) {
    return `The part of ${label} before the @ must be ${EMAIL_LOCAL_MAX_LENGTH} characters or fewer`;
  }
  if (local.startsWith('.') || local.endsWith('.')) {
    return `The part of ${label} before the @ can't start or end with a full stop`;
  }
  if (domain.split('.').some((label) => label.length > EMAIL_LABEL_MAX_LENGTH)) {
    return `Each part of the domain in ${label} (between the full stops after the @) must be ${EMAIL_LABEL_MAX_LENGTH} characters or fewer`;
  }
  if (!WHATWG_EMAIL.test(value) || value.includes('..') || !domain.includes('.')) return format;
  return null;
}

export function checkEmail(raw: string, label: string): EmailCheck {
  const value = raw.replace(ASCII_EDGES, '');
  if (value === '') return { ok: false, message: `Enter ${label}` };
  // Length first: a very long string should not even reach the character table or the regex.
  if (value.length > EMAIL_MAX_LENGTH) {
    return { ok: false, message: `${capitalise(label)} must be ${EMAIL_MAX_LENGTH} characters or fewer` };
  }
  const special = specialCharactersMessage(value, label);
  if (special !== null) return { ok: false, message: special };
  const shape = shapeProblem(value, label);
  if (shape !== null) return { ok: false, message: shape };
  if (value.length <= EMAIL_MIN_LENGTH_EXCLUSIVE) {
    return { ok: false, message: `${capitalise(label)} must be more than ${EMAIL_MIN_LENGTH_EXCLUSIVE} characters` };
  }
  return { ok: true, value };
}
