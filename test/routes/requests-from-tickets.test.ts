import t from 'tap';
import { build, errorSummary, heading, hiddenField, login } from '../helpers.js';

/** Agents write up either kind of request from a phone or email ticket, through the same checks. */

const contact = {
  senderOdsCode: 'B86022',
  senderName: 'Pat Reception',
  senderEmail: 'pat.reception@example.nhs.uk',
  errorCode: '3Rswtr',
  description: 'The caller says the patient still sees 3R after the practice checked the registration.',
  nhsNumberLast3: '',
  treeId: '',
  answers: '',
};

t.test('an agent writes up a contact form from a phone ticket: the ticket is required, then it is in the queue', async (t) => {
  const { app } = await build(t);
  const { client, user } = await login(app, 'agent');
  const choose = await client.get('/staff/requests/new');
  t.match(choose.body, 'href="/staff/requests/new/contact"');
  await client.get('/staff/requests/new/contact');
  const key = hiddenField(client.last!.body, 'idempotencyKey')!;
  const missing = await client.post('/staff/requests/new/contact', { ...contact, ticketReference: '', senderEmail: 'nope', idempotencyKey: key });
  t.equal(missing.statusCode, 422);
  t.same(errorSummary(missing.body).map((e) => e.href), ['#ticket-reference', '#sender-email']);
  t.match(errorSummary(missing.body)[1]?.message, /their email address/i, 'the checks speak of the caller, not the agent');
  t.match(missing.body, 'value="Pat Reception"', 'what was typed is kept');

  const saved = await client.post('/staff/requests/new/contact', { ...contact, ticketReference: 'INC-5150', idempotencyKey: key });
  t.equal(saved.statusCode, 303);
  const again = await client.post('/staff/requests/new/contact', { ...contact, ticketReference: 'INC-5150', idempotencyKey: key });
  t.equal(again.headers.location, saved.headers.location, 'a double click saves once');
  const page = await client.get(String(saved.headers.location));
  t.match(heading(page.body), /^GPC-/);
  t.match(page.body, 'Ticket INC-5150, written up by the service desk');
  t.match(page.body, `Request received: New`);
  t.match(page.body, user.displayName, 'the timeline names the agent who wrote it up');
  const found = await client.get('/staff/requests?q=INC-5150');
  t.match(found.body, /GPC-[A-Z0-9]{3}-[A-Z0-9]{3}/, 'the queue finds it by its ticket reference');
  const event = (await app.store.audit.list({ limit: 20 })).find((e) => e.action === 'request.created');
  t.match(event, { actor: { userId: user.id } }, 'created by the agent, in the log');
});

t.test('a triage that ends at the contact form opens it with the ticket and the path filled in', async (t) => {
  const { app } = await build(t);
  const { client } = await login(app, 'agent');
  await client.get('/staff/triage');
  const started = await client.post('/staff/triage', { ticketReference: 'INC-77', treeId: 'cant-connect', errorCode: '' });
  let step = await client.get(String(started.headers.location));
  for (const answer of ['yes', 'yes', 'no', 'yes', 'continue', 'no']) {
    const version = hiddenField(step.body, 'version')!;
    const answered = await client.post(`${String(started.headers.location)}/answer`, { version, answer });
    step = await client.get(String(answered.headers.location));
  }
  const href = /href="(\/staff\/requests\/new\/contact\?[^"]+)"/.exec(step.body)?.[1]?.replace(/&amp;/g, '&');
  t.ok(href, 'the outcome offers the contact form');
  const form = await client.get(href!);
  t.match(form.body, 'value="INC-77"');
  t.match(form.body, '→', 'with what the triage checked');
  const saved = await client.post('/staff/requests/new/contact', { ...contact, treeId: hiddenField(form.body, 'treeId')!, answers: hiddenField(form.body, 'answers')!, ticketReference: 'INC-77', idempotencyKey: hiddenField(form.body, 'idempotencyKey')! });
  t.equal(saved.statusCode, 303);
  const page = await client.get(String(saved.headers.location));
  t.match(page.body, 'Ticket INC-77');
  t.match(page.body, 'version 1', 'the tree version it was checked against');
});

t.test('a cleansing request whose old email matches an open one is flagged on both, never to the sender', async (t) => {
  const { app } = await build(t);
  const { client } = await login(app, 'agent');
  const write = async (ticket: string, oldEmail: string) => {
    await client.get('/staff/requests/new/cleansing');
    const response = await client.post('/staff/requests/new/cleansing', {
      ticketReference: ticket, idempotencyKey: hiddenField(client.last!.body, 'idempotencyKey')!,
      newEmail: 'jo.new@example.com', oldEmail, nhsNumberLast3: '919', lastAccessDay: '', lastAccessMonth: '', lastAccessYear: '',
      stepsTaken: 'The patient cannot get into the old mailbox and does not remember the password.', senderName: 'Pat', senderOdsCode: 'Y12345', senderEmail: 'pat@example.nhs.uk',
    });
    t.equal(response.statusCode, 303, `written up from ${ticket}`);
    return String(response.headers.location).split('/').pop()!;
  };
  const first = await write('INC-1', 'jo.old@example.com');
  const second = await write('INC-2', 'JO.OLD@example.com');
  const other = await write('INC-3', 'someone.else@example.com');
  t.match((await client.get(`/staff/requests/${second}`)).body, `Possible duplicate of <a href="/staff/requests/${first}">${first}</a>`);
  t.match((await client.get(`/staff/requests/${first}`)).body, `Possible duplicate of <a href="/staff/requests/${second}">${second}</a>`, 'on both');
  t.notMatch((await client.get(`/staff/requests/${other}`)).body, 'Possible duplicate');
  t.match((await client.get('/staff/requests')).body, 'Possible duplicate', 'and in the queue');
});
