import { join } from 'node:path';
import t from 'tap';
import { ROOT } from '../../src/paths.js';
import type { TriageStep } from '../../src/store/ports.js';
import { loadTrees } from '../../src/trees/load.js';
import { CONTINUE, type Tree } from '../../src/trees/schema.js';
import { answerChange, answerError, BACK, backChange, replayAnswers, triageJourney } from '../../src/triage/steps.js';

const catalogue = await loadTrees(join(ROOT, 'fixtures', 'trees'));
const error3r = catalogue.get('error-3r')!;
const NOW = new Date('2026-03-02T10:00:00Z');

const step = (nodeId: string, answer: string): TriageStep => ({ nodeId, answer, at: NOW });

/** Answers one after another from an empty triage, as the route does. */
function answerAll(tree: Tree, answers: string[]) {
  let steps: TriageStep[] = [];
  let last = null;
  for (const answer of answers) {
    last = answerChange(tree, { steps }, answer, NOW);
    if (!last) throw new Error(`"${answer}" refused`);
    steps = last.steps;
  }
  return last!;
}

t.test('replaying the log: each step back removes the answer before it', async (t) => {
  const cases: Array<[string[], string[]]> = [
    [[], []],
    [['yes', CONTINUE], ['yes', CONTINUE]],
    [['yes', BACK], []],
    [['yes', BACK, 'no'], ['no']],
    [['yes', CONTINUE, BACK, BACK, 'no'], ['no']],
    [[BACK, 'yes'], ['yes']],
  ];
  for (const [log, answers] of cases) t.same(replayAnswers(log.map((a) => step('x', a))), answers, log.join(' '));
});

t.test('an answer valid at the current node is appended with the node it answered', async (t) => {
  const change = answerChange(error3r, { steps: [] }, 'yes', NOW);
  t.same(change, { steps: [step('registered', 'yes')], outcome: null, endedAt: null });
});

t.test('reaching an outcome records it and the end time', async (t) => {
  const journeys: Array<[string[], { nodeId: string; result: string; next: string | null }]> = [
    [['yes', CONTINUE, 'no'], { nodeId: 'escalate', result: 'not-resolved', next: 'escalation' }],
    [['yes', CONTINUE, 'yes'], { nodeId: 'resolved', result: 'resolved', next: null }],
    [['no'], { nodeId: 'not-registered', result: 'not-resolved', next: null }],
  ];
  for (const [answers, outcome] of journeys) {
    const change = answerAll(error3r, answers);
    t.same(change.outcome, outcome, answers.join(' > '));
    t.same(change.endedAt, NOW);
    t.same(change.steps.map((s) => s.nodeId), triageJourney(error3r, change).trail.map((s) => s.nodeId));
  }
});

t.test('answers that are not valid where they are given are refused', async (t) => {
  t.equal(answerChange(error3r, { steps: [] }, 'made-up', NOW), null);
  t.equal(answerChange(error3r, { steps: [] }, '', NOW), null);
  t.equal(answerChange(error3r, { steps: [] }, CONTINUE, NOW), null, 'continue is for advice only');
  t.equal(answerChange(error3r, { steps: [] }, BACK, NOW), null, 'going back is not an answer');
  const finished = answerAll(error3r, ['no']);
  t.equal(answerChange(error3r, finished, 'yes', NOW), null, 'nothing after an outcome');
});

t.test('going back: nothing to undo at the start; otherwise a BACK step that reopens the triage', async (t) => {
  t.equal(backChange(error3r, { steps: [] }, NOW), null);
  const finished = answerAll(error3r, ['no']);
  const back = backChange(error3r, finished, NOW)!;
  t.same(back, { steps: [step('registered', 'no'), step('not-registered', BACK)], outcome: null, endedAt: null });
  t.equal(triageJourney(error3r, back).nodeId, 'registered');
});

t.test('answers the tree no longer accepts (a new tree version) are stepped back over before the next answer', async (t) => {
  // Version 2 of a tree renames the first question's "yes" to "registered".
  const v2: Tree = structuredClone(error3r);
  v2.version = error3r.version + 1;
  const first = v2.nodes[v2.start]!;
  if (first.kind !== 'question') throw new Error('error-3r starts with a question');
  first.choices[0]!.id = 'registered';
  const old = { steps: [step('registered', 'yes'), step('check-spine', CONTINUE)] };
  const journey = triageJourney(v2, old);
  t.equal(journey.invalid, true);
  t.equal(journey.nodeId, 'registered');

  const change = answerChange(v2, old, 'registered', NOW)!;
  t.same(
    change.steps.map((s) => s.answer),
    ['yes', CONTINUE, BACK, BACK, 'registered'],
  );
  t.same(replayAnswers(change.steps), ['registered'], 'the replay is what the agent saw, plus the answer');
  t.equal(backChange(v2, { steps: [step('registered', 'yes')] }, NOW), null, 'no valid answer to go back over');
});

t.test('why an answer was refused, by the kind of step', async (t) => {
  const at = (answers: string[], id: string) => triageJourney(catalogue.get(id)!, { steps: answers.map((a) => step('x', a)) });
  t.equal(answerError(at([], 'error-3r')).href, '#answer');
  t.equal(answerError(at(['yes'], 'error-3r')).href, '#advice-done');
  t.equal(answerError(at(['no'], 'error-3r')).href, '#back');
  t.equal(answerError(at(['yes'], 'pin-document')).href, '#linkage');
});
