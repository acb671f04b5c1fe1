import { join } from 'node:path';
import t from 'tap';
import { ROOT } from '../../src/paths.js';
import { checkedFromPath, checkedPathLines, CONTACT_FORM_ENDINGS, contactFormPath } from '../../src/requests/checked.js';
import { allPaths, walk } from '../../src/trees/engine.js';
import { loadTrees } from '../../src/trees/load.js';
import { CONTINUE } from '../../src/trees/schema.js';

const catalogue = await loadTrees(join(ROOT, 'fixtures', 'trees'));
const cantConnect = catalogue.get('cant-connect')!;

// The can't-connect journey that ends at "Send the contact form": every check done, still no connection.
const CHECKS_DONE = ['yes', 'yes', 'no', 'yes', CONTINUE, 'no'];

t.test("what was checked, from the can't-connect path", async (t) => {
  t.same(checkedFromPath(cantConnect, CHECKS_DONE), {
    treeId: 'cant-connect',
    treeTitle: "The patient can't connect to their GP surgery",
    treeVersion: cantConnect.version,
    answers: CHECKS_DONE,
    steps: [
      { nodeId: 'online-account', question: 'Have you created an online account for the patient on your clinical system?', answer: 'yes', answerLabel: 'Yes' },
      { nodeId: 'used-recently', question: 'Has the patient used their online account in the last 12 months?', answer: 'yes', answerLabel: 'Yes' },
      { nodeId: 'archived', question: "Is the patient's online account archived on your clinical system?", answer: 'no', answerLabel: 'No' },
      { nodeId: 'demographics', question: "Do the patient's details on your clinical system match their details on PDS (Spine)?", answer: 'yes', answerLabel: 'Yes, they match' },
      { nodeId: 'try-again', question: 'Ask the patient to try again', answer: CONTINUE, answerLabel: 'Done' },
      { nodeId: 'connected', question: 'Can the patient connect to the GP surgery now?', answer: 'no', answerLabel: 'No' },
    ],
    ending: { nodeId: 'contact-form', title: 'Send the contact form' },
  });
  const agent = checkedFromPath(cantConnect, CHECKS_DONE, 'agent');
  t.equal(agent?.ending.title, 'Pass the case to the NHS App customer resolution team', "in the agent's words for a triage");
  t.same(checkedPathLines(checkedFromPath(cantConnect, CHECKS_DONE)!).slice(-2), ['Can the patient connect to the GP surgery now? → No', 'Ending: Send the contact form']);
});

t.test('only a finished path to a contact-form ending gives a value', async (t) => {
  const cases: Array<[string, string[]]> = [
    ['not finished', CHECKS_DONE.slice(0, 3)],
    ['an answer the tree does not have', ['yes', 'maybe']],
    ['answers after the ending', [...CHECKS_DONE, 'yes']],
    ['resolved', ['yes', 'yes', 'no', 'yes', CONTINUE, 'yes']],
  ];
  for (const [name, answers] of cases) t.equal(checkedFromPath(cantConnect, answers), null, name);
});

t.test('every shipped path: a value exactly at the contact-form and escalation endings', async (t) => {
  for (const tree of catalogue.list()) {
    for (const path of allPaths(tree)) {
      const node = tree.nodes[path.outcomeId];
      const leads = node?.kind === 'outcome' && node.result === 'not-resolved' && CONTACT_FORM_ENDINGS.some((next) => next === node.next);
      const checked = checkedFromPath(tree, path.answers);
      t.equal(checked !== null, leads, `${tree.id}: ${path.nodeIds.join(' > ')}`);
      if (checked) t.same(checked.steps.map((s) => s.nodeId), walk(tree, path.answers, 'gp').trail.map((s) => s.nodeId));
    }
  }
});

t.test('the link from the ending to the form carries the path', async (t) => {
  t.equal(contactFormPath(walk(cantConnect, CHECKS_DONE, 'gp')), '/contact-form?tree=cant-connect&answers=yes.yes.no.yes.continue.no');
  t.equal(contactFormPath(walk(cantConnect, CHECKS_DONE.slice(0, 2), 'gp')), null, 'not from a question');
  t.equal(contactFormPath(walk(cantConnect, [...CHECKS_DONE.slice(0, 5), 'yes'], 'gp')), null, 'not from a resolved ending');
});
