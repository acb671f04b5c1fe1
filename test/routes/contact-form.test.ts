import t from 'tap';
import { build, Client, errorSummary, heading, login } from '../helpers.js';

/** The can't-connect checks, answered to the ending that sends GP staff to the contact form. */
const TO_CONTACT_FORM = '/problems/cant-connect?answers=yes.yes.no.yes.continue.no';
const sender = {
  senderOdsCode: 'y12345',
  senderName: 'Pat Reception',
  senderEmail: 'Reception.Y12345@example.nhs.uk',
  errorCode: '',
  description: 'The patient still cannot connect to the practice after every check in the guide.',
  nhsNumberLast3: '',
};

/** Follows the ending's link to the form, fills it in and goes on to check your answers. */
async function fromEnding(gp: Client, typed: Record<string, string> = sender) {
  const ending = await gp.get(TO_CONTACT_FORM);
  const href = /href="(\/contact-form\?[^"]+)"/.exec(ending.body)?.[1]?.replace(/&amp;/g, '&');
  const form = await gp.get(href!);
  const posted = await gp.submit('/contact-form', typed);
  return { ending, form, posted, check: posted.statusCode === 303 ? await gp.get(String(posted.headers.location)) : posted };
}

t.test('a GP walks the checks to the contact form, the path already filled in, and gets a GPC reference', async (t) => {
  const { app } = await build(t);
  const gp = new Client(app);
  const { ending, form, check } = await fromEnding(gp);
  t.match(ending.body, /href="\/contact-form\?tree=cant-connect&amp;answers=yes\.yes\.no\.yes\.continue\.no"/, 'the ending links to the form with its path');
  t.equal(heading(form.body), 'Contact the service desk');
  t.match(form.body, 'What was checked');
  t.match(form.body, /→/, 'each question and answer is shown, read-only');
  t.notMatch(form.body, /<textarea[^>]*name="checked"/, 'never typed in');

  t.equal(check.statusCode, 200);
  t.equal(heading(check.body), 'Check your answers before sending the form');
  t.match(check.body, 'Y12345', 'the ODS code is upper-cased');
  t.match(check.body, 'href="/contact-form#description"', 'a Change link back to each field');
  const sent = await gp.submit('/contact-form/submit');
  t.equal(sent.statusCode, 303);
  const again = await gp.submit('/contact-form/submit');
  t.equal(again.headers.location, sent.headers.location, 'sending twice gets the same reference');
  const confirmation = await gp.get(String(sent.headers.location));
  t.equal(heading(confirmation.body), 'Contact form sent');
  const reference = /GPC-[A-Z0-9]{3}-[A-Z0-9]{3}/.exec(confirmation.body)?.[0];
  t.ok(reference, 'a reference with its own prefix');
  t.equal(await app.store.requests.count(), 1, 'stored once');

  const { client: agent } = await login(app, 'agent');
  const queue = await agent.get('/staff/requests?kind=contact');
  t.match(queue.body, reference!);
  t.match(queue.body, 'GP contact form');
  t.match(queue.body, 'R•••@example.nhs.uk', 'masked in the queue');
  t.equal((await agent.get('/staff/requests?kind=cleansing')).body.includes(reference!), false, 'the kind filter leaves it out');
  const page = await agent.get(`/staff/requests/${reference}`);
  t.match(page.body, 'Pat Reception');
  t.match(page.body, 'Reception.Y12345@example.nhs.uk');
  t.match(page.body, 'still cannot connect');
  t.match(page.body, /Can the patient|→/, 'what was checked, as the GP saw it');
});

t.test('the contact form with mistakes: the error summary, what was typed kept, a full NHS number never echoed', async (t) => {
  const { app } = await build(t);
  const gp = new Client(app);
  const { posted } = await fromEnding(gp, { ...sender, senderEmail: 'not an email', description: 'too short', nhsNumberLast3: '485 777 3456' });
  t.equal(posted.statusCode, 303, 'post/redirect/get');
  const form = await gp.get('/contact-form');
  t.equal(form.statusCode, 422);
  t.same(errorSummary(form.body).map((e) => e.href), ['#sender-email', '#description', '#nhs-number-last3']);
  t.match(form.body, 'value="Pat Reception"', 'what was typed is kept');
  const echoed = form.body.indexOf('485 777 3456');
  t.equal(echoed, -1, `no full NHS number on the page${echoed < 0 ? '' : `: …${form.body.slice(echoed - 200, echoed + 50)}`}`);
  t.match(form.body, '→', 'and the path is still there');
});

t.test('the contact form without a path: it asks for the checks first', async (t) => {
  const { app } = await build(t);
  const gp = new Client(app);
  await gp.get('/contact-form');
  await gp.submit('/contact-form', sender);
  const form = await gp.get('/contact-form');
  t.same(errorSummary(form.body).map((e) => e.href), ['#checked']);
  t.match(form.body, 'Start with the checks for the problem');
  // A made-up path is refused the same way, never stored as typed.
  await gp.get('/contact-form?tree=cant-connect&answers=nonsense.path');
  await gp.submit('/contact-form', sender);
  t.match(errorSummary((await gp.get('/contact-form')).body)[0]?.message, /could not be read/);
  t.equal(await app.store.requests.count(), 0);
});

t.test('GP staff check progress: status and last change for the right email, the same answer otherwise', async (t) => {
  const { app } = await build(t);
  const gp = new Client(app);
  await fromEnding(gp);
  const sent = await gp.submit('/contact-form/submit');
  const reference = /ref=([^&]+)/.exec(String(sent.headers.location))![1]!;
  await gp.get('/check-progress');
  const found = await gp.post('/check-progress', { reference: reference.toLowerCase().replace(/-/g, ' '), email: 'RECEPTION.y12345@example.nhs.uk' });
  t.equal(found.statusCode, 200);
  t.equal(heading(found.body), `Request ${reference}`);
  t.match(found.body, 'New');
  t.notMatch(found.body, 'Pat Reception', 'nothing else about the request');
  await gp.get('/check-progress');
  const wrongEmail = await gp.post('/check-progress', { reference, email: 'someone.else@example.nhs.uk' });
  const unknown = await gp.post('/check-progress', { reference: 'GPC-777-777', email: 'reception.y12345@example.nhs.uk' });
  t.equal(wrongEmail.statusCode, 422);
  t.same(errorSummary(wrongEmail.body), errorSummary(unknown.body), 'an unknown reference and a wrong email read the same');
  const empty = await gp.post('/check-progress', { reference: '', email: '' });
  t.same(errorSummary(empty.body).map((e) => e.href), ['#reference', '#email']);
});

t.test('check progress is rate limited like the forms', async (t) => {
  const { app } = await build(t, { PUBLIC_SUBMIT_RATE_LIMIT: 3 });
  const gp = new Client(app);
  await gp.get('/check-progress');
  const codes = [];
  for (let i = 0; i < 4; i++) codes.push((await gp.post('/check-progress', { reference: 'GPC-777-777', email: 'a@example.nhs.uk' })).statusCode);
  t.same(codes, [422, 422, 422, 429]);
});
