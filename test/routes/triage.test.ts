import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { build, Client, errorSummary, heading, hiddenField, inputValue, login, textareaValue, title } from '../helpers.js';
import { BACK } from '../../src/triage/steps.js';

const START = new Date('2026-03-02T10:00:00Z');

/** The app on a clock that moves on a minute every time it is read, so step times differ. */
async function buildWithClock(t: Test) {
  let minutes = 0;
  const built = await build(t, {}, () => new Date(START.getTime() + minutes++ * 60_000));
  return built.app;
}

/** Starts a triage through the form; returns its page path. */
async function startTriage(client: Client, form: { ticketReference: string; treeId?: string; errorCode?: string }): Promise<string> {
  await client.get('/staff/triage');
  const response = await client.post('/staff/triage', { treeId: '', errorCode: '', ...form });
  if (response.statusCode !== 303) throw new Error(`start failed: ${response.statusCode}`);
  return String(response.headers.location);
}

/** Answers the step shown at `path` as a browser would: its version, plus the answer. */
async function answer(client: Client, path: string, value: string) {
  const page = await client.get(path);
  return client.post(`${path}/answer`, { answer: value, version: hiddenField(page.body, 'version') ?? '' });
}

async function record(app: FastifyInstance, path: string) {
  const found = await app.store.triage.findById(path.split('/').pop()!);
  if (!found) throw new Error(`no triage at ${path}`);
  return found;
}

t.test('an agent triages ticket INC-1234 on error 3R to an outcome, and the record has every step', async (t) => {
  const app = await buildWithClock(t);
  const { client, user } = await login(app, 'agent');

  const list = await client.get('/staff/triage');
  t.equal(list.statusCode, 200);
  t.match(list.body, 'href="/staff/triage"', 'the staff header links to triage');
  t.match(list.body, 'Error 3R: the patient cannot log in', 'trees listed in agent wording');

  const path = await startTriage(client, { ticketReference: '  INC-1234 ', treeId: 'error-3r' });
  t.match(path, /^\/staff\/triage\/[0-9a-f-]{36}$/);
  const first = await client.get(path);
  t.equal(first.statusCode, 200);
  t.match(first.body, 'Ticket INC-1234');

  for (const value of ['yes', 'continue', 'no']) {
    const answered = await answer(client, path, value);
    t.equal(answered.statusCode, 303, `answer ${value}`);
    t.equal(answered.headers.location, path);
  }

  const outcome = await client.get(path);
  t.match(outcome.body, 'Not resolved');
  t.match(outcome.body, `href="${path}/summary"`, 'an escalation outcome offers the summary');

  const stored = await record(app, path);
  t.equal(stored.ticketReference, 'INC-1234', 'trimmed');
  t.equal(stored.treeId, 'error-3r');
  t.equal(stored.treeVersion, app.trees.get('error-3r')!.version);
  t.same(stored.agent, { userId: user.id, username: user.username });
  t.same(
    stored.steps.map((s) => [s.nodeId, s.answer]),
    [
      ['registered', 'yes'],
      ['check-spine', 'continue'],
      ['logged-in', 'no'],
    ],
  );
  t.ok(stored.steps.every((s) => s.at instanceof Date && s.at > stored.startedAt), 'each step has its time');
  t.ok(stored.steps[0]!.at < stored.steps[2]!.at, 'in order');
  t.same(stored.outcome, { nodeId: 'escalate', result: 'not-resolved', next: 'escalation' });
  t.same(stored.endedAt, stored.steps[2]!.at, 'ended when the outcome was reached');

  const events = await app.store.audit.list({ limit: 20 });
  const started = events.find((e) => e.action === 'triage.started');
  t.equal(started?.reference, stored.id, 'audited by triage id');
  t.equal(started?.actor.userId, user.id);

  const summary = await client.get(`${path}/summary`);
  t.equal(summary.statusCode, 200);
  const text = textareaValue(summary.body, 'summary') ?? '';
  t.match(text, 'Ticket: INC-1234');
  t.match(text, 'Is the patient registered');
  t.match(text, /Result: Not resolved \(next: escalate\)/);

  const recent = await client.get('/staff/triage');
  t.match(recent.body, `href="${path}"`);
  t.match(recent.body, 'Not resolved (next: escalate)');

  const anotherPath = await startTriage(client, { ticketReference: 'SD/2026/7', errorCode: '3Rswtr' });
  t.equal((await record(app, anotherPath)).treeId, 'error-3r', 'an error code finds the tree');
  t.match((await client.get('/staff/triage')).body, 'In progress');
  t.equal((await client.get(`${anotherPath}/summary`)).statusCode, 303, 'no summary before the end');
});

t.test('the start form: NHS.UK errors, what was typed kept, malformed bodies refused', async (t) => {
  const { app } = await build(t);
  const { client } = await login(app, 'agent');
  await client.get('/staff/triage');

  const empty = await client.post('/staff/triage', { ticketReference: ' ', treeId: '', errorCode: '' });
  t.equal(empty.statusCode, 422);
  t.match(title(empty.body), /^Error: Triage/);
  t.same(errorSummary(empty.body), [
    { href: '#ticket-reference', message: 'Enter the ticket reference' },
    { href: '#tree-id', message: 'Select the problem the patient has, or enter the NHS App error code' },
  ]);

  const bad = await client.post('/staff/triage', { ticketReference: 'INC 1234!', treeId: '', errorCode: '9Z' });
  t.equal(bad.statusCode, 422);
  t.same(
    errorSummary(bad.body).map((e) => e.href),
    ['#ticket-reference', '#error-code'],
  );
  t.match(errorSummary(bad.body)[0]?.message, 'must only include letters, numbers, hyphens (-) and slashes (/)');
  t.match(errorSummary(bad.body)[1]?.message, /We do not have a tree for the error code 9Z/);
  t.equal(inputValue(bad.body, 'ticket-reference'), 'INC 1234!', 'input kept');
  t.equal(inputValue(bad.body, 'error-code'), '9Z');

  const long = await client.post('/staff/triage', { ticketReference: 'X'.repeat(41), treeId: 'lost-email', errorCode: '' });
  t.same(errorSummary(long.body), [{ href: '#ticket-reference', message: 'Ticket reference must be 40 characters or fewer' }]);
  t.match(long.body, /value="lost-email" checked/, 'the chosen tree kept');

  t.equal((await client.post('/staff/triage', { ticketReference: ['A', 'B'], treeId: '', errorCode: '' })).statusCode, 400);
  t.equal((await client.post('/staff/triage', { ticketReference: 'A', treeId: '', errorCode: '', extra: 'x' })).statusCode, 400);
  t.equal(await app.store.triage.count(), 0, 'nothing started');
});

t.test('going back removes the last answer, and reopens a finished triage', async (t) => {
  const { app } = await build(t);
  const { client } = await login(app, 'agent');
  const path = await startTriage(client, { ticketReference: 'INC-1', treeId: 'error-3r' });
  const firstQuestion = heading((await client.get(path)).body);

  t.equal((await answer(client, path, 'no')).statusCode, 303);
  t.ok((await record(app, path)).outcome, 'finished on "not registered"');

  const page = await client.get(path);
  const back = await client.post(`${path}/back`, { version: hiddenField(page.body, 'version')! });
  t.equal(back.statusCode, 303);
  t.equal(heading((await client.get(path)).body), firstQuestion, 'back at the first question');

  const stored = await record(app, path);
  t.same(
    stored.steps.map((s) => s.answer),
    ['no', BACK],
    'the log keeps the answer and the step back',
  );
  t.equal(stored.outcome, null);
  t.equal(stored.endedAt, null);

  const again = await client.post(`${path}/back`, { version: String(stored.version) });
  t.equal(again.statusCode, 303, 'nothing to undo at the start');
  t.equal((await record(app, path)).steps.length, 2, 'and nothing stored');
});

t.test('an answer that is not valid at the current step is refused and not stored', async (t) => {
  const { app } = await build(t);
  const { client } = await login(app, 'agent');
  const path = await startTriage(client, { ticketReference: 'INC-2', treeId: 'error-3r' });

  for (const value of ['made-up', '', 'continue', BACK]) {
    const refused = await answer(client, path, value);
    t.equal(refused.statusCode, 422, `"${value}"`);
    t.same(errorSummary(refused.body), [{ href: '#answer', message: 'Select the answer that fits' }]);
  }
  const stored = await record(app, path);
  t.same(stored.steps, []);
  t.equal(stored.version, 1);
  t.equal((await client.post(`${path}/answer`, { answer: 'yes', version: 'one' })).statusCode, 400);
});

t.test('a stale version gets 409 and changes nothing', async (t) => {
  const { app } = await build(t);
  const { client } = await login(app, 'agent');
  const path = await startTriage(client, { ticketReference: 'INC-3', treeId: 'error-3r' });
  const version = hiddenField((await client.get(path)).body, 'version')!;

  // Another window answers first.
  t.equal((await client.post(`${path}/answer`, { answer: 'yes', version })).statusCode, 303);
  const before = await record(app, path);

  const stale = await client.post(`${path}/answer`, { answer: 'no', version });
  t.equal(stale.statusCode, 409);
  t.same(errorSummary(stale.body), [
    { href: '#answers-so-far', message: 'This triage was changed in another window. Check the answers and try again' },
  ]);
  t.equal(hiddenField(stale.body, 'version'), String(before.version), 'the page now carries the current version');
  t.equal((await client.post(`${path}/back`, { version })).statusCode, 409, 'going back too');
  t.same(await record(app, path), before, 'nothing changed');
});

t.test('agents see only their own triages; a team lead can open any', async (t) => {
  const { app } = await build(t);
  const { client: owner } = await login(app, 'agent');
  const { client: other } = await login(app, 'agent');
  const { client: lead } = await login(app, 'team-lead');
  const path = await startTriage(owner, { ticketReference: 'INC-4', treeId: 'error-3r' });

  t.equal((await other.get(path)).statusCode, 404);
  await other.get('/staff/triage');
  t.equal((await other.post(`${path}/answer`, { answer: 'yes', version: '1' })).statusCode, 404);
  t.equal((await other.get(`${path}/summary`)).statusCode, 404);
  t.notMatch((await other.get('/staff/triage')).body, 'INC-4', 'not in their list');
  t.equal((await lead.get(path)).statusCode, 200);
  t.equal((await owner.get('/staff/triage/not-an-id')).statusCode, 404);
  t.equal((await owner.get('/staff/triage/00000000-0000-4000-8000-000000000000')).statusCode, 404);
});

t.test('lost email to the cleansing outcome: the pre-filled form creates a request the queue shows', async (t) => {
  const { app } = await build(t);
  const { client, user } = await login(app, 'agent');
  const path = await startTriage(client, { ticketReference: 'INC-1234', treeId: 'lost-email' });
  t.equal((await client.get(`${path}/cleansing-request`)).statusCode, 404, 'not before the outcome');
  for (const value of ['neither', 'verified']) t.equal((await answer(client, path, value)).statusCode, 303, value);

  const outcome = await client.get(path);
  t.equal(heading(outcome.body), 'Raise an account-cleansing request', 'agent wording');
  t.match(outcome.body, `href="${path}/cleansing-request"`);

  const form = await client.get(`${path}/cleansing-request`);
  t.equal(form.statusCode, 200);
  t.match(form.body, `action="${path}/cleansing-request"`);
  const steps = textareaValue(form.body, 'steps-taken') ?? '';
  t.match(steps, /^Ticket INC-1234: checked in triage\n/);
  t.match(steps, "Which of these fits the patient? → They can't remember their password, and can't access or recover their old email account");
  t.match(steps, 'Has the patient only got low-level verification (P0)? → No, they have proved who they are, or not sure');

  const details = {
    newEmail: 'new.person@example.com',
    oldEmail: 'old.person@example.com',
    nhsNumberLast3: '919',
    lastAccessDay: '',
    lastAccessMonth: '',
    lastAccessYear: '',
    senderName: 'Pat Practice',
    senderOdsCode: 'Y12345',
    senderEmail: 'pat.practice@example.com',
    stepsTaken: steps,
  };
  const missing = await client.submit(`${path}/cleansing-request`, { ...details, senderName: '', senderEmail: '' });
  t.equal(missing.statusCode, 422);
  t.same(
    errorSummary(missing.body).map((e) => e.message),
    ['Enter their full name', 'Enter their email address'],
  );
  t.equal(textareaValue(missing.body, 'steps-taken'), steps, 'steps kept');

  const sent = await client.submit(`${path}/cleansing-request`, details);
  t.equal(sent.statusCode, 303);
  const location = String(sent.headers.location);
  t.match(location, /^\/staff\/requests\/CLN-/);
  const reference = location.split('/').pop()!;

  const again = await client.post(`${path}/cleansing-request`, { ...details, idempotencyKey: hiddenField(missing.body, 'idempotencyKey')! });
  t.equal(again.headers.location, location, 'a repeated send finds the same request');
  t.equal(await app.store.requests.count(), 1);

  const shown = await client.get(location);
  t.equal(shown.statusCode, 200);
  t.match(shown.body, 'Ticket INC-1234: checked in triage');
  t.match(shown.body, 'Which of these fits the patient?');

  const events = await app.store.audit.list({ limit: 50 });
  const created = events.filter((e) => e.action === 'triage.cleansing-request-created');
  t.equal(created.length, 1);
  t.equal(created[0]?.reference, reference);
  t.equal(created[0]?.actor.userId, user.id);
  t.equal(events.find((e) => e.action === 'request.created')?.actor.userId, user.id, 'sent by the agent, not anonymous');
});

t.test('a check step runs the linkage checker; only its result is stored', async (t) => {
  const { app } = await build(t);
  const { client } = await login(app, 'agent');
  const path = await startTriage(client, { ticketReference: 'INC-5', treeId: 'pin-document' });
  t.equal((await answer(client, path, 'yes')).statusCode, 303);

  const step = await client.get(path);
  t.match(step.body, `action="${path}/check"`);
  const version = hiddenField(step.body, 'version')!;
  const blank = { linkage: '', accountId: '', odsCode: '', previousLinkage: '', printedDay: '', printedMonth: '', printedYear: '' };
  const empty = await client.post(`${path}/check`, { ...blank, version });
  t.equal(empty.statusCode, 422);
  t.same(
    errorSummary(empty.body).map((e) => e.href),
    ['#linkage', '#account-id', '#ods-code'],
  );

  const typed = { ...blank, linkage: 'Secret/Key!9', accountId: '1234567890', odsCode: 'Y12345' };
  const checked = await client.post(`${path}/check`, { ...typed, version });
  t.equal(checked.statusCode, 200);
  t.equal(hiddenField(checked.body, 'answer'), 'pass');
  t.equal((await answer(client, path, 'nonsense')).statusCode, 422, 'a made-up result is refused');
  t.equal((await client.post(`${path}/answer`, { answer: 'pass', version })).statusCode, 303);

  const stored = await record(app, path);
  t.same(
    stored.steps.map((s) => [s.nodeId, s.answer]),
    [
      ['has-document', 'yes'],
      ['check-details', 'pass'],
    ],
  );
  t.notMatch(JSON.stringify(stored), 'Secret/Key!9', 'the typed details are not stored');
  t.equal((await client.post(`${path}/check`, { ...typed, version: String(stored.version) })).statusCode, 400, 'not at a check step any more');
});

t.test('a triage walked on an older tree version says so and keeps its version', async (t) => {
  const { app } = await build(t);
  const { client, user } = await login(app, 'agent');
  const tree = app.trees.get('error-3r')!;
  const old = await app.store.triage.start({
    ticketReference: 'INC-6',
    treeId: tree.id,
    treeVersion: tree.version + 1,
    agent: { userId: user.id, username: user.username },
    startedAt: new Date(),
  });
  const page = await client.get(`/staff/triage/${old.id}`);
  t.match(page.body, `started with version ${tree.version + 1} of these checks`);
  t.equal((await client.post(`/staff/triage/${old.id}/answer`, { answer: 'yes', version: '1' })).statusCode, 303);
  t.equal((await app.store.triage.findById(old.id))?.treeVersion, tree.version + 1, 'the record keeps the version it started with');
});

t.test('the triage pages need a sign-in', async (t) => {
  const { app } = await build(t);
  const anonymous = new Client(app);
  const list = await anonymous.get('/staff/triage');
  t.equal(list.statusCode, 303);
  t.equal(list.headers.location, '/staff/sign-in?next=%2Fstaff%2Ftriage');
  const step = await anonymous.get('/staff/triage/00000000-0000-4000-8000-000000000000');
  t.equal(step.headers.location, '/staff/sign-in?next=%2Fstaff%2Ftriage%2F00000000-0000-4000-8000-000000000000');
  t.equal((await anonymous.post('/staff/triage', { ticketReference: 'INC-1', treeId: 'error-3r', errorCode: '' }, { csrf: false })).statusCode, 401);
});

t.test('finishing a triage is recorded in the audit log, by triage id', async (t) => {
  const { app } = await build(t);
  const { client, user } = await login(app, 'agent');
  const path = await startTriage(client, { ticketReference: 'INC-7', treeId: 'error-3r' });
  await answer(client, path, 'no');
  const id = path.split('/').at(-1)!;
  const finished = await app.store.audit.search({ action: 'triage.finished', limit: 5 });
  t.same(finished.map((e) => [e.reference, e.actor.userId]), [[id, user.id]]);
});
