import t from 'tap';
import type { Tree } from '../../src/trees/schema.js';
import { catalogueFrom, loadTrees, parseTreeFile, TreeLoadError } from '../../src/trees/load.js';
import { formatProblem, validateCatalogue, validateTree, type TreeProblem } from '../../src/trees/validate.js';

/** A small sound tree: every kind of node, two outcomes. Each case below breaks one thing. */
function sample(): Tree {
  return {
    id: 'sample',
    version: 1,
    title: 'Sample',
    summary: 'A sample tree',
    review: { owner: 'Knowledge team', lastReviewed: '2026-12-01', nextReview: '2027-06-01' },
    start: 'ask',
    nodes: {
      ask: {
        kind: 'question',
        title: 'Does it work?',
        choices: [
          { id: 'yes', label: 'Yes', next: 'done' },
          { id: 'no', label: 'No', next: 'check' },
        ],
      },
      check: { kind: 'check', rule: 'linkage', title: 'Check the details', branches: { pass: 'done', warning: 'done', fail: 'advise' } },
      advise: { kind: 'advice', title: 'Do this', steps: ['A step'], next: 'stuck' },
      done: { kind: 'outcome', result: 'resolved', title: 'Done', body: 'It works.' },
      stuck: { kind: 'outcome', result: 'not-resolved', next: 'escalation', title: 'Stuck', body: 'Escalate.' },
    },
  };
}

function broken(change: (tree: Tree) => void): Tree {
  const tree = sample();
  change(tree);
  return tree;
}

const file = 'sample.json';
const at = (nodeId: string | null, problem: string): TreeProblem => ({ file, nodeId, problem });

t.test('a sound tree has no problems', async (t) => {
  t.same(validateTree(sample(), file), []);
});

const cases: Array<[name: string, tree: Tree, expected: TreeProblem[]]> = [
  [
    'start node missing',
    broken((tree) => (tree.start = 'nowhere')),
    [at(null, 'the start node "nowhere" does not exist')],
  ],
  [
    'a choice leads to a node that does not exist (and what it used to reach is now cut off)',
    broken((tree) => {
      if (tree.nodes.ask?.kind === 'question') tree.nodes.ask.choices[1]!.next = 'gone';
    }),
    [
      at('ask', 'choice "no" leads to "gone", which does not exist'),
      at('check', 'cannot be reached from the start node'),
      at('advise', 'cannot be reached from the start node'),
      at('stuck', 'cannot be reached from the start node'),
    ],
  ],
  [
    'advice leads to a node that does not exist',
    broken((tree) => {
      if (tree.nodes.advise?.kind === 'advice') tree.nodes.advise.next = 'gone';
    }),
    [at('advise', 'next leads to "gone", which does not exist'), at('stuck', 'cannot be reached from the start node')],
  ],
  [
    'an unreachable node',
    broken((tree) => (tree.nodes.orphan = { kind: 'outcome', result: 'resolved', title: 'Orphan', body: 'Nobody gets here.' })),
    [at('orphan', 'cannot be reached from the start node')],
  ],
  [
    'a cycle',
    broken((tree) => {
      if (tree.nodes.advise?.kind === 'advice') tree.nodes.advise.next = 'ask';
    }),
    [at('stuck', 'cannot be reached from the start node'), at('ask', 'is part of a cycle: ask -> check -> advise -> ask')],
  ],
  [
    'a question with no choices: the path ends without an outcome',
    broken((tree) => {
      if (tree.nodes.advise?.kind === 'advice') tree.nodes.advise.next = 'dead-end';
      tree.nodes['dead-end'] = { kind: 'question', title: 'And then?', choices: [] };
    }),
    [
      at('dead-end', 'has no choices, so the path ends here without an outcome'),
      at('stuck', 'cannot be reached from the start node'),
    ],
  ],
  [
    'a question with one choice, and a choice id used twice',
    broken((tree) => {
      if (tree.nodes.ask?.kind === 'question') tree.nodes.ask.choices[1]!.id = 'yes';
      if (tree.nodes.advise?.kind === 'advice') tree.nodes.advise.next = 'only';
      tree.nodes.only = { kind: 'question', title: 'Only one way', choices: [{ id: 'on', label: 'On', next: 'stuck' }] };
    }),
    [
      at('ask', 'choice id "yes" is used more than once'),
      at('only', 'has only one choice; a question needs at least two'),
    ],
  ],
  [
    'a check with no branch for one of its rule\'s results',
    broken((tree) => {
      if (tree.nodes.check?.kind === 'check') delete tree.nodes.check.branches.fail;
    }),
    [
      at('check', 'has no branch for the "linkage" result "fail", so the path ends here without an outcome'),
      at('advise', 'cannot be reached from the start node'),
      at('stuck', 'cannot be reached from the start node'),
    ],
  ],
  [
    'a check with a branch its rule never gives',
    broken((tree) => {
      if (tree.nodes.check?.kind === 'check') tree.nodes.check.branches.maybe = 'done';
    }),
    [at('check', 'branch "maybe" is not a result of the "linkage" rule (results: pass, warning, fail)')],
  ],
  [
    'a resolved outcome that sends the person on',
    broken((tree) => {
      if (tree.nodes.done?.kind === 'outcome') tree.nodes.done.next = 'contact-form';
    }),
    [at('done', 'a resolved outcome cannot lead to "contact-form"; use result "not-resolved"')],
  ],
];

for (const [name, tree, expected] of cases) {
  t.test(name, async (t) => {
    t.same(validateTree(tree, file), expected);
  });
}

t.test('problems between trees', async (t) => {
  const withCode = (tree: Tree, code: string): Tree => ({ ...tree, errorCodes: [code] });
  const other = { ...sample(), id: 'other' };

  t.same(
    validateCatalogue([
      { file: 'sample.json', tree: withCode(sample(), '3R') },
      { file: 'other.json', tree: withCode(other, '3R') },
    ]),
    [{ file: 'other.json', nodeId: null, problem: 'error code "3R" is already used by sample.json' }],
    'two trees claim one error code',
  );

  t.same(
    validateCatalogue([
      { file: 'sample.json', tree: sample() },
      { file: 'copy/sample.json', tree: sample() },
    ]),
    [{ file: 'copy/sample.json', nodeId: null, problem: 'tree id "sample" is already used by sample.json' }],
    'two files hold the same tree id',
  );

  t.same(
    validateCatalogue([{ file: 'misnamed.json', tree: sample() }]),
    [{ file: 'misnamed.json', nodeId: null, problem: 'the file should be named "sample.json" after the tree id "sample"' }],
    'the file name does not match the tree id',
  );

  const linking = broken((tree) => {
    if (tree.nodes.stuck) tree.nodes.stuck.seeAlso = ['other', 'missing-tree'];
  });
  t.same(
    validateCatalogue([
      { file: 'sample.json', tree: linking },
      { file: 'other.json', tree: other },
    ]),
    [{ file: 'sample.json', nodeId: 'stuck', problem: 'see-also tree "missing-tree" does not exist' }],
    'a see-also link to a tree that does not exist',
  );
});

t.test('schema problems name the file, the node and the field', async (t) => {
  const good = { id: 'sample', version: 1, title: 'S', summary: 'S', review: sample().review, start: 'done', nodes: { done: { kind: 'outcome', result: 'resolved', title: 'D', body: 'B' } } };
  const schemaCases: Array<[name: string, data: unknown, expected: TreeProblem[]]> = [
    ['a good file', good, []],
    [
      'an unknown node kind',
      { ...good, nodes: { done: { kind: 'maybe', title: 'x' } } },
      [at('done', "kind: Invalid discriminator value. Expected 'question' | 'check' | 'advice' | 'outcome'")],
    ],
    [
      'a node without a title',
      { ...good, nodes: { done: { kind: 'outcome', result: 'resolved', body: 'B' } } },
      [at('done', 'title: is required')],
    ],
    [
      'audience text missing one audience',
      { ...good, title: { gp: 'For GP staff' } },
      [at(null, 'title: must be text, or { "gp": "...", "agent": "..." } with a wording for each audience')],
    ],
    [
      'an empty GP wording',
      { ...good, summary: { gp: ' ', agent: 'For agents' } },
      [at(null, 'summary.gp: GP-staff text must not be empty')],
    ],
    [
      'a node id that is not lower-case-with-hyphens',
      { ...good, nodes: { ...good.nodes, 'Bad Id': { kind: 'outcome', result: 'resolved', title: 'D', body: 'B' } } },
      [at('Bad Id', 'the node id must be lower-case letters and digits joined by single hyphens, e.g. "check-spine"')],
    ],
    [
      'a lower-case error code',
      { ...good, errorCodes: ['3r'] },
      [at(null, 'errorCodes.0: an error code category is a digit and a capital letter, e.g. "3R"')],
    ],
    [
      'a check naming a rule that does not exist',
      { ...good, nodes: { done: { kind: 'check', rule: 'nhs-number', title: 'D', branches: {} } } },
      [at('done', 'rule: Invalid input: expected "linkage"')],
    ],
    [
      'advice without steps',
      { ...good, nodes: { done: { kind: 'advice', title: 'D', steps: [], next: 'x' } } },
      [at('done', 'steps: advice needs at least one step')],
    ],
    [
      'an outcome with an unknown result',
      { ...good, nodes: { done: { kind: 'outcome', result: 'fine', title: 'D', body: 'B' } } },
      [at('done', 'result: Invalid option: expected one of "resolved"|"not-resolved"')],
    ],
    ['an unknown field', { ...good, colour: 'red' }, [at(null, 'Unrecognized key: "colour"')]],
    [
      'no owner or review dates',
      { ...good, review: undefined },
      [at(null, 'review: Invalid input: expected object, received undefined')],
    ],
    [
      'a review date that is not a date',
      { ...good, review: { owner: 'Knowledge team', lastReviewed: '1 December 2026', nextReview: '2027-06-01' } },
      [at(null, 'review.lastReviewed: must be a date, YYYY-MM-DD')],
    ],
    [
      'a next review before the last one',
      { ...good, review: { owner: 'Knowledge team', lastReviewed: '2026-12-01', nextReview: '2026-06-01' } },
      [at(null, 'review.nextReview: must be after lastReviewed')],
    ],
    [
      'an owner left blank',
      { ...good, review: { owner: ' ', lastReviewed: '2026-12-01', nextReview: '2027-06-01' } },
      [at(null, 'review.owner: must name who keeps this content')],
    ],
  ];
  for (const [name, data, expected] of schemaCases) {
    t.same(parseTreeFile(file, JSON.stringify(data)).problems, expected, name);
  }
  const notJson = parseTreeFile(file, '{ "id": ');
  t.equal(notJson.problems.length, 1);
  t.match(notJson.problems[0], { file, nodeId: null, problem: /^is not valid JSON: / }, 'a file that is not JSON');
});

t.test('loading stops with one error listing every problem in every file', async (t) => {
  const dir = t.testdir({
    'sample.json': JSON.stringify(broken((tree) => (tree.start = 'nowhere'))),
    'other.json': JSON.stringify({ ...sample(), id: 'other', version: 0 }),
    'broken.json': '{',
    'notes.txt': 'not a tree, ignored',
  });
  const error = await loadTrees(dir).then(
    () => null,
    (e: unknown) => e,
  );
  t.ok(error instanceof TreeLoadError, 'a TreeLoadError');
  const problems = (error as TreeLoadError).problems;
  t.same(
    problems.map((p) => [p.file, p.nodeId]),
    [
      ['broken.json', null],
      ['other.json', null],
      ['sample.json', null],
    ],
  );
  t.match(problems[1]?.problem, /^version: Too small/);
  t.equal(problems[2]?.problem, 'the start node "nowhere" does not exist');
  const message = (error as Error).message;
  t.match(message, /3 problem\(s\)/);
  t.match(message, 'sample.json: the start node "nowhere" does not exist');
  t.match(message, 'broken.json: is not valid JSON');
});

t.test('an empty folder is a problem, not an empty catalogue', async (t) => {
  await t.rejects(loadTrees(t.testdir({})), { name: 'TreeLoadError', problems: [{ problem: 'there are no tree files (*.json)' }] });
});

t.test('a sound folder loads', async (t) => {
  const catalogue = catalogueFrom([{ file: 'sample.json', text: JSON.stringify({ ...sample(), errorCodes: ['3R'] }) }]);
  t.same(catalogue.list().map((tree) => tree.id), ['sample']);
  t.equal(catalogue.get('sample')?.version, 1);
  t.equal(catalogue.get('nope'), undefined);
  t.equal(catalogue.findByErrorCode('3rswtr')?.id, 'sample');
  t.same(catalogue.errorCodes(), ['3R']);
});

t.test('problems read as one line each', async (t) => {
  t.equal(formatProblem(at('ask', 'choice "no" leads to "gone", which does not exist')), 'sample.json, node "ask": choice "no" leads to "gone", which does not exist');
  t.equal(formatProblem(at(null, 'the start node "x" does not exist')), 'sample.json: the start node "x" does not exist');
});
