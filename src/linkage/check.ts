import { describeFlag, findSuspiciousCharacters, type FlaggedCharacter } from '../text/characters.js';
import type { CHECK_RULES } from '../trees/schema.js';
import { findOdsLookalikes } from '../text/ods-lookalikes.js';
import type { LinkageRules } from './rules.js';

/**
 * The linkage checker: the GP registration details as typed, checked against the rules in
 * fixtures/linkage-rules.json, each rule reported in plain words. It reads the input and
 * nothing else: it never rewrites what was typed, never echoes a whole value back, and keeps
 * nothing. Lengths and positions count code points, as a person counts characters.
 */

export interface LinkageInput {
  linkage: string;
  accountId: string;
  odsCode: string;
  previousLinkage?: string;
  /** YYYY-MM-DD */
  printedOn?: string;
}

export type LinkageField = keyof LinkageInput;

export type LinkageRuleId =
  | 'linkage-length'
  | 'linkage-characters'
  | 'differs-from-previous'
  | 'not-expired'
  | 'account-id-length'
  | 'account-id-characters'
  | 'ods-code-format'
  | 'ods-code-characters';

export interface LinkageRuleResult {
  rule: LinkageRuleId;
  field: LinkageField;
  passed: boolean;
  message: string;
}

/** A rule whose optional input was not given (or could not be read), so it was not run. */
export interface LinkageRuleNotChecked {
  rule: LinkageRuleId;
  field: LinkageField;
  message: string;
}

export interface LinkageReport {
  /** Every rule that ran passed. */
  passed: boolean;
  results: LinkageRuleResult[];
  notChecked: LinkageRuleNotChecked[];
  /** Characters that look out of place, per field, in position order. */
  flags: { linkage: FlaggedCharacter[]; accountId: FlaggedCharacter[]; odsCode: FlaggedCharacter[] };
  /** True when a flagged character is typical of iOS Smart Punctuation. */
  smartPunctuation: boolean;
}

export type LinkageCheckResult = keyof typeof CHECK_RULES.linkage.results;

const DAY_MS = 24 * 60 * 60 * 1000;

export function checkLinkage(input: LinkageInput, rules: LinkageRules, today: Date): LinkageReport {
  const flags = {
    linkage: flagsFor(input.linkage),
    accountId: flagsFor(input.accountId),
    odsCode: byPosition([...flagsFor(input.odsCode), ...findOdsLookalikes(input.odsCode)]),
  };
  const checks: Array<LinkageRuleResult | LinkageRuleNotChecked> = [
    lengthResult('linkage-length', 'linkage', input.linkage, rules.linkage, flags.linkage.length),
    charactersResult('linkage-characters', 'linkage', rules.linkage.label, flags.linkage),
    differsResult(input.linkage, input.previousLinkage),
    expiryResult(input.printedOn, rules, today),
    lengthResult('account-id-length', 'accountId', input.accountId, rules.accountId, flags.accountId.length),
    charactersResult('account-id-characters', 'accountId', rules.accountId.label, flags.accountId),
    odsFormatResult(input.odsCode, rules.odsCode, flags.odsCode.length),
    charactersResult('ods-code-characters', 'odsCode', rules.odsCode.label, flags.odsCode),
  ];
  const results = checks.filter((c): c is LinkageRuleResult => 'passed' in c);
  return {
    passed: results.every((r) => r.passed),
    results,
    notChecked: checks.filter((c): c is LinkageRuleNotChecked => !('passed' in c)),
    flags,
    smartPunctuation: Object.values(flags).some((list) => list.some((f) => f.kind === 'smart-punctuation')),
  };
}

/** The check node's branch for this report. */
export function linkageResult(report: LinkageReport): LinkageCheckResult {
  return report.passed ? 'pass' : 'fail';
}

// ---- characters

function flagsFor(text: string): FlaggedCharacter[] {
  return byPosition([...findSuspiciousCharacters(text), ...edgeSpaces(text)]);
}

function byPosition(flags: FlaggedCharacter[]): FlaggedCharacter[] {
  return flags.sort((a, b) => a.position - b.position);
}

/**
 * Ordinary spaces before or after the value: invisible on screen, counted in the length,
 * and never part of a printed detail. Spaces inside a value are left alone.
 */
function edgeSpaces(text: string): FlaggedCharacter[] {
  const chars = Array.from(text);
  const lead = chars.findIndex((c) => c !== ' ');
  const firstAfter = lead === -1 ? chars.length : lead;
  const lastBefore = chars.findLastIndex((c) => c !== ' ');
  return chars.flatMap((char, i) => {
    if (char !== ' ' || (i >= firstAfter && i <= lastBefore)) return [];
    const where = i < firstAfter ? 'start' : 'end';
    return [
      {
        position: i + 1,
        char,
        codePoint: 'U+0020',
        name: 'SPACE',
        description: `a space at the ${where}`,
        probably: null,
        kind: 'space' as const,
        advice: 'Delete it: the details on the PIN document have no space there',
      },
    ];
  });
}

function charactersResult(
  rule: LinkageRuleId,
  field: LinkageField,
  label: string,
  flags: readonly FlaggedCharacter[],
): LinkageRuleResult {
  if (flags.length === 0) return { rule, field, passed: true, message: `No unexpected characters in the ${label}.` };
  const count = plural(flags.length, 'character');
  return {
    rule,
    field,
    passed: false,
    message: `The ${label} has ${count} that ${flags.length === 1 ? 'looks' : 'look'} wrong. ${flags.map(flagSentence).join(' ')}`,
  };
}

/** "Character 7 is a curly apostrophe ’ (U+2019), Unicode name RIGHT SINGLE QUOTATION MARK. ..." */
export function flagSentence(flag: FlaggedCharacter): string {
  return `${capitalise(describeFlag(flag))}, Unicode name ${flag.name}. ${probablyWas(flag.probably)} ${flag.advice}.`;
}

const NAMED: Readonly<Record<string, string>> = {
  "'": "a straight apostrophe (')",
  '"': 'a straight double quote (")',
  '-': 'a hyphen (-)',
  '...': 'three full stops (...)',
  ' ': 'an ordinary space, or nothing',
  '0': 'the digit 0 (zero)',
  '1': 'the digit 1 (one)',
};

function probablyWas(probably: string | null): string {
  if (probably === null) return 'It probably should not be there at all.';
  const named = NAMED[probably] ?? (/^[A-Za-z]$/.test(probably) ? `the letter ${probably}` : probably);
  return `It was probably ${named}.`;
}

// ---- lengths and shapes

function lengthResult(
  rule: LinkageRuleId,
  field: LinkageField,
  value: string,
  spec: LinkageRules['linkage'],
  flagged: number,
): LinkageRuleResult {
  const length = Array.from(value).length;
  const range = `${spec.minLength} to ${spec.maxLength} characters`;
  const passed = length >= spec.minLength && length <= spec.maxLength;
  const measured = length === 0 ? `No ${spec.label} was entered` : `The ${spec.label} is ${plural(length, 'character')}`;
  if (passed) return { rule, field, passed, message: `${measured}, within the expected ${range}.` };
  const includes = flagged > 0 ? ` That count includes ${plural(flagged, 'character')} named below.` : '';
  const caveat = spec.caveat ? ` ${spec.caveat}` : '';
  return { rule, field, passed, message: `${measured}. It should be ${range}.${includes}${caveat}` };
}

function odsFormatResult(value: string, spec: LinkageRules['odsCode'], flagged: number): LinkageRuleResult {
  const base = { rule: 'ods-code-format' as const, field: 'odsCode' as const };
  const note = spec.note ? ` ${spec.note}` : '';
  const placeholder = spec.placeholders[value.trim().toUpperCase()];
  if (placeholder !== undefined) {
    return {
      ...base,
      passed: false,
      message: `${value.trim().toUpperCase()} is not a practice's own code: it is ${placeholder}. Use the ODS code on the PIN document.${note}`,
    };
  }
  if (new RegExp(spec.pattern, 'u').test(value)) {
    return { ...base, passed: true, message: `The ${spec.label} has the expected form: ${spec.format}.${note}` };
  }
  const named = flagged > 0 ? ' The characters that look wrong are named below.' : '';
  const what = value.length === 0 ? `No ${spec.label} was entered` : `The ${spec.label} does not have the expected form`;
  return { ...base, passed: false, message: `${what}. It should be ${spec.format}.${named}${note}` };
}

// ---- previous linkage

function differsResult(linkage: string, previous: string | undefined): LinkageRuleResult | LinkageRuleNotChecked {
  const base = { rule: 'differs-from-previous' as const, field: 'previousLinkage' as const };
  if (!previous) {
    return {
      ...base,
      message: 'No previous linkage key was entered, so the two were not compared. A reissued linkage key must be different from the previous one.',
    };
  }
  if (linkage === previous) {
    return {
      ...base,
      passed: false,
      message: 'The new linkage key is the same as the previous one. A reissued linkage key must be different: the practice needs to reset it again.',
    };
  }
  if (loosely(linkage) === loosely(previous)) {
    return {
      ...base,
      passed: false,
      message: 'The new linkage key differs from the previous one only in capital letters or spaces, so it is probably the same key. A reissued linkage key must be different: check it against the new PIN document.',
    };
  }
  return { ...base, passed: true, message: 'The new linkage key is different from the previous one.' };
}

/** For comparison only: case and every kind of space or invisible character ignored. */
function loosely(text: string): string {
  return text.replace(/[\p{White_Space}\p{Cf}]/gu, '').toLowerCase();
}

// ---- expiry

function expiryResult(
  printedOn: string | undefined,
  rules: LinkageRules,
  today: Date,
): LinkageRuleResult | LinkageRuleNotChecked {
  const base = { rule: 'not-expired' as const, field: 'printedOn' as const };
  const expiry = `The linkage key or passphrase expires ${rules.expiryDays} days after the PIN document is printed`;
  if (!printedOn) return { ...base, message: `No print date was entered, so expiry was not checked. ${expiry}.` };
  const printed = dayNumberOfIsoDate(printedOn);
  const now = dayNumberInZone(today, rules.timeZone);
  if (printed === null || now === null) {
    return { ...base, message: `The print date could not be read (it should be a real date, YYYY-MM-DD), so expiry was not checked. ${expiry}.` };
  }
  const age = now - printed;
  if (age < 0) {
    return { ...base, message: `The print date is ${plural(-age, 'day')} in the future, so expiry was not checked. Check the date on the PIN document.` };
  }
  const left = rules.expiryDays - age;
  const printedWhen = `The PIN document was printed ${age === 0 ? 'today' : `${plural(age, 'day')} ago`}`;
  if (left > 0) {
    return { ...base, passed: true, message: `${printedWhen}, so it expires ${left === 1 ? 'tomorrow' : `in ${plural(left, 'day')}`}.` };
  }
  return {
    ...base,
    passed: false,
    message: `${printedWhen}, so it expired ${left === 0 ? 'today' : `${plural(-left, 'day')} ago`}. ${expiry}, so the patient needs a new one.`,
  };
}

/** Days since 1970-01-01 for a real YYYY-MM-DD date, else null. */
function dayNumberOfIsoDate(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = utcDate(year, month, day);
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? date.getTime() / DAY_MS : null;
}

/** Days since 1970-01-01 of the calendar date `moment` falls on in `timeZone`. */
function dayNumberInZone(moment: Date, timeZone: string): number | null {
  if (Number.isNaN(moment.getTime())) return null;
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(moment);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return utcDate(part('year'), part('month'), part('day')).getTime() / DAY_MS;
}

/** Midnight UTC of a calendar date (setUTCFullYear, unlike Date.UTC, keeps years 0-99 as written). */
function utcDate(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

// ---- words

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
