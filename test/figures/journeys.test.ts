import t from 'tap';
import { endingOf, journeyFigures, stopNodes } from '../../src/figures/journeys.js';
import type { Tree } from '../../src/trees/schema.js';
import type { JourneyCount } from '../../src/store/ports.js';

const review = { owner: 'Test', lastReviewed: '2026-01-01', nextReview: '2027-01-01' };
// start → (a | b); a → fixed; b → form | fixed; "fixed" has two parents.
const tree = {
  id: 'tree',
  version: 1,
  title: 'A tree',
  summary: 'For tests',
  review,
  start: 'start',
  nodes: {
    start: { kind: 'question', title: 'Start', choices: [{ id: 'a', label: 'A', next: 'a' }, { id: 'b', label: 'B', next: 'b' }] },
    a: { kind: 'advice', title: 'Advice A', steps: ['Do it'], next: 'fixed' },
    b: { kind: 'question', title: 'Question B', choices: [{ id: 'yes', label: 'Yes', next: 'fixed' }, { id: 'no', label: 'No', next: 'form' }] },
    fixed: { kind: 'outcome', result: 'resolved', title: 'Fixed', body: 'Done.' },
    form: { kind: 'outcome', result: 'not-resolved', next: 'contact-form', title: 'Use the form', body: 'Send it.' },
    escalate: { kind: 'outcome', result: 'not-resolved', next: 'escalation', title: 'Escalate', body: 'Call.' },
    cleanse: { kind: 'outcome', result: 'not-resolved', next: 'cleansing-request', title: 'Cleanse', body: 'Ask.' },
  },
} as unknown as Tree;
const titles = { tree: (t: Tree) => t.title as string, node: (t: Tree, id: string) => (t.nodes[id]?.title as string) ?? id };

t.test('how a journey ended, read from the tree: a form or cleansing request is work for the desk', async (t) => {
  const cases: Array<[string, string | null]> = [
    // node, ending
    ['fixed', 'deflected'],
    ['escalate', 'deflected'],
    ['form', 'request'],
    ['cleanse', 'request'],
    ['start', null],
    ['no-such-node', null],
  ];
  for (const [node, ending] of cases) t.equal(endingOf(tree, node), ending, node);
});

t.test('where people stop: reached minus moved on, a shared step split among its parents', async (t) => {
  const reached = new Map([
    ['start', 10],
    ['a', 4],
    ['b', 4],
    ['fixed', 6],
    ['form', 1],
  ]);
  // fixed (6) has parents a (4) and b (4): 3 each. a: 4 - 3 = 1; b: 4 - (3 + 1) = 0; start: 10 - 8 = 2.
  t.same(
    stopNodes(tree, 'A tree', titles.node, reached).map((s) => [s.nodeId, s.reached, s.movedOn, s.stopped]),
    [
      ['start', 10, 8, 2],
      ['a', 4, 3, 1],
    ],
  );
});

t.test('journey figures: started per tree and per day, endings, deflection; unknown tallies left out', async (t) => {
  const totals: JourneyCount[] = [
    { treeId: 'tree', nodeId: 'start', event: 'reached', count: 10 },
    { treeId: 'tree', nodeId: 'fixed', event: 'ended', count: 6 },
    { treeId: 'tree', nodeId: 'form', event: 'ended', count: 2 },
    { treeId: 'tree', nodeId: 'gone', event: 'ended', count: 50 },
    { treeId: 'old-tree', nodeId: 'start', event: 'reached', count: 99 },
  ];
  const days = [
    { treeId: 'tree', nodeId: 'start', event: 'reached' as const, day: '2026-03-01', count: 4 },
    { treeId: 'tree', nodeId: 'start', event: 'reached' as const, day: '2026-03-02', count: 6 },
    { treeId: 'tree', nodeId: 'fixed', event: 'ended' as const, day: '2026-03-02', count: 6 },
    { treeId: 'tree', nodeId: 'form', event: 'ended' as const, day: '2026-03-02', count: 2 },
  ];
  const figures = journeyFigures([tree], titles, totals, days, ['2026-03-01', '2026-03-02', '2026-03-03'], 10);
  t.same(figures.perTree, [{ treeId: 'tree', title: 'A tree', started: 10, deflected: 6, request: 2 }]);
  t.same(figures.perDay, [
    { day: '2026-03-01', started: 4, deflected: 0, request: 0 },
    { day: '2026-03-02', started: 6, deflected: 6, request: 2 },
    { day: '2026-03-03', started: 0, deflected: 0, request: 0 },
  ], 'every day of the range, empty ones as 0');
  t.same(figures.deflection, { deflected: 6, ended: 8, share: 0.75 });
  t.same(journeyFigures([tree], titles, [], [], [], 10).deflection, { deflected: 0, ended: 0, share: null }, 'no journeys: no share');
});
