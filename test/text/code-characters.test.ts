import t from 'tap';
import fc from 'fast-check';
import { findAllCodeCharacters, findCodeCharacters, splitEdges, type CodeShape } from '../../src/text/code-characters.js';

// Each row: what was typed, the code's shape, and [position, kind, probably] for each flag.
type Expected = Array<[position: number, kind: string, probably: string | null]>;
const rows: Array<[description: string, typed: string, shape: CodeShape, expected: Expected]> = [
  ['plain digits', '0123456', { digits: 'all' }, []],
  ["NHS England's example Account ID, with an O for a 0", 'O123456', { digits: 'all' }, [[1, 'letter-for-digit', '0']]],
  ['l and I for 1 in an Account ID', '0l234I6', { digits: 'all' }, [[2, 'letter-for-digit', '1'], [6, 'letter-for-digit', '1']]],
  ['S for 5 and B for 8', '01234S67B9', { digits: 'all' }, [[6, 'letter-for-digit', '5'], [9, 'letter-for-digit', '8']]],
  ['a letter that looks like no digit', '0123X56', { digits: 'all' }, [[5, 'not-a-digit', null]]],
  ['a hyphen among the digits', '0123-456', { digits: 'all' }, [[5, 'not-a-digit', null]]],
  ['an ordinary space inside', '012 3456', { digits: 'all' }, [[4, 'ascii-space', null]]],
  ['a tab inside', '012\t3456', { digits: 'all' }, [[4, 'control', null]]],
  ['an em space inside', '012\u20033456', { digits: 'all' }, [[4, 'space', ' ']]],
  ['an ideographic space inside', '012\u30003456', { digits: 'all' }, [[4, 'space', ' ']]],
  ['a full-width digit', '012３456', { digits: 'all' }, [[4, 'full-width', '3']]],
  ['a zero-width joiner', '012\u200d3456', { digits: 'all' }, [[4, 'invisible', null]]],
  ['an ODS code: letters after the first', 'B86O22', { digits: 'after-first' }, [[4, 'letter-for-digit', '0']]],
  ['an ODS code: a 0 in first place', '012345', { digits: 'after-first' }, [[1, 'digit-for-letter', 'O']]],
  ['an ODS code: a letter O first is right', 'O12345', { digits: 'after-first' }, []],
  ['a Cyrillic В in first place', 'В86022', { digits: 'after-first' }, [[1, 'lookalike', 'B']]],
  ['a linkage key keeps letters and punctuation', 'Ab/cd!ef9', { digits: 'none' }, []],
  ['a linkage key with a space inside', 'Ab/cd ef9', { digits: 'none' }, [[6, 'ascii-space', null]]],
  ['a linkage key with an en dash', 'ab–cd', { digits: 'none' }, [[3, 'smart-punctuation', '-']]],
];

for (const [description, typed, shape, expected] of rows) {
  t.test(description, async (t) => {
    const { inner } = findAllCodeCharacters(typed, shape);
    t.same(inner.map((f) => [f.position, f.kind, f.probably]), expected);
  });
}

t.test('smart dashes name every hyphen count they may have been', async (t) => {
  t.same(findCodeCharacters('a–b', { digits: 'none' })[0]?.alternatives, ['--']);
  t.same(findCodeCharacters('a—b', { digits: 'none' })[0]?.alternatives, ['--', '---']);
});

t.test('whitespace at the ends is split off, with positions as typed', async (t) => {
  const edges = splitEdges('  12 34\u00a0');
  t.equal(edges.core, '12 34');
  t.equal(edges.offset, 2);
  t.same(edges.lead.map((f) => [f.position, f.description]), [[1, 'a space at the start'], [2, 'a space at the start']]);
  t.same(edges.trail.map((f) => [f.position, f.description]), [[8, 'a non-breaking space at the end']]);
  const { inner } = findAllCodeCharacters('  12 34\u00a0', { digits: 'all' });
  t.same(inner.map((f) => f.position), [5], 'the inner space, counted from the start of what was typed');
  t.same(splitEdges('   '), { core: '', offset: 3, lead: splitEdges('   ').lead, trail: [] });
  t.equal(splitEdges('   ').lead.length, 3);
});

const anyText = fc.string({
  unit: fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
    fc.constantFrom(' ', '\t', '\u00a0', '\u2009', '\u200b', 'O', 'l', 'I', '0', '1', 'В', 'Ｙ', '–', '—'),
  ),
  maxLength: 20,
});
const anyShape = fc.constantFrom<CodeShape>({ digits: 'all' }, { digits: 'after-first' }, { digits: 'none' });

t.test('property: every flagged position is right, once, and nothing throws', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(anyText, anyShape, (typed, shape) => {
        const { edges, inner } = findAllCodeCharacters(typed, shape);
        const all = [...edges.lead, ...inner, ...edges.trail];
        const chars = Array.from(typed);
        const positions = all.map((f) => f.position);
        return all.every((f) => chars[f.position - 1] === f.char) && new Set(positions).size === positions.length;
      }),
    ),
  );
});

t.test('property: where digits belong, every character that is not a digit is flagged', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(anyText, (typed) => {
        const { edges, inner } = findAllCodeCharacters(typed, { digits: 'all' });
        const flagged = new Set(inner.map((f) => f.position));
        return Array.from(edges.core).every((c, i) => /[0-9]/.test(c) || flagged.has(edges.offset + i + 1));
      }),
    ),
  );
});
