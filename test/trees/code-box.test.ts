import { join } from 'node:path';
import t from 'tap';
import fc from 'fast-check';
import { ROOT } from '../../src/paths.js';
import { answerCodeBox, type CodeBoxSources } from '../../src/trees/code-box.js';
import { loadTrees } from '../../src/trees/load.js';
import { loadCodeBook } from '../../src/trees/nhs-login-codes.js';

const trees = await loadTrees(join(ROOT, 'fixtures', 'trees'));
const codes = await loadCodeBook(join(ROOT, 'fixtures', 'nhs-login-codes.json'), new Set(trees.list().map((tree) => tree.id)));
const sources: CodeBoxSources = { treeForPrefix: (prefix) => trees.findByErrorCode(prefix)?.id, prefixes: trees.errorCodes(), codes };

const answers: Array<[typed: string, expected: { go: string } | { message: RegExp }]> = [
  ['3Rswtr', { go: '/problems/error-3r' }],
  ['3R swtr', { go: '/problems/error-3r' }],
  ['3R-SWTR', { go: '/problems/error-3r' }],
  ['error code 3R', { go: '/problems/error-3r' }],
  ['3Rswtr123', { go: '/problems/error-3r' }],
  ['3c9x8y - cannot connect', { go: '/problems/cant-connect' }],
  ['Reference CID7004', { go: '/problems/nhs-login-codes/CID7004' }],
  ['reference cid2020 shown after entering the details', { go: '/problems/nhs-login-codes/CID2020' }],
  ['CID99999', { message: /^CID99999 is not one of the NHS login references we have/ }],
  ['4Xabcd', { message: /^We do not have checks for NHS App error codes starting 4X\. .*codes starting 3C, 3F and 3R/ }],
  ['hello there', { message: /^We could not find an error code in what was entered\. NHS App error codes are 6 characters, like 3Rswtr/ }],
  ['   ', { message: /^Enter the error code the patient sees/ }],
];

t.test('the code box: what was pasted -> where to go, or what a code looks like', async (t) => {
  for (const [typed, expected] of answers) {
    const answer = answerCodeBox(typed, sources);
    if ('go' in expected) t.same(answer, expected, JSON.stringify(typed));
    else t.match('message' in answer ? answer.message : '', expected.message, JSON.stringify(typed));
  }
});

t.test('property: no input throws, and a refusal never names a category we have checks for', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom('3', 'R', 'r', 'F', 'C', 'I', 'D', ' ', '-', '7', '0', '4'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 20 }), (typed) => {
        const answer = answerCodeBox(typed, sources);
        if ('go' in answer) return answer.go.startsWith('/problems/');
        // "We do not have checks for ... starting 3R" would contradict the list that follows it.
        return !sources.prefixes.some((prefix) => answer.message.startsWith(`We do not have checks for NHS App error codes starting ${prefix}.`));
      }),
    ),
  );
});
