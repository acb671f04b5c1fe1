/**
 * GP practice ODS code: one letter then five digits (Y12345). People confuse O with 0 and
 * I or l with 1, so the message points at the character rather than only the format.
 */
import { describeFlag, findSuspiciousCharacters } from '../text/characters.js';
import { findOdsLookalikes } from '../text/ods-lookalikes.js';

export type OdsCodeCheck = { ok: true; value: string } | { ok: false; message: string };

const ODS_CODE = /^[A-Z][0-9]{5}$/;
const FORMAT_MESSAGE = 'Enter the ODS code in the correct format: one letter followed by 5 numbers, like Y12345';

const MEANT: Readonly<Record<string, string>> = { '0': '0 (zero)', '1': '1 (one)' };

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Names the first character that is out of place: an odd character, or O/0 and I/l/1 mixed up. */
function hintFor(typed: string): string | null {
  const [flag] = findSuspiciousCharacters(typed);
  if (flag) return `${capitalise(describeFlag(flag))}.`;
  // Only letters typed for digits: a digit in first place is too often just a wrong code.
  const lookalike = findOdsLookalikes(typed).find((f) => f.position > 1);
  if (!lookalike?.probably) return null;
  const meant = MEANT[lookalike.probably] ?? `the letter ${lookalike.probably}`;
  return `Character ${lookalike.position} is the letter ${lookalike.char}: did you mean ${meant}?`;
}

export function checkOdsCode(raw: string): OdsCodeCheck {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: false, message: "Enter your practice's ODS code" };
  const value = trimmed.toUpperCase();
  if (ODS_CODE.test(value)) return { ok: true, value };

  const hint = hintFor(trimmed);
  return { ok: false, message: hint === null ? FORMAT_MESSAGE : `${FORMAT_MESSAGE}. ${hint}` };
}
