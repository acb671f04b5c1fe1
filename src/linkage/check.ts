import { describeFlag, probableOptionsInWords, type FlaggedCharacter } from '../text/characters.js';
import { findAllCodeCharacters, type CodeShape, type Edges } from '../text/code-characters.js';
import type { CHECK_RULES } from '../trees/schema.js';
import { assessOdsCode, ODS_RULES, type CheckLevel } from '../validation/ods-code.js';
import type { LinkageRules } from './rules.js';

export type { CheckLevel } from '../validation/ods-code.js';

/**
 * The linkage checker: the GP registration details as typed, checked against the rules in
 * fixtures/linkage-rules.json, each rule reported in plain words at one of three levels:
 * pass; warning (looks odd, or breaks a rule NHS England's own examples contradict); fail
 * (cannot be right). It reads the input and nothing else: it never rewrites what was typed,
 * never echoes a linkage key or Account ID back (only an ODS code, which names a practice, not
 * a patient), and keeps nothing. Lengths and positions count code
 * points, as a person counts characters. Whitespace at either end is one warning, and every
 * other rule runs on the value without it, so one stray space is not two failures.
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
  level: CheckLevel;
  message: string;
}

/** A rule whose optional input was not given (or could not be read), so it was not run. */
export interface LinkageRuleNotChecked {
  rule: LinkageRuleId;
  field: LinkageField;
  message: string;
}

type CodeField = 'linkage' | 'accountId' | 'odsCode';

export interface LinkageReport {
  /** The worst level of every rule that ran. */
  level: CheckLevel;
  results: LinkageRuleResult[];
  notChecked: LinkageRuleNotChecked[];
  /** Characters that look out of place, per field, in position order (positions as typed). */
  flags: Record<CodeField, FlaggedCharacter[]>;
  /** True when a flagged character is typical of iOS Smart Punctuation. */
  smartPunctuation: boolean;
}

export type LinkageCheckResult = keyof typeof CHECK_RULES.linkage.results;

const DAY_MS = 24 * 60 * 60 * 1000;
const LEVEL_ORDER: readonly CheckLevel[] = ['pass', 'warning', 'fail'];

/** The worse of the levels; pass for none. */
export function worstLevel(levels: readonly CheckLevel[]): CheckLevel {
  return levels.reduce<CheckLevel>((worst, level) => (LEVEL_ORDER.indexOf(level) > LEVEL_ORDER.indexOf(worst) ? level : worst), 'pass');
}

// What each field's characters should be.
const SHAPES: Record<CodeField, CodeShape> = {
  linkage: { digits: 'none' },
  // EMIS Account IDs are numbers (and NHS England's example is 0123456).
  accountId: { digits: 'all' },
  odsCode: { digits: 'after-first' },
};

/**
 * Flags that may be right after all are warnings: a letter in an Account ID (EMIS IDs are
 * numbers, but not every system's need be). Everything else the finder names can't be part
 * of a printed detail.
 */
function flagLevel(flag: FlaggedCharacter, field: CodeField): CheckLevel {
  if (field === 'accountId' && (flag.kind === 'letter-for-digit' || flag.kind === 'not-a-digit')) return 'warning';
  return 'fail';
}

export function checkLinkage(input: LinkageInput, rules: LinkageRules, today: Date): LinkageReport {
  const found = {
    linkage: findAllCodeCharacters(input.linkage, SHAPES.linkage),
    accountId: findAllCodeCharacters(input.accountId, SHAPES.accountId),
    odsCode: findAllCodeCharacters(input.odsCode, SHAPES.odsCode),
  };
  const flags = {
    linkage: allFlags(found.linkage),
    accountId: allFlags(found.accountId),
    odsCode: allFlags(found.odsCode),
  };
  const checks: Array<LinkageRuleResult | LinkageRuleNotChecked> = [
    lengthResult('linkage-length', 'linkage', found.linkage, rules.linkage),
    charactersResult('linkage-characters', 'linkage', rules.linkage.label, found.linkage),
    differsResult(input.linkage, input.previousLinkage),
    expiryResult(input.printedOn, rules, today),
    lengthResult('account-id-length', 'accountId', found.accountId, rules.accountId),
    charactersResult('account-id-characters', 'accountId', rules.accountId.label, found.accountId),
    odsFormatResult(input.odsCode, rules.odsCode),
    charactersResult('ods-code-characters', 'odsCode', rules.odsCode.label, found.odsCode),
  ];
  const results = checks.filter((c): c is LinkageRuleResult => 'level' in c);
  return {
    level: worstLevel(results.map((r) => r.level)),
    results,
    notChecked: checks.filter((c): c is LinkageRuleNotChecked => !('level' in c)),
    flags,
    smartPunctuation: Object.values(flags).some((list) => list.some((f) => f.kind === 'smart-punctuation')),
  };
}

/** The check node's branch for this report. */
export function linkageResult(report: LinkageReport): LinkageCheckResult {
  return report.level;
}

// ---- characters

/** Characters described one by one before "and N more": a long list helps nobody. */
const MAX_NAMED_FLAGS = 5;

function allFlags(found: { edges: Edges; inner: FlaggedCharacter[] }): FlaggedCharacter[] {
  return [...found.edges.lead, ...found.inner, ...found.edges.trail];
}

function charactersResult(
  rule: LinkageRuleId,
  field: CodeField,
  label: string,
  { edges, inner }: { edges: Edges; inner: FlaggedCharacter[] },
): LinkageRuleResult {
  const trimmed = edgeSentence(edges);
  const levels = [...inner.map((f) => flagLevel(f, field)), ...(trimmed ? ['warning' as const] : [])];
  const level = worstLevel(levels);
  if (inner.length === 0 && !trimmed) return { rule, field, level, message: `No unexpected characters in the ${label}.` };
  const parts: string[] = [];
  if (inner.length > 0) {
    const count = plural(inner.length, 'character');
    const verb = level !== 'fail' ? 'to check' : inner.length === 1 ? 'that looks wrong' : 'that look wrong';
    const named = inner.slice(0, MAX_NAMED_FLAGS).map((f) => flagSentence(f, field));
    const more = inner.length - named.length;
    if (more > 0) named.push(`And ${plural(more, 'more character')} like ${more === 1 ? 'it' : 'these'}.`);
    parts.push(`The ${label} has ${count} ${verb}. ${named.join(' ')}`);
  }
  if (trimmed) parts.push(trimmed);
  return { rule, field, level, message: parts.join(' ') };
}

/** "Trimmed: 2 spaces at the start and a non-breaking space at the end. The patient should not type them." */
function edgeSentence(edges: Edges): string | null {
  const where = [edgeWords(edges.lead, 'start'), edgeWords(edges.trail, 'end')].filter((w) => w !== null);
  if (where.length === 0) return null;
  const count = edges.lead.length + edges.trail.length;
  return `Trimmed: ${where.join(' and ')}. The patient should not type ${count === 1 ? 'it' : 'them'}; the other checks ignore ${count === 1 ? 'it' : 'them'}.`;
}

function edgeWords(flags: readonly FlaggedCharacter[], where: 'start' | 'end'): string | null {
  if (flags.length === 0) return null;
  const kinds = [...new Set(flags.map((f) => f.description.replace(/ at the (start|end)$/, '')))];
  if (flags.length === 1) return `${kinds[0] ?? 'a space'} at the ${where}`;
  const what = kinds.length === 1 && kinds[0] === 'a space' ? 'spaces' : 'spaces or similar characters';
  return `${flags.length} ${what} at the ${where}`;
}

const ACCOUNT_ID_LETTER_ADVICE = 'EMIS Account IDs are numbers: check it against the PIN document and type the digit if it is one';

/** "Character 7 is a curly apostrophe ’ (U+2019), Unicode name RIGHT SINGLE QUOTATION MARK. ..." */
export function flagSentence(flag: FlaggedCharacter, field?: CodeField): string {
  const advice = field === 'accountId' && flag.kind === 'letter-for-digit' ? ACCOUNT_ID_LETTER_ADVICE : flag.advice;
  return `${capitalise(describeFlag(flag))}, Unicode name ${flag.name}. ${probablyWas(flag)} ${advice}.`;
}

function probablyWas(flag: FlaggedCharacter): string {
  const options = probableOptionsInWords(flag);
  if (options === null) return flag.kind === 'not-a-digit' ? 'It is not a digit.' : 'It probably should not be there at all.';
  const dash = (flag.alternatives ?? []).length > 0 ? ': Smart Punctuation turns hyphens typed together into one dash' : '';
  return `It was probably ${options}${dash}.`;
}

// ---- lengths and shapes

function lengthResult(
  rule: LinkageRuleId,
  field: CodeField,
  { edges, inner }: { edges: Edges; inner: FlaggedCharacter[] },
  spec: LinkageRules['linkage'],
): LinkageRuleResult {
  const length = Array.from(edges.core).length;
  const range = `${spec.minLength} to ${spec.maxLength} characters`;
  const trimmedNote = edges.lead.length + edges.trail.length > 0 ? ' (not counting what was trimmed at the ends)' : '';
  const measured = length === 0 ? `No ${spec.label} was entered` : `The ${spec.label} is ${plural(length, 'character')}${trimmedNote}`;
  if (length >= spec.minLength && length <= spec.maxLength) {
    return { rule, field, level: 'pass', message: `${measured}, within the expected ${range}.` };
  }
  const short = length > 0 && length < spec.minLength;
  // A shorter value that NHS England's own examples show (see the rules data) is a warning.
  const level: CheckLevel = short && spec.shorterIsWarning ? 'warning' : 'fail';
  if (level === 'warning') return { rule, field, level, message: `${measured}. The guide expects ${range}.${spec.caveat ? ` ${spec.caveat}` : ''}` };
  const includes = inner.length > 0 ? ` That count includes ${plural(inner.length, 'character')} named below.` : '';
  return { rule, field, level, message: `${measured}. It should be ${range}.${includes}` };
}

function odsFormatResult(value: string, spec: LinkageRules['odsCode']): LinkageRuleResult {
  const base = { rule: 'ods-code-format' as const, field: 'odsCode' as const };
  const ods = assessOdsCode(value);
  switch (ods.kind) {
    case 'practice':
      return { ...base, level: 'pass', message: `The ${spec.label} ${ods.value} has the expected form: ${ODS_RULES.format}. ${ODS_RULES.notProof} Check it against the PIN document.` };
    case 'placeholder':
      return { ...base, level: 'warning', message: `${ods.message} The PIN document should show the practice's own ODS code.` };
    case 'branch':
      return { ...base, level: 'warning', message: ods.message };
    case 'empty':
      return { ...base, level: 'fail', message: `No ${spec.label} was entered. It should be ${ODS_RULES.format}.` };
    case 'malformed': {
      const named = ods.flags.length > 0 ? ' The characters that look wrong are named below.' : '';
      return { ...base, level: 'fail', message: `The ${spec.label} does not have the expected form. It should be ${ODS_RULES.format}.${named}` };
    }
  }
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
      level: 'fail',
      message: 'The new linkage key is the same as the previous one. A reissued linkage key must be different: the practice needs to reset it again.',
    };
  }
  if (loosely(linkage) === loosely(previous)) {
    return {
      ...base,
      level: 'fail',
      message: 'The new linkage key differs from the previous one only in capital letters or spaces, so it is probably the same key. A reissued linkage key must be different: check it against the new PIN document.',
    };
  }
  return { ...base, level: 'pass', message: 'The new linkage key is different from the previous one.' };
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
    return { ...base, level: 'pass', message: `${printedWhen}, so it expires ${left === 1 ? 'tomorrow' : `in ${plural(left, 'day')}`}.` };
  }
  return {
    ...base,
    level: 'fail',
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
