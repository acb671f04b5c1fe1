import t from 'tap';
import fc from 'fast-check';
import { matchErrorCode, readQuotedCode, type QuotedCode } from '../../src/trees/error-codes.js';

const known = ['3C', '3F', '3R'];

// What people paste: the code as shown (lower case), spaced, hyphenated, with words around it.
const cases: Array<[typed: string, expected: string | null]> = [
  ['3R', '3R'],
  ['3r', '3R'],
  ['  3R  ', '3R'],
  ['3rswtr', '3R'],
  ['3Rswtr', '3R'],
  ['3R swtr', '3R'],
  ['3R-SWTR', '3R'],
  ['3F1a2b', '3F'],
  ['3F-1a2b', '3F'],
  ['3f 1A2B', '3F'],
  ['Error 3R', '3R'],
  ['error code 3R', '3R'],
  ['error code: 3Rswtr', '3R'],
  ['Error code 3rswtr. Something went wrong, try again later', '3R'],
  ['3Rswtr123', '3R'],
  ['3Rswtrx', '3R'],
  ['3Rswt', '3R'],
  ['3R!abc', '3R'],
  ['the app says 3c9x8y when she logs in', '3C'],
  ['3C', '3C'],
  // Unknown or no code at all: the page says what a code looks like.
  ['3X', null],
  ['3Xabcd', null],
  ['R3', null],
  ['3', null],
  ['', null],
  ['   ', null],
  ['CID7004', null],
  ['３Ｒ', null],
  ['x3Rswtr', null],
];

for (const [typed, expected] of cases) {
  t.equal(matchErrorCode(typed, known), expected, `${JSON.stringify(typed)} -> ${expected ?? 'not recognised'}`);
}

const quoted: Array<[typed: string, expected: QuotedCode]> = [
  ['CID7004', { kind: 'cid', code: 'CID7004' }],
  ['Reference CID7004', { kind: 'cid', code: 'CID7004' }],
  ['reference: cid 2014', { kind: 'cid', code: 'CID2014' }],
  ['cid-10001', { kind: 'cid', code: 'CID10001' }],
  ['CID700', { kind: 'none' }],
  ['CID700412', { kind: 'none' }],
  ['3Zabcd', { kind: 'app', prefix: '3Z', known: false }],
  ['2 days ago 3R', { kind: 'app', prefix: '3R', known: true }],
  ['4x then 3f', { kind: 'app', prefix: '3F', known: true }],
  ['hello', { kind: 'none' }],
];

t.test('readQuotedCode: NHS login references first, then NHS App codes we know', async (t) => {
  for (const [typed, expected] of quoted) t.same(readQuotedCode(typed, known), expected, JSON.stringify(typed));
});

t.test('only codes the trees declare are recognised', async (t) => {
  t.equal(matchErrorCode('3R', []), null);
  t.equal(matchErrorCode('3c1234', ['3C']), '3C');
});

t.test('property: any text around a known code still finds it; no input throws', async (t) => {
  const around = fc.string({ unit: fc.constantFrom(' ', '.', ':', '!', '(', ')', '\n'), maxLength: 3 });
  const words = fc.constantFrom('', 'error code', 'Error', 'the patient sees', 'code:');
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(words, around, fc.constantFrom(...known), fc.stringMatching(/^[a-z0-9]{4}$/), around, fc.string(), (word, before, prefix, rest, after, tail) => {
        const typed = `${word}${before || ' '}${prefix.toLowerCase()}${rest}${after || ' '}${tail.replace(/[0-9A-Za-z]/g, ' ')}`;
        return matchErrorCode(typed, known) === prefix;
      }),
    ),
  );
  t.doesNotThrow(() => fc.assert(fc.property(fc.string({ unit: 'binary' }), (typed) => (readQuotedCode(typed, known), true))));
});
