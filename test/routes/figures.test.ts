import t from 'tap';
import { submitSample } from '../sample-cleansing-request.js';
import type { CleansingRequestInput } from '../../src/store/ports.js';
import { build, Client, errorSummary, inputValue, login } from '../helpers.js';

const NOW = new Date('2026-03-10T12:00:00Z'); // a Tuesday

/** The rows of the table with this caption, as text (each cell's narrow-screen heading left out). */
function table(html: string, caption: string): string[][] {
  const start = html.search(new RegExp(`>\\s*${caption}</caption>`));
  if (start < 0) return [];
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html.slice(start))?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) =>
      cell[1]!.replace(/<span class="nhsuk-table__heading"[^>]*>[\s\S]*?<\/span>/g, '').replace(/<[^>]+>/g, '').replace(/&#39;/g, "'").trim(),
    ),
  );
}

const input = (senderOdsCode: string): CleansingRequestInput => ({
  newEmail: 'new.address@example.com',
  oldEmail: 'old.address@example.com',
  nhsNumberLast3: '919',
  lastAccessDate: null,
  stepsTaken: 'Patient tried the forgotten password link; old mailbox was closed by the provider.',
  senderName: 'Pat Practice',
  senderOdsCode,
  senderEmail: 'reception@example.nhs.uk',
});

t.test('the figures page is for team leads only, and in their menu', async (t) => {
  const { app } = await build(t, {}, () => NOW);
  const { client: agent } = await login(app, 'agent');
  t.equal((await agent.get('/staff/figures')).statusCode, 403);
  t.equal((await new Client(app).get('/staff/figures')).statusCode, 303, 'signed out: to the sign-in page');
  t.notMatch((await agent.get('/staff/requests')).body, 'href="/staff/figures"');
  const { client: lead } = await login(app, 'team-lead');
  t.match((await lead.get('/staff/requests')).body, 'href="/staff/figures"');
});

t.test('journeys, requests and triages, each as a chart with the same figures in a table', async (t) => {
  const { app } = await build(t, {}, () => NOW);
  // Three GP journeys, step by step: one to a cleansing request, one to an ending with no
  // form (not covered by the guidance), one that stops at the first question.
  for (const steps of [['', 'neither', 'neither.verified'], ['', 'other'], ['']]) {
    const gp = new Client(app);
    for (const answers of steps) await gp.get(`/problems/lost-email${answers ? `?answers=${answers}` : ''}`);
  }
  await app.journeyTally.flush(app.store.journeys);
  // Requests: sent on a Monday and a Friday from one practice, today by an agent for another.
  const { user: agent } = await login(app, 'agent');
  await submitSample(app, input('Y12345'), { at: new Date('2026-03-02T10:00:00Z') });
  await submitSample(app, input('Y12345'), { at: new Date('2026-03-06T10:00:00Z') });
  await submitSample(app, input('B86022'), { at: new Date('2026-03-10T09:00:00Z'), by: { userId: agent.id, username: agent.username, displayName: agent.displayName } });
  const triage = await app.store.triage.start({ ticketReference: 'INC-1', treeId: 'lost-email', treeVersion: 1, agent: { userId: agent.id, username: agent.username }, startedAt: NOW });
  await app.store.triage.update(triage.id, 1, { steps: [], outcome: { nodeId: 'resolved', result: 'resolved', next: null }, endedAt: NOW });

  const { client } = await login(app, 'team-lead');
  const page = await client.get('/staff/figures');
  t.equal(page.statusCode, 200);
  t.equal(inputValue(page.body, 'from'), '', 'no range typed: the default');
  t.match(page.body, 'Showing 2025-12-11 to 2026-03-10.', 'the last 90 days, today included');

  const lostEmail = app.trees.get('lost-email')!.title as string;
  t.same(
    table(page.body, 'Journeys per tree').find((row) => row[0] === lostEmail),
    [lostEmail, '3', '1', '1', '50%'],
    'started 3; one ended without a form, one at a cleansing request',
  );
  t.match(page.body, '50% of the 2 GP journeys that ended did so without a contact form or cleansing request.');
  t.same(table(page.body, 'GP journeys by day'), [['2026-03-10', '3', '1', '1']], 'only days with figures are listed');
  t.same(table(page.body, 'Where people most often stop'), [[lostEmail, 'Which of these fits the patient?', '3', '2', '1']]);

  t.same(table(page.body, 'Requests by day'), [
    ['2026-03-02', '1', '0'],
    ['2026-03-06', '1', '0'],
    ['2026-03-10', '0', '1'],
  ], 'by day: public form, raised by an agent');
  t.same(table(page.body, 'Practices with the most requests'), [
    ['Y12345', '2'],
    ['B86022', '1'],
  ]);
  t.same(table(page.body, 'Open requests by age'), [
    ['1 working day', '2'],
    ['3 working days', '1'],
    ['5 working days', '1'],
  ], 'Monday’s is 6 working days old, Friday’s 2, today’s 0');
  t.same(table(page.body, 'Triages finished per agent'), [[agent.username, '1']]);

  const charts = [...page.body.matchAll(/<svg [^>]*role="img" aria-labelledby="([^"]+)" aria-describedby="([^"]+)"[^>]*>/g)];
  t.same(table(page.body, 'Requests by kind and status'), [['Account cleansing: New', '3']]);
  t.same(table(page.body, 'Requests by source'), [['Online form', '2'], ['Written up from a ticket', '1']]);
  t.same(table(page.body, 'Practices with the most requests: GP contact form'), [], 'no contact forms yet');
  t.same(table(page.body, 'Time from New to Completed'), [['Requests completed', '0'], ['Median time to complete', 'None completed']]);
  // Every figure with something to draw has its chart; the rest say there is nothing yet.
  t.equal(charts.length, 10, 'a chart for each figure, named and described');
  for (const [, name, desc] of charts) for (const id of [name!, desc!]) t.match(page.body, `id="${id}"`, `${id} is on the page`);
  t.notMatch(page.body, /style=|<script(?![^>]*src=)/, 'no inline style or script');
  t.match(page.body, 'No requests were completed in this range.');
});

t.test('a range that is not real, backwards or too long: the error summary, 422, input kept', async (t) => {
  const { app } = await build(t, {}, () => NOW);
  const { client } = await login(app, 'team-lead');
  const cases: Array<[string, string, Array<[string, string]>]> = [
    // from, to, errors [href, message]
    ['2026-02-30', '', [['#from', 'Enter the start date as a real date, for example 2026-03-01']]],
    ['', 'March', [['#to', 'Enter the end date as a real date, for example 2026-03-31']]],
    ['2026-03-05', '2026-03-01', [['#to', 'The end date must be the same as or after the start date']]],
    ['2025-01-01', '2026-03-01', [['#to', 'The date range must be 366 days or fewer']]],
  ];
  for (const [from, to, errors] of cases) {
    const page = await client.get(`/staff/figures?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    t.equal(page.statusCode, 422, `${from} to ${to}`);
    t.same(errorSummary(page.body).map((e) => [e.href, e.message]), errors);
    t.equal(inputValue(page.body, 'from'), from, 'start kept');
    t.equal(inputValue(page.body, 'to'), to, 'end kept');
    t.match(page.body, /<title>Error: /);
  }
  const one = await client.get('/staff/figures?from=2026-03-01&to=2026-03-01');
  t.equal(one.statusCode, 200, 'a single day');
  t.match(one.body, 'Showing 2026-03-01 to 2026-03-01.');
  const onlyTo = await client.get('/staff/figures?to=2026-03-31');
  t.match(onlyTo.body, 'Showing 2026-01-01 to 2026-03-31.', 'only an end: the 90 days up to it');
  t.equal((await client.get('/staff/figures?from=2026-03-01&extra=1')).statusCode, 400, 'an unknown field');
});
