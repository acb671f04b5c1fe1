import { formatCodePoint, type FlaggedCharacter } from './characters.js';

/**
 * O/0 and I/l/1 in an ODS code. These are plain ASCII, so the general character check lets
 * them through; in a GP practice code (one letter, then digits) their position gives them
 * away: a letter after the first character was almost certainly meant as a digit, and a
 * digit in first place as a letter.
 */

interface Confusion {
  name: string;
  description: string;
  probably: string;
  advice: string;
}

const AFTER_FIRST: Readonly<Record<string, Confusion>> = {
  O: letterForDigit('LATIN CAPITAL LETTER O', 'the capital letter O', '0'),
  o: letterForDigit('LATIN SMALL LETTER O', 'the small letter o', '0'),
  I: letterForDigit('LATIN CAPITAL LETTER I', 'the capital letter I', '1'),
  l: letterForDigit('LATIN SMALL LETTER L', 'the small letter l', '1'),
  L: letterForDigit('LATIN CAPITAL LETTER L', 'the capital letter L', '1'),
};

const FIRST: Readonly<Record<string, Confusion>> = {
  '0': digitForLetter('DIGIT ZERO', 'the digit 0 (zero)', 'O'),
  '1': digitForLetter('DIGIT ONE', 'the digit 1 (one)', 'I'),
};

function letterForDigit(name: string, description: string, digit: string): Confusion {
  const digitName = digit === '0' ? 'zero' : 'one';
  return {
    name,
    description,
    probably: digit,
    advice: `After the first character an ODS code has only digits: type the digit ${digit} (${digitName})`,
  };
}

function digitForLetter(name: string, description: string, letter: string): Confusion {
  return {
    name,
    description,
    probably: letter,
    advice: 'An ODS code starts with a letter: check the first character against the PIN document and type the letter',
  };
}

/** Each O/o/I/l after the first character, and a 0 or 1 in first place; positions count code points. */
export function findOdsLookalikes(odsCode: string): FlaggedCharacter[] {
  return Array.from(odsCode).flatMap((char, index) => {
    const confusion = (index === 0 ? FIRST : AFTER_FIRST)[char];
    if (!confusion) return [];
    return [{ position: index + 1, char, codePoint: formatCodePoint(char.codePointAt(0) ?? 0), kind: 'lookalike' as const, ...confusion }];
  });
}
