import { join } from 'node:path';
import t from 'tap';
import { ROOT } from '../../src/paths.js';
import { loadTrees } from '../../src/trees/load.js';
import { parseStartForm } from '../../src/triage/start-form.js';

const trees = await loadTrees(join(ROOT, 'fixtures', 'trees'));
const form = (values: Partial<Record<'ticketReference' | 'treeId' | 'errorCode', string>>) =>
  parseStartForm({ ticketReference: '', treeId: '', errorCode: '', ...values }, trees);

t.test('ticket references: trimmed; 1 to 40 letters, digits, hyphens and slashes', async (t) => {
  const cases: Array<[string, string | null]> = [
    ['INC-1234', null],
    ['  SD/2026/0007 ', null],
    ['a'.repeat(40), null],
    ['', 'Enter the ticket reference'],
    ['   ', 'Enter the ticket reference'],
    ['a'.repeat(41), 'Ticket reference must be 40 characters or fewer'],
    ['INC 1234', 'Ticket reference must only include letters, numbers, hyphens (-) and slashes (/)'],
    ['INC_1234', 'Ticket reference must only include letters, numbers, hyphens (-) and slashes (/)'],
    ['<script>', 'Ticket reference must only include letters, numbers, hyphens (-) and slashes (/)'],
  ];
  for (const [ticketReference, message] of cases) {
    const result = form({ ticketReference, treeId: 'error-3r' });
    if (message === null) t.same(result.ok && result.value.ticketReference, ticketReference.trim(), ticketReference);
    else t.same(!result.ok && result.errors, [{ field: 'ticketReference', href: '#ticket-reference', message }], ticketReference);
  }
});

t.test('the tree: chosen, or found by error code; a chosen tree wins', async (t) => {
  const tree = (values: Parameters<typeof form>[0]) => {
    const result = form({ ticketReference: 'INC-1', ...values });
    return result.ok ? result.value.tree.id : result.errors.map((e) => `${e.href} ${e.message}`);
  };
  t.equal(tree({ treeId: 'lost-email' }), 'lost-email');
  t.equal(tree({ errorCode: '3Rswtr' }), 'error-3r');
  t.equal(tree({ errorCode: ' error code 3F ' }), 'error-3f');
  t.equal(tree({ treeId: 'lost-email', errorCode: '3R' }), 'lost-email');
  t.same(tree({}), ['#tree-id Select the problem the patient has, or enter the NHS App error code']);
  t.same(tree({ treeId: 'no-such-tree' }), ['#tree-id Select the problem the patient has']);
  t.match(tree({ errorCode: '9Z' }), [/^#error-code We do not have a tree for the error code 9Z\. Codes we know start with 3C, 3F, 3R/]);
  t.same(tree({ errorCode: 'x'.repeat(21) }), ['#error-code Error code must be 20 characters or fewer']);
});

t.test('every problem at once, in page order', async (t) => {
  const result = form({ ticketReference: '', errorCode: '9Z' });
  t.same(!result.ok && result.errors.map((e) => e.field), ['ticketReference', 'errorCode']);
});
