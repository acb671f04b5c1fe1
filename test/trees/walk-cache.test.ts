import { join } from 'node:path';
import t from 'tap';
import { ROOT } from '../../src/paths.js';
import { allPaths, walk } from '../../src/trees/engine.js';
import { loadTrees } from '../../src/trees/load.js';
import { WalkCache } from '../../src/trees/walk-cache.js';
import { AUDIENCES } from '../../src/trees/schema.js';

const catalogue = await loadTrees(join(ROOT, 'fixtures', 'trees'));

/** Every answer list a person can give on the way through every shipped tree: each path's prefixes. */
const everyStep = catalogue.list().flatMap((tree) => {
  const lists = new Map<string, string[]>();
  for (const path of allPaths(tree)) for (let i = 0; i <= path.answers.length; i++) lists.set(path.answers.slice(0, i).join('.'), path.answers.slice(0, i));
  return [...lists.values()].map((answers) => ({ tree, answers }));
});

t.test('a remembered walk is the walk: every step of every shipped tree, both audiences, asked twice', async (t) => {
  const cache = new WalkCache(10_000);
  for (const round of ['first', 'again']) {
    for (const { tree, answers } of everyStep) {
      for (const audience of AUDIENCES) {
        t.same(cache.walk(tree, answers, audience), walk(tree, answers, audience), `${round}: ${tree.id} ${answers.join('.') || '(start)'} ${audience}`);
      }
    }
  }
  t.equal(cache.size, everyStep.length * AUDIENCES.length, 'one entry per tree, answers and audience');
  const [{ tree, answers }] = everyStep.slice(-1) as [(typeof everyStep)[number]];
  t.equal(cache.walk(tree, answers, 'gp'), cache.walk(tree, answers, 'gp'), 'the same answers give the very same walk');
});

t.test('answers that are not valid somewhere are replayed every time, never kept', async (t) => {
  const cache = new WalkCache(10);
  const tree = catalogue.get('lost-email')!;
  const cases: Array<{ answers: string[]; stopsAt: string[] }> = [
    { answers: ['no-such-answer'], stopsAt: [] },
    { answers: ['neither', 'no-such-answer'], stopsAt: ['neither'] },
    { answers: ['other', 'anything-after-an-outcome'], stopsAt: ['other'] },
  ];
  for (const { answers, stopsAt } of cases) {
    const journey = cache.walk(tree, answers, 'gp');
    t.equal(journey.invalid, true, answers.join('.'));
    t.same(journey.answers, stopsAt, `${answers.join('.')}: the last valid step`);
    t.same(journey, walk(tree, answers, 'gp'));
  }
  t.equal(cache.size, 0);
});

t.test('bounded: the oldest walk goes first', async (t) => {
  const cache = new WalkCache(3);
  const steps = everyStep.slice(0, 5);
  const kept = steps.map(({ tree, answers }) => cache.walk(tree, answers, 'gp'));
  t.equal(cache.size, 3);
  t.equal(cache.walk(steps[4]!.tree, steps[4]!.answers, 'gp'), kept[4], 'the newest is still kept');
  t.not(cache.walk(steps[0]!.tree, steps[0]!.answers, 'gp'), kept[0], 'the oldest was replayed afresh');
});

t.test('a kept walk is frozen: no request can change what the next one sees', async (t) => {
  const cache = new WalkCache(10);
  const journey = cache.walk(catalogue.get('lost-email')!, ['neither'], 'gp');
  t.ok(Object.isFrozen(journey) && Object.isFrozen(journey.answers) && Object.isFrozen(journey.trail) && Object.isFrozen(journey.node));
  t.throws(() => (journey.answers as string[]).push('verified'));
});
