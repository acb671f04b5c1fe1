import { join } from 'node:path';
import t from 'tap';
import { ROOT } from '../../src/paths.js';
import { walk } from '../../src/trees/engine.js';
import { loadTrees } from '../../src/trees/load.js';
import { cleansingFormFromTriage, senderErrorsForAgent } from '../../src/triage/cleansing.js';
import { cleansingStepsTaken, outcomeWords, triageSummaryText } from '../../src/triage/summary.js';

const catalogue = await loadTrees(join(ROOT, 'fixtures', 'trees'));
const lostEmail = catalogue.get('lost-email')!;
const toCleansing = walk(lostEmail, ['neither', 'verified'], 'agent');

t.test('the cleansing request steps: the ticket, then each question and its answer', async (t) => {
  t.equal(
    cleansingStepsTaken('INC-1234', toCleansing),
    [
      'Ticket INC-1234: checked in triage',
      "- Which of these fits the patient? → They can't remember their password, and can't access or recover their old email account",
      '- Has the patient only got low-level verification (P0)? → No, they have proved who they are, or not sure',
    ].join('\n'),
  );
  const advice = walk(lostEmail, ['neither', 'low-only', 'continue', 'no'], 'agent');
  t.match(cleansingStepsTaken('X', advice), "- The GP practice can reset the patient's online account → Done", 'agent wording; advice is "Done"');
});

t.test('the form from a triage: only the steps are filled in', async (t) => {
  const values = cleansingFormFromTriage('INC-1', toCleansing);
  t.match(values.stepsTaken, /^Ticket INC-1: checked in triage/);
  t.same({ ...values, stepsTaken: '' }, Object.fromEntries(Object.keys(values).map((k) => [k, ''])));
});

t.test('the shared checks speak to the sender; the agent reads about them', async (t) => {
  const errors = [
    { field: 'senderName' as const, href: '#sender-name', message: 'Enter your full name' },
    { field: 'senderName' as const, href: '#sender-name', message: 'Your name must be 100 characters or fewer' },
    { field: 'senderOdsCode' as const, href: '#sender-ods-code', message: "Enter your practice's ODS code" },
    { field: 'senderEmail' as const, href: '#sender-email', message: 'Enter your email address in the correct format, like name@example.com' },
    { field: 'stepsTaken' as const, href: '#steps-taken', message: 'Describe the steps taken so far, your way' },
  ];
  t.same(
    senderErrorsForAgent(errors).map((e) => e.message),
    [
      'Enter their full name',
      'Their name must be 100 characters or fewer',
      "Enter their practice's ODS code",
      'Enter their email address in the correct format, like name@example.com',
      'Describe the steps taken so far, your way',
    ],
  );
});

t.test('outcome words', async (t) => {
  t.equal(outcomeWords({ result: 'resolved', next: null }), 'Resolved');
  t.equal(outcomeWords({ result: 'not-resolved', next: null }), 'Not resolved');
  t.equal(outcomeWords({ result: 'not-resolved', next: 'escalation' }), 'Not resolved (next: escalate)');
  t.equal(outcomeWords({ result: 'not-resolved', next: 'contact-form' }), 'Not resolved (next: contact form)');
});

t.test('the plain-text summary for an escalation or the ticket', async (t) => {
  const text = triageSummaryText({
    triage: {
      ticketReference: 'INC-9',
      treeId: 'lost-email',
      treeVersion: 1,
      agent: { userId: 'u1', username: 'sam.agent' },
      startedAt: new Date('2026-03-02T10:00:00Z'),
      endedAt: new Date('2026-03-02T10:05:00Z'),
      outcome: { nodeId: 'cleansing', result: 'not-resolved', next: 'cleansing-request' },
    },
    treeTitle: 'Lost email',
    journey: toCleansing,
  });
  t.equal(
    text,
    [
      'Ticket: INC-9',
      'Problem: Lost email (tree lost-email, version 1)',
      'Triage by: sam.agent',
      'Started: 2 March 2026, 10:00am',
      'Ended: 2 March 2026, 10:05am',
      '',
      'Checked:',
      "- Which of these fits the patient? → They can't remember their password, and can't access or recover their old email account",
      '- Has the patient only got low-level verification (P0)? → No, they have proved who they are, or not sure',
      '',
      'Outcome: Raise an account-cleansing request',
      'Result: Not resolved (next: raise an account-cleansing request)',
    ].join('\n'),
  );
  const open = triageSummaryText({
    triage: { ticketReference: 'INC-9', treeId: 'lost-email', treeVersion: 1, agent: { userId: null, username: null }, startedAt: new Date(0), endedAt: null, outcome: null },
    treeTitle: 'Lost email',
    journey: walk(lostEmail, [], 'agent'),
  });
  t.match(open, 'Outcome: in progress');
  t.notMatch(open, 'Ended:');
});
