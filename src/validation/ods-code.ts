/**
 * GP practice ODS code: one letter then five digits (Y12345). People confuse O with 0 and
 * I or l with 1, so the message points at the character rather than only the format.
 */
import { describeFlag, findSuspiciousCharacters } from '../text/characters.js';

export type OdsCodeCheck = { ok: true; value: string } | { ok: false; message: string };

const ODS_CODE = /^[A-Z][0-9]{5}$/;
const FORMAT_MESSAGE = 'Enter the ODS code in the correct format: one letter followed by 5 numbers, like Y12345';

// Letters that, after the first character, were almost certainly meant as digits.
const DIGIT_LOOKALIKES: Readonly<Record<string, string>> = {
  O: '0 (zero)',
  I: '1 (one)',
  L: '1 (one)',
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The first O, I or l after the first character, as a hint; positions count code points. */
function lookalikeHint(value: string): string | null {
  const chars = Array.from(value);
  for (let i = 1; i < chars.length; i += 1) {
    const typed = chars[i] ?? '';
    const meant = DIGIT_LOOKALIKES[typed.toUpperCase()];
    if (meant !== undefined) return `Character ${i + 1} is the letter ${typed}: did you mean ${meant}?`;
  }
  return null;
}

export function checkOdsCode(raw: string): OdsCodeCheck {
  const trimmed = raw.trim();
  if (trimmed === '') return { ok: false, message: "Enter your practice's ODS code" };
  const value = trimmed.toUpperCase();
  if (ODS_CODE.test(value)) return { ok: true, value };

  const [flag] = findSuspiciousCharacters(trimmed);
  const hint = flag !== undefined ? `${capitalise(describeFlag(flag))}.` : lookalikeHint(trimmed);
  return { ok: false, message: hint === null ? FORMAT_MESSAGE : `${FORMAT_MESSAGE}. ${hint}` };
}
