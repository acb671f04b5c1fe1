import t from 'tap';
import fc from 'fast-check';
import { describeFlag, findSuspiciousCharacters, type CharacterKind } from '../../src/text/characters.js';

interface Row {
  text: string;
  position: number;
  codePoint: string;
  name: string;
  probably: string | null;
  kind: CharacterKind;
  described: string;
}

const rows: Row[] = [
  { text: "O’Brien", position: 2, codePoint: 'U+2019', name: 'RIGHT SINGLE QUOTATION MARK', probably: "'", kind: 'smart-punctuation', described: 'character 2 is a curly apostrophe ’ (U+2019)' },
  { text: '‘x', position: 1, codePoint: 'U+2018', name: 'LEFT SINGLE QUOTATION MARK', probably: "'", kind: 'smart-punctuation', described: 'character 1 is a curly opening quote ‘ (U+2018)' },
  { text: 'a„b', position: 2, codePoint: 'U+201E', name: 'DOUBLE LOW-9 QUOTATION MARK', probably: '"', kind: 'smart-punctuation', described: 'character 2 is a low double quote „ (U+201E)' },
  { text: '“hi', position: 1, codePoint: 'U+201C', name: 'LEFT DOUBLE QUOTATION MARK', probably: '"', kind: 'smart-punctuation', described: 'character 1 is a curly opening double quote “ (U+201C)' },
  { text: '«', position: 1, codePoint: 'U+00AB', name: 'LEFT-POINTING DOUBLE ANGLE QUOTATION MARK', probably: '"', kind: 'smart-punctuation', described: 'character 1 is an opening angle quote « (U+00AB)' },
  { text: '›', position: 1, codePoint: 'U+203A', name: 'SINGLE RIGHT-POINTING ANGLE QUOTATION MARK', probably: "'", kind: 'smart-punctuation', described: 'character 1 is a closing single angle quote › (U+203A)' },
  { text: 'a–b', position: 2, codePoint: 'U+2013', name: 'EN DASH', probably: '-', kind: 'smart-punctuation', described: 'character 2 is an en dash – (U+2013)' },
  { text: 'a—b', position: 2, codePoint: 'U+2014', name: 'EM DASH', probably: '-', kind: 'smart-punctuation', described: 'character 2 is an em dash — (U+2014)' },
  { text: '−1', position: 1, codePoint: 'U+2212', name: 'MINUS SIGN', probably: '-', kind: 'smart-punctuation', described: 'character 1 is a mathematical minus sign − (U+2212)' },
  { text: 'wait…', position: 5, codePoint: 'U+2026', name: 'HORIZONTAL ELLIPSIS', probably: '...', kind: 'smart-punctuation', described: 'character 5 is an ellipsis (three dots as one character) … (U+2026)' },
  { text: 'name\u00a0x', position: 5, codePoint: 'U+00A0', name: 'NO-BREAK SPACE', probably: ' ', kind: 'space', described: 'character 5 is a non-breaking space (U+00A0)' },
  { text: 'a\u2009b', position: 2, codePoint: 'U+2009', name: 'THIN SPACE', probably: ' ', kind: 'space', described: 'character 2 is a thin space (U+2009)' },
  { text: 'a\u202fb', position: 2, codePoint: 'U+202F', name: 'NARROW NO-BREAK SPACE', probably: ' ', kind: 'space', described: 'character 2 is a narrow non-breaking space (U+202F)' },
  { text: '\u3000', position: 1, codePoint: 'U+3000', name: 'IDEOGRAPHIC SPACE', probably: ' ', kind: 'space', described: 'character 1 is a full-width (ideographic) space (U+3000)' },
  { text: 'ab\u200bc', position: 3, codePoint: 'U+200B', name: 'ZERO WIDTH SPACE', probably: null, kind: 'invisible', described: 'character 3 is a zero-width space (U+200B)' },
  { text: '\ufeffx', position: 1, codePoint: 'U+FEFF', name: 'ZERO WIDTH NO-BREAK SPACE', probably: null, kind: 'invisible', described: 'character 1 is an invisible byte order mark (zero-width no-break space) (U+FEFF)' },
  { text: 'x\u2060', position: 2, codePoint: 'U+2060', name: 'WORD JOINER', probably: null, kind: 'invisible', described: 'character 2 is an invisible word joiner (U+2060)' },
  { text: 'ab\u00adc', position: 3, codePoint: 'U+00AD', name: 'SOFT HYPHEN', probably: null, kind: 'invisible', described: 'character 3 is an invisible soft hyphen (U+00AD)' },
  { text: 'bоb', position: 2, codePoint: 'U+043E', name: 'CYRILLIC SMALL LETTER O', probably: 'o', kind: 'lookalike', described: 'character 2 is a Cyrillic letter о that looks like the Latin o (U+043E)' },
  { text: 'Нi', position: 1, codePoint: 'U+041D', name: 'CYRILLIC CAPITAL LETTER EN', probably: 'H', kind: 'lookalike', described: 'character 1 is a Cyrillic letter Н that looks like the Latin H (U+041D)' },
  { text: 'Ο', position: 1, codePoint: 'U+039F', name: 'GREEK CAPITAL LETTER OMICRON', probably: 'O', kind: 'lookalike', described: 'character 1 is a Greek letter Ο that looks like the Latin O (U+039F)' },
  { text: 'ν', position: 1, codePoint: 'U+03BD', name: 'GREEK SMALL LETTER NU', probably: 'v', kind: 'lookalike', described: 'character 1 is a Greek letter ν that looks like the Latin v (U+03BD)' },
  { text: 'Ａ', position: 1, codePoint: 'U+FF21', name: 'FULLWIDTH LATIN CAPITAL LETTER A', probably: 'A', kind: 'full-width', described: 'character 1 is a full-width letter Ａ that looks like A (U+FF21)' },
  { text: 'x＠y', position: 2, codePoint: 'U+FF20', name: 'FULLWIDTH COMMERCIAL AT', probably: '@', kind: 'full-width', described: 'character 2 is a full-width symbol ＠ that looks like @ (U+FF20)' },
  { text: '１', position: 1, codePoint: 'U+FF11', name: 'FULLWIDTH DIGIT ONE', probably: '1', kind: 'full-width', described: 'character 1 is a full-width number １ that looks like 1 (U+FF11)' },
  { text: '～', position: 1, codePoint: 'U+FF5E', name: 'FULLWIDTH TILDE', probably: '~', kind: 'full-width', described: 'character 1 is a full-width symbol ～ that looks like ~ (U+FF5E)' },
  { text: 'a\tb', position: 2, codePoint: 'U+0009', name: 'CHARACTER TABULATION', probably: null, kind: 'control', described: 'character 2 is a tab (U+0009)' },
  { text: 'a\nb', position: 2, codePoint: 'U+000A', name: 'LINE FEED (LF)', probably: null, kind: 'control', described: 'character 2 is a line break (U+000A)' },
  { text: '\u0000', position: 1, codePoint: 'U+0000', name: 'NULL', probably: null, kind: 'control', described: 'character 1 is a control character (U+0000)' },
  { text: 'a\u007f', position: 2, codePoint: 'U+007F', name: 'DELETE', probably: null, kind: 'control', described: 'character 2 is a delete control character (U+007F)' },
  { text: '\u0085', position: 1, codePoint: 'U+0085', name: 'CONTROL CHARACTER', probably: null, kind: 'control', described: 'character 1 is a control character (U+0085)' },
  { text: 'café', position: 4, codePoint: 'U+00E9', name: 'NON-ASCII LETTER', probably: 'e', kind: 'other-non-ascii', described: 'character 4 is an accented or non-English letter é (U+00E9)' },
  // Astral: the emoji is one character (two UTF-16 units), so the apostrophe is character 2.
  { text: '😀’', position: 2, codePoint: 'U+2019', name: 'RIGHT SINGLE QUOTATION MARK', probably: "'", kind: 'smart-punctuation', described: 'character 2 is a curly apostrophe ’ (U+2019)' },
  { text: 'a\ud800b', position: 2, codePoint: 'U+D800', name: 'LONE SURROGATE', probably: null, kind: 'other-non-ascii', described: 'character 2 is a broken character (half of a pair) (U+D800)' },
  { text: '\u00a3', position: 1, codePoint: 'U+00A3', name: 'NON-ASCII CHARACTER', probably: null, kind: 'other-non-ascii', described: 'character 1 is a special character £ (U+00A3)' },
];

t.test('names each kind of suspicious character', async (t) => {
  for (const row of rows) {
    const flags = findSuspiciousCharacters(row.text);
    const flag = flags.find((f) => f.position === row.position);
    t.ok(flag, `${JSON.stringify(row.text)} flags position ${row.position}`);
    if (!flag) continue;
    const { codePoint, name, probably, kind } = flag;
    t.same({ codePoint, name, probably, kind }, { codePoint: row.codePoint, name: row.name, probably: row.probably, kind: row.kind }, JSON.stringify(row.text));
    t.equal(describeFlag(flag), row.described);
    t.ok(flag.advice.length > 0, 'gives advice');
  }
});

t.test('emoji and positions after astral characters', async (t) => {
  const flags = findSuspiciousCharacters('😀a😀’');
  t.same(
    flags.map((f) => [f.position, f.codePoint, f.name]),
    [
      [1, 'U+1F600', 'EMOJI'],
      [3, 'U+1F600', 'EMOJI'],
      [4, 'U+2019', 'RIGHT SINGLE QUOTATION MARK'],
    ],
  );
  t.equal(flags[0]?.char, '😀');
  t.equal(describeFlag(flags[0]!), 'character 1 is an emoji 😀 (U+1F600)');
});

t.test('smart punctuation advice names the iOS setting', async (t) => {
  const [flag] = findSuspiciousCharacters('it’s');
  t.equal(flag?.advice, 'Turn off Smart Punctuation on the iPhone or iPad (Settings > General > Keyboard) and type it again');
});

t.test('plain text and empty text are clean', async (t) => {
  t.same(findSuspiciousCharacters(''), []);
  t.same(findSuspiciousCharacters("name.o'brien+1@example.com ~!{}|"), []);
});

t.test('every full-width ASCII form maps back to its ASCII character', async (t) => {
  const wrong: string[] = [];
  for (let cp = 0xff01; cp <= 0xff5e; cp += 1) {
    const [flag] = findSuspiciousCharacters(String.fromCodePoint(cp));
    const ascii = String.fromCharCode(cp - 0xfee0);
    if (flag?.probably !== ascii || flag.kind !== 'full-width' || !flag.name.startsWith('FULLWIDTH ')) {
      wrong.push(`U+${cp.toString(16)} maps to ${String(flag?.probably)}`);
    }
  }
  t.same(wrong, [], 'all 94 full-width forms map back');
});

// Strings of UTF-16 code units, so lone surrogates come up as often as pairs.
const codeUnitString = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)) });
const anyString = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), codeUnitString);

t.test('property: never throws, and every position points at its character', async (t) => {
  const details = fc.check(
    fc.property(anyString, (text) => {
      const chars = Array.from(text);
      for (const flag of findSuspiciousCharacters(text)) {
        if (chars[flag.position - 1] !== flag.char) return false;
        if (flag.codePoint !== `U+${flag.char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`) return false;
        if (!describeFlag(flag).startsWith(`character ${flag.position} is `)) return false;
      }
      return true;
    }),
    { numRuns: 500 },
  );
  t.notOk(details.failed, fc.defaultReportMessage(details) ?? 'the property held');
});

t.test('property: flags exactly the characters outside printable ASCII', async (t) => {
  const details = fc.check(
    fc.property(anyString, (text) => {
      const expected = Array.from(text)
        .map((c, i) => ({ c, position: i + 1 }))
        .filter(({ c }) => !/^[\x20-\x7e]$/.test(c))
        .map(({ position }) => position);
      const got = findSuspiciousCharacters(text).map((f) => f.position);
      return JSON.stringify(got) === JSON.stringify(expected);
    }),
    { numRuns: 500 },
  );
  t.notOk(details.failed, fc.defaultReportMessage(details) ?? 'the property held');
});

t.test('property: printable ASCII is never flagged', async (t) => {
  const details = fc.check(
    fc.property(fc.string({ unit: 'grapheme-ascii' }), (text) => findSuspiciousCharacters(text).length === 0),
  );
  t.notOk(details.failed, fc.defaultReportMessage(details) ?? 'the property held');
});
