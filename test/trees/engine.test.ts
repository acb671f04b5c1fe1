import { join } from 'node:path';
import t from 'tap';
import { ROOT } from '../../src/paths.js';
import { allPaths, resolveNode, walk } from '../../src/trees/engine.js';
import { loadTrees } from '../../src/trees/load.js';
import { CONTINUE, type Tree } from '../../src/trees/schema.js';

const catalogue = await loadTrees(join(ROOT, 'fixtures', 'trees'));
const tree = (id: string): Tree => {
  const found = catalogue.get(id);
  if (!found) throw new Error(`no shipped tree "${id}"`);
  return found;
};

type Journey = [description: string, treeId: string, answers: string[], expect: { node: string; next?: string | null }];

// Journeys as the person takes them: the answers they give, where they end up.
const journeys: Journey[] = [
  ['3R: registered, Spine synced, can log in', 'error-3r', ['yes', CONTINUE, 'yes'], { node: 'resolved' }],
  ['3R: registered, still failing after the checks', 'error-3r', ['yes', CONTINUE, 'no'], { node: 'escalate', next: 'escalation' }],
  ['3R: not registered at the practice', 'error-3r', ['no'], { node: 'not-registered', next: null }],
  ['3F: registered in Scotland, not England', 'error-3f', ['outside'], { node: 'not-available', next: null }],
  ['3F: ex-armed forces, fixed by the checks', 'error-3f', ['armed-forces', CONTINUE, 'yes'], { node: 'resolved' }],
  ['can\'t connect: every cause ruled out, still failing', 'cant-connect', ['yes', 'yes', 'no', 'yes', CONTINUE, 'no'], { node: 'contact-form', next: 'contact-form' }],
  ['can\'t connect: no account, created, then connects', 'cant-connect', ['no', CONTINUE, 'yes', 'no', 'yes', CONTINUE, 'yes'], { node: 'resolved' }],
  ['can\'t connect: unused for 12 months, reactivated, demographics synced, connects', 'cant-connect', ['yes', 'no', CONTINUE, 'no', CONTINUE, CONTINUE, 'yes'], { node: 'resolved' }],
  ['PIN document: the checker finds nothing wrong and the patient gets in', 'pin-document', ['yes', 'pass', 'yes'], { node: 'resolved' }],
  ['PIN document: the checker finds a curly quote, retyped, works', 'pin-document', ['yes', 'fail', 'retype', CONTINUE, 'yes'], { node: 'resolved' }],
  ['PIN document: expired, EMIS reset, still failing', 'pin-document', ['yes', 'fail', 'new-document', 'emis', CONTINUE, 'no'], { node: 'escalate', next: 'escalation' }],
  ['PIN document: passed with a warning (7-character Account ID), and the patient gets in', 'pin-document', ['yes', 'warning', 'yes'], { node: 'resolved' }],
  ['PIN document: a warning names a letter O among the Account ID digits, retyped, works', 'pin-document', ['yes', 'warning', 'retype', CONTINUE, 'yes'], { node: 'resolved' }],
  ['PIN document: warnings, details match the document, TPP reset, still failing', 'pin-document', ['yes', 'warning', 'no', 'tpp', CONTINUE, 'no'], { node: 'escalate', next: 'escalation' }],
  ['identity: record access switched on, record still not visible', 'identity-levels', ['record-access', CONTINUE, 'no'], { node: 'record-not-visible', next: 'escalation' }],
  ['identity: the practice reset a low-level account, still locked out', 'identity-levels', ['low-reset', CONTINUE, 'no'], { node: 'reset-failed', next: 'escalation' }],
  ['PIN document: lost, TPP self-service reset, works', 'pin-document', ['no', 'tpp', CONTINUE, 'yes'], { node: 'resolved' }],
  ['lost email: remembers both, changes it', 'lost-email', ['remembers-both', CONTINUE, 'yes'], { node: 'resolved' }],
  ['lost email: old inbox still works, password reset', 'lost-email', ['old-email-works', CONTINUE, 'yes'], { node: 'resolved' }],
  ['lost email: neither, verified account: cleansing request', 'lost-email', ['neither', 'verified'], { node: 'cleansing', next: 'cleansing-request' }],
  ['lost email: neither, low level only, GP reset works', 'lost-email', ['neither', 'low-only', CONTINUE, 'yes'], { node: 'resolved' }],
  ['lost email: change did not work, verified: cleansing request', 'lost-email', ['remembers-both', CONTINUE, 'no', 'verified'], { node: 'cleansing', next: 'cleansing-request' }],
  ['lost email: a situation the guide does not cover', 'lost-email', ['other'], { node: 'not-covered', next: 'escalation' }],
  ['identity: proving to high with GP details fails', 'identity-levels', ['reach-high', 'gp-details', CONTINUE, 'no'], { node: 'not-verified', next: 'escalation' }],
  ['identity: set up, levels explained, no need for high', 'identity-levels', ['set-up', CONTINUE, CONTINUE, 'no'], { node: 'levels-understood' }],
  ['Patient Access PIN: locked, no mobile on the account', 'patient-access-pin', ['forgotten', 'no'], { node: 'technical-support', next: null }],
  ['Patient Access PIN: forgotten, reset works', 'patient-access-pin', ['forgotten', 'yes', CONTINUE, 'yes'], { node: 'resolved' }],
  ['registration: no email address', 'online-registration', ['no'], { node: 'no-email', next: null }],
  ['registration: shared family email, no own address', 'online-registration', ['yes', 'yes', CONTINUE, 'no'], { node: 'no-own-email', next: null }],
];

for (const [description, treeId, answers, expected] of journeys) {
  t.test(description, async (t) => {
    for (const audience of ['gp', 'agent'] as const) {
      const step = walk(tree(treeId), answers, audience);
      t.equal(step.invalid, false, `${audience}: every answer valid`);
      t.equal(step.nodeId, expected.node, `${audience}: ends at ${expected.node}`);
      t.equal(step.finished, true, `${audience}: an outcome`);
      if (step.node.kind === 'outcome' && expected.next !== undefined) t.equal(step.node.next, expected.next);
      t.same(step.answers, answers);
      t.same(step.back, answers.slice(0, -1));
    }
  });
}

t.test('the current step mid-journey', async (t) => {
  const step = walk(tree('lost-email'), ['neither'], 'gp');
  t.equal(step.nodeId, 'verification-level');
  t.equal(step.node.kind, 'question');
  t.equal(step.finished, false);
  t.same(step.back, []);
  t.same(
    step.trail.map((s) => [s.nodeId, s.answer, s.answerLabel, s.answersBefore]),
    [['which-fits', 'neither', "They can't remember their password, and can't access or recover their old email account", []]],
  );
  t.equal(step.trail[0]?.title, 'Which of these fits the patient?');
});

t.test('at the start there is no Back', async (t) => {
  const step = walk(tree('error-3r'), [], 'gp');
  t.equal(step.nodeId, 'registered');
  t.equal(step.back, null);
  t.same(step.trail, []);
  t.equal(step.invalid, false);
});

const invalid: Array<[description: string, answers: string[], stopsAt: string, validAnswers: string[]]> = [
  ['a choice that does not exist', ['maybe'], 'registered', []],
  ['a valid answer then a made-up one', ['yes', 'skip-ahead'], 'check-spine', ['yes']],
  ['a check result given at a question', ['pass'], 'registered', []],
  ['a question answer given at advice', ['yes', 'yes'], 'check-spine', ['yes']],
  ['answers after the outcome', ['yes', CONTINUE, 'yes', 'yes'], 'resolved', ['yes', CONTINUE, 'yes']],
  ['a node id instead of an answer', ['escalate'], 'registered', []],
  ['an empty answer', [''], 'registered', []],
];

for (const [description, answers, stopsAt, validAnswers] of invalid) {
  t.test(`an invalid answer is flagged, not trusted: ${description}`, async (t) => {
    const step = walk(tree('error-3r'), answers, 'agent');
    t.equal(step.invalid, true);
    t.equal(step.nodeId, stopsAt, 'shows the last valid step');
    t.same(step.answers, validAnswers);
    t.same(step.back, validAnswers.length === 0 ? null : validAnswers.slice(0, -1));
  });
}

t.test('check nodes take their rule\'s results as answers', async (t) => {
  const atCheck = walk(tree('pin-document'), ['yes'], 'gp');
  t.equal(atCheck.node.kind, 'check');
  if (atCheck.node.kind === 'check') {
    t.equal(atCheck.node.rule, 'linkage');
    t.same(atCheck.node.results.map((r) => r.id), ['pass', 'warning', 'fail']);
  }
  t.equal(walk(tree('pin-document'), ['yes', 'fail'], 'gp').nodeId, 'needs-new-document');
  t.equal(walk(tree('pin-document'), ['yes', 'passed'], 'gp').invalid, true);
  t.equal(walk(tree('pin-document'), ['yes', 'fail'], 'gp').trail[1]?.answerLabel, 'Something needs fixing');
});

t.test('text is resolved for the audience', async (t) => {
  const gp = walk(tree('error-3r'), [], 'gp').node;
  const agent = walk(tree('error-3r'), [], 'agent').node;
  t.equal(gp.title, 'Is the patient registered at your practice on your GP clinical system?');
  t.equal(agent.title, "Is the patient registered at their GP practice on the practice's clinical system?");
  t.equal(gp.body.join('\n'), agent.body.join('\n'), 'shared wording is the same for both');
  if (gp.kind === 'question' && agent.kind === 'question') {
    t.equal(gp.choices[1]?.label, 'No, they are not registered at this practice');
    t.equal(agent.choices[1]?.label, "No, or the practice can't find them");
  }
});

t.test('body text is split into paragraphs; advice steps keep their order', async (t) => {
  const node = resolveNode(tree('cant-connect'), 'online-account', 'gp');
  t.equal(node.body.length, 2);
  const advice = resolveNode(tree('pin-document'), 'emis-reset', 'gp');
  t.equal(advice.kind, 'advice');
  if (advice.kind === 'advice') {
    t.same(advice.steps.slice(0, 3), ['Go to the Online services tab.', 'Select View online user.', 'Select Reset linkage key.']);
  }
  t.throws(() => resolveNode(tree('cant-connect'), 'nope', 'gp'), /has no node "nope"/);
});

t.test('allPaths lists every route to an outcome, and stops at cycles', async (t) => {
  t.same(
    allPaths(tree('error-3r')).map((p) => [p.answers, p.outcomeId]),
    [
      [['yes', CONTINUE, 'yes'], 'resolved'],
      [['yes', CONTINUE, 'no'], 'escalate'],
      [['no'], 'not-registered'],
    ],
  );
  const looping: Tree = {
    id: 'loop',
    version: 1,
    title: 'Loop',
    summary: 'Loop',
    review: { owner: 'Knowledge team', lastReviewed: '2026-12-01', nextReview: '2027-06-01' },
    start: 'a',
    nodes: {
      a: { kind: 'question', title: 'A', choices: [{ id: 'again', label: 'Again', next: 'b' }, { id: 'out', label: 'Out', next: 'end' }] },
      b: { kind: 'advice', title: 'B', steps: ['Step'], next: 'a' },
      end: { kind: 'outcome', result: 'resolved', title: 'End', body: 'End' },
    },
  };
  t.same(allPaths(looping), [{ answers: ['out'], nodeIds: ['a', 'end'], outcomeId: 'end' }]);
});
