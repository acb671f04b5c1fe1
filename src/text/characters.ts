/**
 * Finds characters in typed text that are not plain printable ASCII, and says in plain words
 * what each one is, what the person probably meant and how to fix it. It never changes the
 * text: the product names the character and lets the person type it again.
 */

export type CharacterKind =
  | 'smart-punctuation'
  | 'space'
  | 'invisible'
  | 'lookalike'
  | 'full-width'
  | 'control'
  | 'other-non-ascii'
  /** An ordinary space (U+0020) where a code can't have one: flagged by the code finder only. */
  | 'ascii-space'
  /** A Latin letter where a code has a digit (O for 0, l for 1): flagged by the code finder only. */
  | 'letter-for-digit'
  /** A digit where a code has a letter (0 for O): flagged by the code finder only. */
  | 'digit-for-letter'
  /** Any other letter or symbol where a code has only digits: flagged by the code finder only. */
  | 'not-a-digit';

export interface FlaggedCharacter {
  /** 1-based, counted in Unicode code points (Array.from(text)), as a person counts characters. */
  position: number;
  char: string;
  /** 'U+2019' */
  codePoint: string;
  /** Unicode name, or a generic name for characters outside the table. */
  name: string;
  /** Plain words: 'a curly apostrophe'. */
  description: string;
  /** What the person meant to type, or null when they meant nothing (zero-width characters). */
  probably: string | null;
  kind: CharacterKind;
  advice: string;
  /**
   * Other things it may have been, after `probably`: iOS turns one or two hyphens into an en
   * dash and two or three into an em dash, so a dash alone can't say which.
   */
  alternatives?: readonly string[];
}

interface CharacterInfo {
  name: string;
  description: string;
  probably: string | null;
  kind: CharacterKind;
}

const ADVICE: Record<CharacterKind, string> = {
  'smart-punctuation':
    'Turn off Smart Punctuation on the iPhone or iPad (Settings > General > Keyboard) and type it again',
  space: 'It usually comes from copying and pasting. Delete it and type an ordinary space, or no space, instead',
  invisible:
    'It cannot be seen and usually comes from copying and pasting. Delete the characters around it and type them again by hand',
  lookalike: 'Switch the keyboard to English (UK) and type the letter again',
  'full-width': 'Switch the keyboard from full-width to normal (half-width) input and type it again',
  control: 'It usually comes from copying and pasting. Delete it and type the text again by hand',
  'other-non-ascii': 'Use only letters, numbers and symbols from a standard English keyboard',
  'ascii-space': 'Delete it: this detail has no spaces',
  'letter-for-digit': 'This part of the detail is only digits, so type the digit instead',
  'digit-for-letter': 'Check the character against the PIN document and type the letter',
  'not-a-digit': 'Check it against the PIN document, as this detail is usually only digits',
};

/** Dashes iOS Smart Punctuation makes from hyphens: `--` becomes – or —, `---` becomes —. */
const DASH_ALTERNATIVES: Readonly<Record<number, readonly string[]>> = {
  0x2013: ['--'],
  0x2014: ['--', '---'],
};

// [code point, name, description, probably]
type Row = readonly [number, string, string, string | null];

const SMART_PUNCTUATION: readonly Row[] = [
  [0x2018, 'LEFT SINGLE QUOTATION MARK', 'a curly opening quote', "'"],
  [0x2019, 'RIGHT SINGLE QUOTATION MARK', 'a curly apostrophe', "'"],
  [0x201a, 'SINGLE LOW-9 QUOTATION MARK', 'a low single quote', "'"],
  [0x201b, 'SINGLE HIGH-REVERSED-9 QUOTATION MARK', 'a reversed curly quote', "'"],
  [0x201c, 'LEFT DOUBLE QUOTATION MARK', 'a curly opening double quote', '"'],
  [0x201d, 'RIGHT DOUBLE QUOTATION MARK', 'a curly closing double quote', '"'],
  [0x201e, 'DOUBLE LOW-9 QUOTATION MARK', 'a low double quote', '"'],
  [0x00ab, 'LEFT-POINTING DOUBLE ANGLE QUOTATION MARK', 'an opening angle quote', '"'],
  [0x00bb, 'RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK', 'a closing angle quote', '"'],
  [0x2039, 'SINGLE LEFT-POINTING ANGLE QUOTATION MARK', 'an opening single angle quote', "'"],
  [0x203a, 'SINGLE RIGHT-POINTING ANGLE QUOTATION MARK', 'a closing single angle quote', "'"],
  [0x2010, 'HYPHEN', 'a typographic hyphen', '-'],
  [0x2011, 'NON-BREAKING HYPHEN', 'a non-breaking hyphen', '-'],
  [0x2012, 'FIGURE DASH', 'a figure dash', '-'],
  [0x2013, 'EN DASH', 'an en dash', '-'],
  [0x2014, 'EM DASH', 'an em dash', '-'],
  [0x2015, 'HORIZONTAL BAR', 'a long dash (horizontal bar)', '-'],
  [0x2212, 'MINUS SIGN', 'a mathematical minus sign', '-'],
  [0x2026, 'HORIZONTAL ELLIPSIS', 'an ellipsis (three dots as one character)', '...'],
];

const SPACES: readonly Row[] = [
  [0x00a0, 'NO-BREAK SPACE', 'a non-breaking space', ' '],
  [0x2000, 'EN QUAD', 'an en quad space', ' '],
  [0x2001, 'EM QUAD', 'an em quad space', ' '],
  [0x2002, 'EN SPACE', 'an en space', ' '],
  [0x2003, 'EM SPACE', 'an em space', ' '],
  [0x2004, 'THREE-PER-EM SPACE', 'a three-per-em space', ' '],
  [0x2005, 'FOUR-PER-EM SPACE', 'a four-per-em space', ' '],
  [0x2006, 'SIX-PER-EM SPACE', 'a six-per-em space', ' '],
  [0x2007, 'FIGURE SPACE', 'a figure space', ' '],
  [0x2008, 'PUNCTUATION SPACE', 'a punctuation space', ' '],
  [0x2009, 'THIN SPACE', 'a thin space', ' '],
  [0x200a, 'HAIR SPACE', 'a hair space', ' '],
  [0x202f, 'NARROW NO-BREAK SPACE', 'a narrow non-breaking space', ' '],
  [0x205f, 'MEDIUM MATHEMATICAL SPACE', 'a medium mathematical space', ' '],
  [0x3000, 'IDEOGRAPHIC SPACE', 'a full-width (ideographic) space', ' '],
  [0x1680, 'OGHAM SPACE MARK', 'an Ogham space', ' '],
  [0x2028, 'LINE SEPARATOR', 'a line separator', ' '],
  [0x2029, 'PARAGRAPH SEPARATOR', 'a paragraph separator', ' '],
];

const INVISIBLE: readonly Row[] = [
  [0x200b, 'ZERO WIDTH SPACE', 'a zero-width space', null],
  [0x200c, 'ZERO WIDTH NON-JOINER', 'a zero-width non-joiner', null],
  [0x200d, 'ZERO WIDTH JOINER', 'a zero-width joiner', null],
  [0x2060, 'WORD JOINER', 'an invisible word joiner', null],
  [0xfeff, 'ZERO WIDTH NO-BREAK SPACE', 'an invisible byte order mark (zero-width no-break space)', null],
  [0x00ad, 'SOFT HYPHEN', 'an invisible soft hyphen', null],
  [0x200e, 'LEFT-TO-RIGHT MARK', 'an invisible left-to-right mark', null],
  [0x200f, 'RIGHT-TO-LEFT MARK', 'an invisible right-to-left mark', null],
];

// [code point, name, Latin letter it looks like]
const CYRILLIC: readonly (readonly [number, string, string])[] = [
  [0x0430, 'CYRILLIC SMALL LETTER A', 'a'],
  [0x0435, 'CYRILLIC SMALL LETTER IE', 'e'],
  [0x043e, 'CYRILLIC SMALL LETTER O', 'o'],
  [0x0440, 'CYRILLIC SMALL LETTER ER', 'p'],
  [0x0441, 'CYRILLIC SMALL LETTER ES', 'c'],
  [0x0443, 'CYRILLIC SMALL LETTER U', 'y'],
  [0x0445, 'CYRILLIC SMALL LETTER HA', 'x'],
  [0x0456, 'CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I', 'i'],
  [0x0458, 'CYRILLIC SMALL LETTER JE', 'j'],
  [0x0455, 'CYRILLIC SMALL LETTER DZE', 's'],
  [0x0410, 'CYRILLIC CAPITAL LETTER A', 'A'],
  [0x0412, 'CYRILLIC CAPITAL LETTER VE', 'B'],
  [0x0415, 'CYRILLIC CAPITAL LETTER IE', 'E'],
  [0x041a, 'CYRILLIC CAPITAL LETTER KA', 'K'],
  [0x041c, 'CYRILLIC CAPITAL LETTER EM', 'M'],
  [0x041d, 'CYRILLIC CAPITAL LETTER EN', 'H'],
  [0x041e, 'CYRILLIC CAPITAL LETTER O', 'O'],
  [0x0420, 'CYRILLIC CAPITAL LETTER ER', 'P'],
  [0x0421, 'CYRILLIC CAPITAL LETTER ES', 'C'],
  [0x0422, 'CYRILLIC CAPITAL LETTER TE', 'T'],
  [0x0425, 'CYRILLIC CAPITAL LETTER HA', 'X'],
];

const GREEK: readonly (readonly [number, string, string])[] = [
  [0x0391, 'GREEK CAPITAL LETTER ALPHA', 'A'],
  [0x0392, 'GREEK CAPITAL LETTER BETA', 'B'],
  [0x0395, 'GREEK CAPITAL LETTER EPSILON', 'E'],
  [0x0396, 'GREEK CAPITAL LETTER ZETA', 'Z'],
  [0x0397, 'GREEK CAPITAL LETTER ETA', 'H'],
  [0x0399, 'GREEK CAPITAL LETTER IOTA', 'I'],
  [0x039a, 'GREEK CAPITAL LETTER KAPPA', 'K'],
  [0x039c, 'GREEK CAPITAL LETTER MU', 'M'],
  [0x039d, 'GREEK CAPITAL LETTER NU', 'N'],
  [0x039f, 'GREEK CAPITAL LETTER OMICRON', 'O'],
  [0x03a1, 'GREEK CAPITAL LETTER RHO', 'P'],
  [0x03a4, 'GREEK CAPITAL LETTER TAU', 'T'],
  [0x03a5, 'GREEK CAPITAL LETTER UPSILON', 'Y'],
  [0x03a7, 'GREEK CAPITAL LETTER CHI', 'X'],
  [0x03bf, 'GREEK SMALL LETTER OMICRON', 'o'],
  [0x03bd, 'GREEK SMALL LETTER NU', 'v'],
];

// ASCII names for U+0021-U+007E, used for the full-width forms (U+FF01-U+FF5E).
const ASCII_PUNCTUATION_NAMES: Readonly<Record<string, string>> = {
  '!': 'EXCLAMATION MARK', '"': 'QUOTATION MARK', '#': 'NUMBER SIGN', $: 'DOLLAR SIGN',
  '%': 'PERCENT SIGN', '&': 'AMPERSAND', "'": 'APOSTROPHE', '(': 'LEFT PARENTHESIS',
  ')': 'RIGHT PARENTHESIS', '*': 'ASTERISK', '+': 'PLUS SIGN', ',': 'COMMA',
  '-': 'HYPHEN-MINUS', '.': 'FULL STOP', '/': 'SOLIDUS', ':': 'COLON', ';': 'SEMICOLON',
  '<': 'LESS-THAN SIGN', '=': 'EQUALS SIGN', '>': 'GREATER-THAN SIGN', '?': 'QUESTION MARK',
  '@': 'COMMERCIAL AT', '[': 'LEFT SQUARE BRACKET', '\\': 'REVERSE SOLIDUS',
  ']': 'RIGHT SQUARE BRACKET', '^': 'CIRCUMFLEX ACCENT', _: 'LOW LINE', '`': 'GRAVE ACCENT',
  '{': 'LEFT CURLY BRACKET', '|': 'VERTICAL LINE', '}': 'RIGHT CURLY BRACKET', '~': 'TILDE',
};

const DIGIT_NAMES = ['ZERO', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE'];

const CONTROL_NAMES: readonly string[] = [
  'NULL', 'START OF HEADING', 'START OF TEXT', 'END OF TEXT', 'END OF TRANSMISSION', 'ENQUIRY',
  'ACKNOWLEDGE', 'BELL', 'BACKSPACE', 'CHARACTER TABULATION', 'LINE FEED (LF)',
  'LINE TABULATION', 'FORM FEED (FF)', 'CARRIAGE RETURN (CR)', 'SHIFT OUT', 'SHIFT IN',
  'DATA LINK ESCAPE', 'DEVICE CONTROL ONE', 'DEVICE CONTROL TWO', 'DEVICE CONTROL THREE',
  'DEVICE CONTROL FOUR', 'NEGATIVE ACKNOWLEDGE', 'SYNCHRONOUS IDLE', 'END OF TRANSMISSION BLOCK',
  'CANCEL', 'END OF MEDIUM', 'SUBSTITUTE', 'ESCAPE', 'INFORMATION SEPARATOR FOUR',
  'INFORMATION SEPARATOR THREE', 'INFORMATION SEPARATOR TWO', 'INFORMATION SEPARATOR ONE',
];

const CONTROL_DESCRIPTIONS: Readonly<Record<number, string>> = {
  0x09: 'a tab',
  0x0a: 'a line break',
  0x0d: 'a carriage return (line break)',
  0x7f: 'a delete control character',
};

function asciiName(ascii: string): string {
  if (ascii >= 'A' && ascii <= 'Z') return `LATIN CAPITAL LETTER ${ascii}`;
  if (ascii >= 'a' && ascii <= 'z') return `LATIN SMALL LETTER ${ascii.toUpperCase()}`;
  if (ascii >= '0' && ascii <= '9') return `DIGIT ${DIGIT_NAMES[Number(ascii)] ?? ''}`;
  return ASCII_PUNCTUATION_NAMES[ascii] ?? 'CHARACTER';
}

function fullWidthInfo(cp: number, char: string): CharacterInfo {
  const ascii = String.fromCharCode(cp - 0xfee0);
  const what = /[A-Za-z]/.test(ascii) ? 'letter' : /[0-9]/.test(ascii) ? 'number' : 'symbol';
  return {
    name: `FULLWIDTH ${asciiName(ascii)}`,
    description: `a full-width ${what} ${char} that looks like ${ascii}`,
    probably: ascii,
    kind: 'full-width',
  };
}

/** The fixed table, built once: code point -> what it is. */
const TABLE: ReadonlyMap<number, CharacterInfo> = (() => {
  const table = new Map<number, CharacterInfo>();
  const addRows = (rows: readonly Row[], kind: CharacterKind): void => {
    for (const [cp, name, description, probably] of rows) table.set(cp, { name, description, probably, kind });
  };
  addRows(SMART_PUNCTUATION, 'smart-punctuation');
  addRows(SPACES, 'space');
  addRows(INVISIBLE, 'invisible');
  for (const [script, rows] of [['Cyrillic', CYRILLIC], ['Greek', GREEK]] as const) {
    for (const [cp, name, latin] of rows) {
      const char = String.fromCodePoint(cp);
      table.set(cp, {
        name,
        description: `a ${script} letter ${char} that looks like the Latin ${latin}`,
        probably: latin,
        kind: 'lookalike',
      });
    }
  }
  CONTROL_NAMES.forEach((name, cp) => {
    table.set(cp, { name, description: CONTROL_DESCRIPTIONS[cp] ?? 'a control character', probably: null, kind: 'control' });
  });
  table.set(0x7f, { name: 'DELETE', description: CONTROL_DESCRIPTIONS[0x7f] ?? '', probably: null, kind: 'control' });
  return table;
})();

/** 'U+2019' */
export function formatCodePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Anything the table does not list: describe it by its broad Unicode category. */
function fallbackInfo(cp: number, char: string): CharacterInfo {
  if (cp >= 0xd800 && cp <= 0xdfff) {
    return { name: 'LONE SURROGATE', description: 'a broken character (half of a pair)', probably: null, kind: 'other-non-ascii' };
  }
  if (cp >= 0x80 && cp <= 0x9f) {
    return { name: 'CONTROL CHARACTER', description: 'a control character', probably: null, kind: 'control' };
  }
  if (/\p{Extended_Pictographic}/u.test(char)) {
    return { name: 'EMOJI', description: 'an emoji', probably: null, kind: 'other-non-ascii' };
  }
  if (/\p{Cf}/u.test(char)) {
    return { name: 'FORMAT CHARACTER', description: 'an invisible formatting character', probably: null, kind: 'invisible' };
  }
  if (/\p{L}/u.test(char)) {
    // An accented Latin letter usually means the plain letter (é -> e).
    const base = char.normalize('NFD').charAt(0);
    const plain = /^[A-Za-z]$/.test(base) ? base : null;
    return { name: 'NON-ASCII LETTER', description: 'an accented or non-English letter', probably: plain, kind: 'other-non-ascii' };
  }
  return { name: 'NON-ASCII CHARACTER', description: 'a special character', probably: null, kind: 'other-non-ascii' };
}

function infoFor(cp: number, char: string): CharacterInfo {
  const known = TABLE.get(cp);
  if (known) return known;
  if (cp >= 0xff01 && cp <= 0xff5e) return fullWidthInfo(cp, char);
  return fallbackInfo(cp, char);
}

function isPrintableAscii(cp: number): boolean {
  return cp >= 0x20 && cp <= 0x7e;
}

/**
 * Every code point outside printable ASCII (0x20-0x7E), including ASCII control characters.
 * Never throws: lone surrogates are reported, not choked on.
 */
export function findSuspiciousCharacters(text: string): FlaggedCharacter[] {
  const flags: FlaggedCharacter[] = [];
  let position = 0;
  // for..of walks code points (and yields lone surrogates singly), matching Array.from(text).
  for (const char of text) {
    position += 1;
    const cp = char.codePointAt(0) ?? 0;
    if (isPrintableAscii(cp)) continue;
    const info = infoFor(cp, char);
    flags.push({
      position,
      char,
      codePoint: formatCodePoint(cp),
      name: info.name,
      description: info.description,
      probably: info.probably,
      kind: info.kind,
      advice: ADVICE[info.kind],
      ...(DASH_ALTERNATIVES[cp] ? { alternatives: DASH_ALTERNATIVES[cp] } : {}),
    });
  }
  return flags;
}

// Invisible, space, control and unpaired characters show nothing useful on screen.
function isShowable(f: FlaggedCharacter): boolean {
  if (f.kind === 'space' || f.kind === 'invisible' || f.kind === 'control') return false;
  return !/[\p{M}\p{C}\p{Z}]/u.test(f.char);
}

/** "character 7 is a curly apostrophe ’ (U+2019)" */
export function describeFlag(f: FlaggedCharacter): string {
  const showChar = isShowable(f) && !f.description.includes(f.char);
  return `character ${f.position} is ${f.description}${showChar ? ` ${f.char}` : ''} (${f.codePoint})`;
}

/** The fix to suggest for a kind of character. */
export function adviceFor(kind: CharacterKind): string {
  return ADVICE[kind];
}

const PROBABLE_WORDS: Readonly<Record<string, string>> = {
  "'": "a straight apostrophe (')",
  '"': 'a straight double quote (")',
  '-': 'a hyphen (-)',
  '--': 'two hyphens (--)',
  '---': 'three hyphens (---)',
  '...': 'three full stops (...)',
  ' ': 'an ordinary space, or nothing',
  '@': 'an at sign (@)',
  '.': 'a full stop (.)',
};
const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** What a flag's `probably` (or an alternative) was, in words: "a straight apostrophe (')", "the digit 0 (zero)". */
export function probableInWords(probably: string): string {
  if (/^[0-9]$/.test(probably)) return `the digit ${probably} (${DIGIT_WORDS[Number(probably)] ?? probably})`;
  if (/^[A-Za-z]$/.test(probably)) return `the letter ${probably}`;
  return PROBABLE_WORDS[probably] ?? probably;
}

/** "a hyphen (-)", or "a hyphen (-) or two hyphens (--)" when the flag has alternatives. */
export function probableOptionsInWords(flag: FlaggedCharacter): string | null {
  if (flag.probably === null) return null;
  const options = [flag.probably, ...(flag.alternatives ?? [])].map(probableInWords);
  if (options.length === 1) return options[0] ?? null;
  return `${options.slice(0, -1).join(', ')} or ${options[options.length - 1] ?? ''}`;
}
