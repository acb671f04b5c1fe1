import { createHash } from 'node:crypto';
import { daysInMonth } from '../validation/date-input.js';
import { isValidNhsNumber, TEN_DIGITS } from '../validation/nhs-number.js';

/**
 * The personal-data guardrail for agents' free text (internal notes, a rejection's or a
 * completion's words). A full NHS number is refused outright: the product keeps only the last
 * 3 digits. An email address or a date that looks like a date of birth may be the patient's,
 * or may be the practice's address or a date in the case, so it is held: the agent removes it
 * or confirms it is not the patient's. The confirmation names exactly what was held, so
 * editing the text to add something new asks again.
 */

export type FindingKind = 'nhs-number' | 'email' | 'date-of-birth';

export interface Finding {
  kind: FindingKind;
  /** The text found, as typed. */
  text: string;
  /** 1-based character (code point) position, as the page says it: "character 12". */
  position: number;
}

export type GuardResult =
  | { outcome: 'accepted'; /** What was held and then confirmed as not the patient's. */ confirmed: Finding[] }
  | { outcome: 'held'; findings: Finding[]; /** Sent back with the confirmation (a hidden field). */ token: string }
  | { outcome: 'refused'; findings: Finding[] };

export const GUARD = {
  /** NHS login is for people aged 13 and over: a date at least this old may be someone's birthday. */
  minimumAgeYears: 13,
  /** A date this close after words such as "DOB" or "born" is read as a date of birth, however recent. */
  labelReach: 20,
} as const;

const FINDING_WORDS: Readonly<Record<FindingKind, string>> = {
  'nhs-number': 'an NHS number',
  email: 'an email address',
  'date-of-birth': 'a date that looks like a date of birth',
};

// What <input type=email> accepts, loosely: the guard would rather hold too much than too little.
const EMAIL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORD = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
// 01/02/1985, 1-2-85, 1.2.1985 (day first, as in the UK); 1985-02-01; 1 February 1985, 1st Feb 1985.
const DAY_FIRST = /(?<![0-9])([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4}|[0-9]{2})(?![0-9])/g;
const ISO = /(?<![0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])/g;
const WORDS = new RegExp(`(?<![0-9])([0-9]{1,2})(?:st|nd|rd|th)?\\s+${MONTH_WORD}\\.?,?\\s+([0-9]{4})(?![0-9])`, 'gi');
const DOB_LABEL = /\b(?:d\.?o\.?b|date of birth|born|birthday|birth date)\b/i;

const position = (text: string, index: number): number => Array.from(text.slice(0, index)).length + 1;

function fullYear(typed: string, now: Date): number {
  if (typed.length === 4) return Number(typed);
  // A 2-digit year is this century unless that would be in the future.
  const century = Math.floor(now.getUTCFullYear() / 100) * 100;
  const year = century + Number(typed);
  return year > now.getUTCFullYear() ? year - 100 : year;
}

const realDate = (year: number, month: number, day: number): boolean =>
  month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);

/** Whether a calendar date, found at `index`, reads as a date of birth at `now`. */
function looksLikeBirthDate(text: string, index: number, year: number, month: number, day: number, now: Date): boolean {
  if (!realDate(year, month, day)) return false;
  const date = Date.UTC(year, month - 1, day);
  if (date > now.getTime()) return false;
  const before = text.slice(Math.max(0, index - GUARD.labelReach), index);
  if (DOB_LABEL.test(before)) return true;
  const oldest = Date.UTC(now.getUTCFullYear() - GUARD.minimumAgeYears, now.getUTCMonth(), now.getUTCDate());
  return date <= oldest;
}

function birthDates(text: string, now: Date): Finding[] {
  const found: Finding[] = [];
  const add = (m: RegExpMatchArray, year: number, month: number, day: number) => {
    if (looksLikeBirthDate(text, m.index ?? 0, year, month, day, now)) found.push({ kind: 'date-of-birth', text: m[0], position: position(text, m.index ?? 0) });
  };
  for (const m of text.matchAll(DAY_FIRST)) {
    const [a, b, y] = [Number(m[1]), Number(m[2]), fullYear(m[3] ?? '', now)];
    // Day first as in the UK; a date that only works month first (03/25/1985) is still a date.
    if (realDate(y, b, a)) add(m, y, b, a);
    else add(m, y, a, b);
  }
  for (const m of text.matchAll(ISO)) add(m, Number(m[1]), Number(m[2]), Number(m[3]));
  for (const m of text.matchAll(WORDS)) {
    const month = MONTHS.indexOf((m[2] ?? '').slice(0, 3).toLowerCase()) + 1;
    add(m, Number(m[3]), month, Number(m[1]));
  }
  return found;
}

/** Everything the guard finds, in text order. */
export function findPersonalData(text: string, now: Date): Finding[] {
  const nhsNumbers = [...text.matchAll(TEN_DIGITS)]
    .filter((m) => isValidNhsNumber(m[0].replace(/[^0-9]/g, '')))
    .map((m): Finding => ({ kind: 'nhs-number', text: m[0], position: position(text, m.index ?? 0) }));
  const emails = [...text.matchAll(EMAIL)].map((m): Finding => ({ kind: 'email', text: m[0], position: position(text, m.index ?? 0) }));
  return [...nhsNumbers, ...emails, ...birthDates(text, now)].sort((a, b) => a.position - b.position);
}

/** Names exactly what was held; the confirmation must bring it back unchanged. */
export function heldToken(findings: readonly Finding[]): string {
  const canonical = findings.map((f) => `${f.kind}:${f.position}:${f.text}`).join('\n');
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 22);
}

/**
 * Checks a text. `confirmation` is the token from an earlier 'held' answer when the agent has
 * confirmed that what was held is not the patient's; it only counts for the same findings.
 */
export function guardText(text: string, now: Date, confirmation: string | null = null): GuardResult {
  const findings = findPersonalData(text, now);
  const refused = findings.filter((f) => f.kind === 'nhs-number');
  if (refused.length > 0) return { outcome: 'refused', findings: refused };
  if (findings.length === 0) return { outcome: 'accepted', confirmed: [] };
  const token = heldToken(findings);
  return confirmation === token ? { outcome: 'accepted', confirmed: findings } : { outcome: 'held', findings, token };
}

/** One line per finding, for the error summary. */
export function findingMessage(finding: Finding): string {
  const where = `character ${finding.position}`;
  if (finding.kind === 'nhs-number') {
    return `Remove the NHS number at ${where}. A note must not contain a full NHS number`;
  }
  return `There is ${FINDING_WORDS[finding.kind]} at ${where}. Remove it, or confirm it is not the patient's`;
}
