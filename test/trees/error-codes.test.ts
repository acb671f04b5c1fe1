import t from 'tap';
import { matchErrorCode } from '../../src/trees/error-codes.js';

const known = ['3C', '3F', '3R'];

const cases: Array<[typed: string, expected: string | null]> = [
  ['3R', '3R'],
  ['3r', '3R'],
  ['  3R  ', '3R'],
  ['3rswtr', '3R'],
  ['3Rswtr', '3R'],
  ['3F1a2b', '3F'],
  ['3F-1a2b', '3F'],
  ['3f 1A2B', '3F'],
  ['Error 3R', '3R'],
  ['error code: 3Rswtr', '3R'],
  ['3C', '3C'],
  // Unknown or malformed: the page says so and offers the list.
  ['3X', null],
  ['3Xabcd', null],
  ['3Rswt', null],
  ['3Rswtrx', null],
  ['R3', null],
  ['3', null],
  ['', null],
  ['   ', null],
  ['CID7004', null],
  ['3R!abc', null],
  ['３Ｒ', null],
];

for (const [typed, expected] of cases) {
  t.equal(matchErrorCode(typed, known), expected, `${JSON.stringify(typed)} -> ${expected ?? 'not recognised'}`);
}

t.test('only codes the trees declare are recognised', async (t) => {
  t.equal(matchErrorCode('3R', []), null);
  t.equal(matchErrorCode('3c1234', ['3C']), '3C');
});
