import { adviceFor, findSuspiciousCharacters, formatCodePoint, type FlaggedCharacter } from './characters.js';

/**
 * The one finder for typed codes (linkage key, Account ID, ODS code): every character that
 * can't belong, with its position in the text as typed. On top of the general finder
 * (Unicode spaces, invisible characters, smart punctuation, full-width forms, other-script
 * look-alikes) it knows what a code's shape expects: no spaces at all, and digits where the
 * code has digits, so a letter O among them is named as a probable 0.
 *
 * Spaces at either end are not flagged here: callers trim them and say so once (see
 * splitEdges), so one stray space is not reported twice.
 */

export interface CodeShape {
  /** Where the code has only digits: every character, every character after the first, or nowhere. */
  digits: 'all' | 'after-first' | 'none';
}

/** The value with whitespace at either end taken off, and what was taken. */
export interface Edges {
  /** The value without them, the part every other rule checks. */
  core: string;
  /** How many characters (code points) came before `core`. */
  offset: number;
  lead: FlaggedCharacter[];
  trail: FlaggedCharacter[];
}

// Latin letters people type for digits, and digits they type for letters.
const LETTER_FOR_DIGIT: Readonly<Record<string, string>> = {
  O: '0', o: '0',
  I: '1', l: '1', i: '1', L: '1', '|': '1',
  Z: '2', z: '2',
  S: '5', s: '5',
  G: '6', b: '6',
  B: '8',
  g: '9', q: '9',
};
const DIGIT_FOR_LETTER: Readonly<Record<string, string>> = { '0': 'O', '1': 'I', '5': 'S', '8': 'B' };

const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

function letterName(char: string): string {
  if (char === '|') return 'VERTICAL LINE';
  return `LATIN ${char === char.toUpperCase() ? 'CAPITAL' : 'SMALL'} LETTER ${char.toUpperCase()}`;
}

function letterWords(char: string): string {
  if (char === '|') return 'a vertical line |';
  return `the ${char === char.toUpperCase() ? 'capital' : 'small'} letter ${char}`;
}

function flag(position: number, char: string, fields: Pick<FlaggedCharacter, 'name' | 'description' | 'probably' | 'kind'>): FlaggedCharacter {
  return { position, char, codePoint: formatCodePoint(char.codePointAt(0) ?? 0), advice: adviceFor(fields.kind), ...fields };
}

/** Whitespace as String.prototype.trim sees it (Unicode spaces, tabs, line breaks, U+FEFF). */
function isTrimmed(char: string): boolean {
  return char.trim() === '';
}

export function splitEdges(text: string): Edges {
  const chars = Array.from(text);
  const first = chars.findIndex((c) => !isTrimmed(c));
  if (first === -1) return { core: '', offset: chars.length, lead: edgeFlags(chars, 0, chars.length, 'start'), trail: [] };
  const last = chars.findLastIndex((c) => !isTrimmed(c));
  return {
    core: chars.slice(first, last + 1).join(''),
    offset: first,
    lead: edgeFlags(chars, 0, first, 'start'),
    trail: edgeFlags(chars, last + 1, chars.length, 'end'),
  };
}

function edgeFlags(chars: readonly string[], from: number, to: number, where: 'start' | 'end'): FlaggedCharacter[] {
  return chars.slice(from, to).map((char, i) => {
    const [general] = findSuspiciousCharacters(char);
    const what = general?.description ?? 'a space';
    return flag(from + i + 1, char, {
      name: general?.name ?? 'SPACE',
      description: `${what} at the ${where}`,
      probably: null,
      kind: general?.kind ?? 'ascii-space',
    });
  });
}

/**
 * Every character in `core` that can't belong in a code of this shape, positions counted in
 * code points from the start of the text as typed (`offset` characters before `core`).
 */
export function findCodeCharacters(core: string, shape: CodeShape, offset = 0): FlaggedCharacter[] {
  const general = new Map(findSuspiciousCharacters(core).map((f) => [f.position, f]));
  return Array.from(core).flatMap((char, index) => {
    const position = offset + index + 1;
    const found = general.get(index + 1);
    if (found) return [{ ...found, position }];
    if (char === ' ') {
      return [flag(position, char, { name: 'SPACE', description: 'a space', probably: null, kind: 'ascii-space' })];
    }
    const digitHere = shape.digits === 'all' || (shape.digits === 'after-first' && index > 0);
    if (digitHere) return letterInDigits(position, char);
    if (shape.digits === 'after-first' && index === 0) return digitForLetter(position, char);
    return [];
  });
}

function letterInDigits(position: number, char: string): FlaggedCharacter[] {
  const digit = LETTER_FOR_DIGIT[char];
  if (digit !== undefined) {
    return [flag(position, char, { name: letterName(char), description: `${letterWords(char)}, which looks like the digit ${digit}`, probably: digit, kind: 'letter-for-digit' })];
  }
  if (/^[A-Za-z]$/.test(char)) {
    return [flag(position, char, { name: letterName(char), description: letterWords(char), probably: null, kind: 'not-a-digit' })];
  }
  if (/^[!-/:-@[-`{-~]$/.test(char)) {
    return [flag(position, char, { name: 'PUNCTUATION', description: `the symbol ${char}`, probably: null, kind: 'not-a-digit' })];
  }
  return [];
}

function digitForLetter(position: number, char: string): FlaggedCharacter[] {
  const letter = DIGIT_FOR_LETTER[char];
  if (letter === undefined) return [];
  const word = DIGIT_WORDS[Number(char)] ?? char;
  return [flag(position, char, { name: `DIGIT ${word.toUpperCase()}`, description: `the digit ${char} (${word}), which looks like the letter ${letter}`, probably: letter, kind: 'digit-for-letter' })];
}

/** Everything wrong with a code as typed: edge whitespace, then the rest, in position order. */
export function findAllCodeCharacters(text: string, shape: CodeShape): { edges: Edges; inner: FlaggedCharacter[] } {
  const edges = splitEdges(text);
  return { edges, inner: findCodeCharacters(edges.core, shape, edges.offset) };
}
