/**
 * The one ODS code rule, used by the cleansing form and the PIN-document checker alike.
 *
 * A GP practice code is one letter then five digits (Y12345), upper-cased. Some codes of that
 * form name no practice (placeholders); a branch surgery's code is the main code followed by
 * three digits, and the NHS App connects only to the main code. Dental practices and other
 * organisations have codes of the same form, so the format alone never proves a GP practice.
 * People confuse O with 0 and I or l with 1, so a wrong code is explained by its characters.
 */
import { describeFlag, type FlaggedCharacter } from '../text/characters.js';
import { findAllCodeCharacters } from '../text/code-characters.js';

export type CheckLevel = 'pass' | 'warning' | 'fail';

/** What the code is, as far as its form can tell. */
export type OdsKind = 'practice' | 'placeholder' | 'branch' | 'empty' | 'malformed';

export interface OdsAssessment {
  level: CheckLevel;
  kind: OdsKind;
  /** Trimmed and upper-cased: the code to use when the level is not fail. */
  value: string;
  /** One plain sentence or two, for the person who typed it. Empty for a plain practice code. */
  message: string;
  /** Characters that can't belong, positions as typed (spaces at the ends included). */
  flags: FlaggedCharacter[];
  /** For a branch code: the main practice code it probably belongs to. */
  mainCode?: string;
  /** For a malformed code: one sentence per character that looks wrong (at most three, then "and N more"). */
  hints: string[];
}

/** The facts, as data: the shape of a practice code and the codes that name no practice. */
export const ODS_RULES = {
  format: 'one letter followed by 5 numbers, like Y12345',
  practice: /^[A-Z][0-9]{5}$/,
  branch: /^([A-Z][0-9]{5})([0-9]{3})$/,
  placeholders: {
    V81997: 'no registered GP practice',
    V81998: 'a GP practice does not apply',
    V81999: 'the GP practice is not known',
  } as Readonly<Record<string, string>>,
  notProof:
    'The format alone does not show that it is a GP practice: dental practices and other organisations have codes of the same form.',
} as const;

/** Characters named in a message before "and N more": a long list helps nobody. */
const MAX_HINTS = 3;

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function probablyWords(flag: FlaggedCharacter): string {
  if (flag.probably === null) return 'It should not be there.';
  if (/^[0-9]$/.test(flag.probably)) return `It was probably the digit ${flag.probably}.`;
  if (/^[A-Za-z]$/.test(flag.probably)) return `It was probably the letter ${flag.probably}.`;
  return `It was probably ${flag.probably}.`;
}

/** "Character 4 is the capital letter O, which looks like the digit 0 (U+004F). It was probably the digit 0." */
export function odsFlagSentence(flag: FlaggedCharacter): string {
  return `${capitalise(describeFlag(flag))}. ${probablyWords(flag)}`;
}

export function assessOdsCode(raw: string): OdsAssessment {
  const { edges, inner } = findAllCodeCharacters(raw, { digits: 'after-first' });
  const flags = [...edges.lead, ...inner, ...edges.trail];
  const value = edges.core.toUpperCase();
  if (value === '') return { level: 'fail', kind: 'empty', value, message: 'No ODS code was entered.', flags, hints: [] };

  const placeholder = ODS_RULES.placeholders[value];
  if (placeholder !== undefined) {
    return {
      level: 'warning',
      kind: 'placeholder',
      value,
      message: `${value} is a placeholder code meaning ${placeholder}: it has the form of an ODS code but names no GP practice.`,
      flags,
      hints: [],
    };
  }
  if (ODS_RULES.practice.test(value)) return { level: 'pass', kind: 'practice', value, message: '', flags, hints: [] };

  const branch = ODS_RULES.branch.exec(value);
  if (branch?.[1]) {
    return {
      level: 'warning',
      kind: 'branch',
      value,
      mainCode: branch[1],
      message: `${value} looks like a branch code. The NHS App connects to the main practice code, probably ${branch[1]}.`,
      flags,
      hints: [],
    };
  }
  const hints = inner.slice(0, MAX_HINTS).map(odsFlagSentence);
  if (inner.length > hints.length) hints.push(`And ${inner.length - hints.length} more.`);
  return {
    level: 'fail',
    kind: 'malformed',
    value,
    message: [`An ODS code is ${ODS_RULES.format}.`, ...hints].join(' '),
    flags,
    hints,
  };
}

const FORMAT_MESSAGE = `Enter the ODS code in the correct format: ${ODS_RULES.format}`;

export type OdsCodeCheck = { ok: true; value: string } | { ok: false; message: string };

/**
 * The cleansing form's check of the sender's own practice code. The sender works at the
 * practice and can put a warning right at once, so a placeholder or branch code is refused
 * here with the same words the checker uses, and sending a request for "practice not known"
 * is not possible.
 */
export function checkOdsCode(raw: string): OdsCodeCheck {
  const ods = assessOdsCode(raw);
  switch (ods.kind) {
    case 'practice':
      return { ok: true, value: ods.value };
    case 'empty':
      return { ok: false, message: "Enter your practice's ODS code" };
    case 'placeholder':
      return { ok: false, message: `${ods.message} Enter your practice's own ODS code` };
    case 'branch':
      return { ok: false, message: `${ods.message} Enter your practice's main ODS code` };
    case 'malformed':
      return { ok: false, message: `${FORMAT_MESSAGE}${ods.hints.length ? `. ${ods.hints.join(' ')}` : ''}` };
  }
}
