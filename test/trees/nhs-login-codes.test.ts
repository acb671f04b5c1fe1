import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { ROOT } from '../../src/paths.js';
import { resolveText } from '../../src/trees/engine.js';
import { loadTrees } from '../../src/trees/load.js';
import { codeBookFrom, CodesLoadError, loadCodeBook } from '../../src/trees/nhs-login-codes.js';
import { AUDIENCES } from '../../src/trees/schema.js';

const FILE = join(ROOT, 'fixtures', 'nhs-login-codes.json');
const catalogue = await loadTrees(join(ROOT, 'fixtures', 'trees'));
const treeIds = new Set(catalogue.list().map((tree) => tree.id));
const book = await loadCodeBook(FILE, treeIds);
const text = await readFile(FILE, 'utf8');

// From the public help (domain.md): code, what it must say, the tree that fits, its status.
const published: Array<[code: string, words: RegExp, tree: string | undefined, status: 'current' | 'older' | 'other']> = [
  ['CID1002', /24 hours/, undefined, 'other'],
  ['CID1004', /bookmark or a search/, undefined, 'older'],
  ['CID1111', /already have/, undefined, 'current'],
  ['CID1115', /no longer get into the email account/, 'lost-email', 'other'],
  ['CID2011', /checks it every time they log in/, undefined, 'current'],
  ['CID2014', /2 working days/, undefined, 'current'],
  ['CID2020', /registration details are not valid/, 'pin-document', 'older'],
  ['CID2021', /1 hour/, undefined, 'current'],
  ['CID4017', /can't record video/, 'identity-levels', 'current'],
  ['CID5001', /couldn't verify/, 'pin-document', 'older'],
  ['CID7004', /already been used for another NHS login/, 'lost-email', 'current'],
  ['CID7006', /ODS code/, 'pin-document', 'older'],
  ['CID7007', /FP22/, 'cant-connect', 'older'],
  ['CID7023', /already connected through another NHS login/, 'pin-document', 'current'],
  ['CID7029', /can't connect to the GP surgery/, 'cant-connect', 'current'],
  ['CID7100', /can't connect to the GP system/, 'pin-document', 'older'],
];

t.test('the shipped codes file loads, and each published code says what the help says', async (t) => {
  for (const [code, words, tree, status] of published) {
    const entry = book.get(code);
    t.ok(entry, code);
    if (!entry) continue;
    t.match(resolveText(entry.meaning, 'gp'), words, `${code}: meaning`);
    t.equal(entry.tree, tree, `${code}: tree`);
    t.equal(entry.status, status, `${code}: status`);
  }
  t.equal(book.get('cid7004')?.code, 'CID7004', 'looked up in any case');
});

t.test('every code has meaning and action for GP staff and for agents, and a known status', async (t) => {
  for (const entry of book.list()) {
    for (const audience of AUDIENCES) {
      t.ok(resolveText(entry.meaning, audience).length > 10, `${entry.code} meaning (${audience})`);
      t.ok(resolveText(entry.action, audience).length > 10, `${entry.code} action (${audience})`);
    }
    t.ok(book.statuses[entry.status], `${entry.code}: status explained`);
  }
  t.ok(book.review.owner.length > 0);
});

t.test('codes only in older public help are marked "may no longer be shown"', async (t) => {
  const older = ['1004', '2020', '2024', '4002', '4011', '4012', '5001', '7001', '7002', '7003', '7006', '7007', '7020', '7021', '7022', '7024', '7026', '7027', '7100'];
  t.same(book.list().filter((e) => e.status === 'older').map((e) => e.code.slice(3)), older);
  t.match(book.statuses.older, /may no longer be shown/);
});

const data = JSON.parse(text) as { codes: Array<Record<string, unknown>> };
const withCodes = (codes: unknown[]) => JSON.stringify({ ...data, codes });
const broken: Array<[description: string, file: string, problems: RegExp[]]> = [
  ['not JSON', '{ "codes": ', [/is not valid JSON/]],
  ['a code not shaped CID + 4 or 5 digits', withCodes([{ ...data.codes[0], code: 'CID12' }]), [/codes\.0\.code: must be CID and 4 or 5 digits/]],
  ['a code listed twice', withCodes([data.codes[0], data.codes[0]]), [/codes\.1 \(CID1001\): is listed more than once/]],
  ['a tree that does not exist', withCodes([{ ...data.codes[0], tree: 'no-such-tree' }]), [/tree "no-such-tree" does not exist/]],
  ['an unknown status', withCodes([{ ...data.codes[0], status: 'new' }]), [/codes\.0\.status/]],
  ['no review dates', JSON.stringify({ ...data, review: undefined }), [/review: /]],
  [
    'every problem at once',
    withCodes([{ ...data.codes[0], tree: 'gone' }, { ...data.codes[0], tree: 'gone' }]),
    [/codes\.0 \(CID1001\): tree "gone"/, /codes\.1 \(CID1001\): is listed more than once/, /codes\.1 \(CID1001\): tree "gone"/],
  ],
];

for (const [description, file, problems] of broken) {
  t.test(`a bad codes file stops the start: ${description}`, async (t) => {
    const error = (() => {
      try {
        codeBookFrom(file, treeIds);
        return null;
      } catch (caught) {
        return caught;
      }
    })();
    t.ok(error instanceof CodesLoadError);
    for (const problem of problems) t.match((error as Error).message, problem);
  });
}
