import t from 'tap';
import { build, Client, errorSummary, heading, hiddenField, hiddenFields, inputValue, login, textareaValue, title } from '../helpers.js';

const valid = {
  newEmail: 'jo.bloggs.new@example.com',
  oldEmail: 'jo.bloggs@oldmail.example',
  nhsNumberLast3: '847',
  lastAccessDay: '3',
  lastAccessMonth: '6',
  lastAccessYear: '2026',
  stepsTaken: 'Patient tried the forgotten password link but the old mailbox was closed by the provider and cannot be recovered.',
  senderName: 'Pat Reception',
  senderOdsCode: 'y12345',
  senderEmail: 'reception.y12345@example.nhs.uk',
};

/** Fills the form and reaches check-your-answers, as a person would. */
async function toCheckPage(client: Client, answers: Record<string, string> = valid) {
  await client.get('/cleansing-request');
  return client.post('/cleansing-request', answers);
}

t.test('GP staff walk from the lost-email questions to a stored request that an agent sees in the queue', async (t) => {
  const { app } = await build(t);
  const gp = new Client(app);

  // The lost-email tree: neither password nor old mailbox, and verified beyond low level.
  const outcome = await gp.get('/problems/lost-email?answers=neither.verified');
  t.match(outcome.body, 'href="/cleansing-request"');

  const check = await toCheckPage(gp);
  t.equal(check.statusCode, 200);
  t.equal(heading(check.body), 'Check your answers before sending the request');
  t.match(check.body, 'jo.bloggs.new@example.com');
  t.match(check.body, '3 June 2026');
  t.match(check.body, 'Y12345', 'the ODS code is shown upper-cased');

  const sent = await gp.submit('/cleansing-request/submit');
  t.equal(sent.statusCode, 303);
  const confirmation = await gp.get(String(sent.headers.location));
  t.equal(heading(confirmation.body), 'Cleansing request sent');
  const reference = /CLN-[A-Z0-9]{3}-[A-Z0-9]{3}/.exec(confirmation.body)?.[0];
  t.ok(reference, 'the confirmation shows a reference to read out');

  const { client: agent } = await login(app, 'agent');
  const queue = await agent.get('/staff/requests');
  t.equal(queue.statusCode, 200);
  t.match(queue.body, reference!);
  t.match(queue.body, 'j•••@example.com', 'emails are masked in the queue');
  t.notMatch(queue.body, 'jo.bloggs.new@example.com');

  const detail = await agent.get(`/staff/requests/${reference}`);
  t.equal(detail.statusCode, 200);
  for (const shown of ['jo.bloggs.new@example.com', 'jo.bloggs@oldmail.example', '847', '3 June 2026', 'Pat Reception', 'Y12345']) {
    t.match(detail.body, shown, `the full view shows ${shown}`);
  }

  const events = await app.store.audit.list({ limit: 20 });
  t.ok(events.some((e) => e.action === 'cleansing-request.created' && e.reference === reference && e.actor.userId === null));
  t.ok(events.some((e) => e.action === 'cleansing-request.viewed' && e.reference === reference && e.actor.userId !== null));
});

t.test('sending the same check page twice stores one request and shows the same reference', async (t) => {
  const { app } = await build(t);
  const gp = new Client(app);
  const check = await toCheckPage(gp);
  const form = hiddenFields(check.body);
  const first = await gp.post('/cleansing-request/submit', form);
  const second = await gp.post('/cleansing-request/submit', form);
  t.equal(first.statusCode, 303);
  t.equal(second.headers.location, first.headers.location, 'same reference both times');
  t.equal(await app.store.cleansing.count(), 1);
});

t.test('the check page posts every answer back; tampered answers are checked again', async (t) => {
  const { app } = await build(t);
  const gp = new Client(app);
  const check = await toCheckPage(gp);
  t.equal(hiddenField(check.body, 'newEmail'), valid.newEmail);
  // Only the fields of the form: submit the check page's fields with one changed.
  const fields = Object.fromEntries(Object.keys(valid).map((k) => [k, hiddenField(check.body, k) ?? '']));
  const tampered = await gp.post('/cleansing-request/submit', {
    ...fields,
    idempotencyKey: hiddenField(check.body, 'idempotencyKey')!,
    oldEmail: valid.newEmail,
  });
  t.equal(tampered.statusCode, 422);
  t.same(errorSummary(tampered.body).map((e) => e.href), ['#new-email']);
  t.equal(await app.store.cleansing.count(), 0, 'nothing stored');
});

t.test('Change on the check page returns to the form with every answer kept', async (t) => {
  const { app } = await build(t);
  const gp = new Client(app);
  await toCheckPage(gp);
  const form = await gp.submit('/cleansing-request/change');
  t.equal(form.statusCode, 200);
  t.equal(inputValue(form.body, 'new-email'), valid.newEmail);
  t.equal(inputValue(form.body, 'last-access-month'), '6');
  t.equal(textareaValue(form.body, 'steps-taken'), valid.stepsTaken);
});

t.test('bad answers come back with the error summary, the input kept, and nothing stored', async (t) => {
  const { app } = await build(t);
  const gp = new Client(app);
  const page = await toCheckPage(gp, {
    ...valid,
    newEmail: 'jo’bloggs@example.com',
    nhsNumberLast3: '943 476 5919',
    lastAccessDay: '31',
    lastAccessMonth: '2',
    senderOdsCode: 'Y1234O',
    stepsTaken: 'too short',
  });
  t.equal(page.statusCode, 422);
  t.match(title(page.body), /^Error: /);
  const errors = errorSummary(page.body);
  t.same(
    errors.map((e) => e.href),
    ['#new-email', '#nhs-number-last3', '#last-access-day', '#steps-taken', '#sender-ods-code'],
    'one error per wrong field, in page order, linking to the field',
  );
  t.match(errors[0]!.message, /character 3 is a curly apostrophe/);
  t.match(errors[1]!.message, /only the last 3 digits/i);
  t.match(errors[4]!.message, /It was probably the digit 0/);
  t.equal(inputValue(page.body, 'new-email'), 'jo’bloggs@example.com', 'what was typed is shown again');
  t.equal(inputValue(page.body, 'nhs-number-last3'), undefined, 'a full NHS number is not kept');
  t.equal(inputValue(page.body, 'old-email'), valid.oldEmail);
  t.equal(textareaValue(page.body, 'steps-taken'), 'too short');
  t.match(page.body, 'nhsuk-form-group--error');
  t.equal(await app.store.cleansing.count(), 0);
});

t.test('malformed submissions get the error page, never a 500, never reach the store', async (t) => {
  const { app } = await build(t);
  const cases: [string, Record<string, string | string[]>][] = [
    ['an unknown field', { ...valid, isAdmin: 'true' }],
    ['a repeated field', { ...valid, newEmail: ['a@example.com', 'b@example.com'] }],
  ];
  for (const [name, form] of cases) {
    const gp = new Client(app);
    await gp.get('/cleansing-request');
    const response = await gp.post('/cleansing-request', form);
    t.equal(response.statusCode, 400, name);
    t.match(heading(response.body), 'There is a problem with what was sent', name);
  }

  const gp = new Client(app);
  await gp.get('/cleansing-request');
  const token = gp.csrfToken()!;
  const json = await app.inject({
    method: 'POST',
    url: '/cleansing-request',
    headers: { 'content-type': 'application/json', 'csrf-token': token, cookie: String(gp.last!.headers['set-cookie']).split(';')[0]! },
    payload: JSON.stringify({ ...valid, newEmail: { $gt: '' } }),
  });
  t.equal(json.statusCode, 400, 'an object where a string belongs');

  const garbage = await app.inject({ method: 'POST', url: '/cleansing-request', headers: { 'content-type': 'application/json' }, payload: '{"newEmail": ' });
  t.ok(garbage.statusCode >= 400 && garbage.statusCode < 500, 'unparseable JSON is a 4xx');

  const noKey = new Client(app);
  const check = await toCheckPage(noKey);
  const fields = Object.fromEntries(Object.keys(valid).map((k) => [k, hiddenField(check.body, k) ?? '']));
  const badKey = await noKey.post('/cleansing-request/submit', { ...fields, idempotencyKey: 'not-a-uuid' });
  t.equal(badKey.statusCode, 400, 'a missing or forged idempotency key');
  t.equal(await app.store.cleansing.count(), 0);
});

t.test('a POST without the CSRF token is refused', async (t) => {
  const { app } = await build(t);
  const gp = new Client(app);
  await gp.get('/cleansing-request');
  const response = await gp.post('/cleansing-request', valid, { csrf: false });
  t.equal(response.statusCode, 403);
  t.equal(heading(response.body), 'This form has expired');
});

t.test('the confirmation page only shows references it signed', async (t) => {
  const { app } = await build(t);
  const page = await new Client(app).get('/cleansing-request/confirmation?ref=CLN-ACD-EFG&sig=forged');
  t.equal(page.statusCode, 404);
});

t.test('public submissions are rate limited', async (t) => {
  const { app } = await build(t, { PUBLIC_SUBMIT_RATE_LIMIT: 2 });
  const gp = new Client(app);
  const check = await toCheckPage(gp);
  const form = hiddenFields(check.body);
  t.equal((await gp.post('/cleansing-request/submit', form)).statusCode, 303);
  t.equal((await gp.post('/cleansing-request/submit', form)).statusCode, 303);
  const limited = await gp.post('/cleansing-request/submit', form);
  t.equal(limited.statusCode, 429);
  t.equal(heading(limited.body), 'Too many attempts');
});

t.test('neither email nor the 3 digits reach the log', async (t) => {
  const built = await build(t);
  const gp = new Client(built.app);
  await toCheckPage(gp);
  const sent = await gp.submit('/cleansing-request/submit');
  t.equal(sent.statusCode, 303);
  const { client: agent } = await login(built.app, 'agent');
  const reference = /ref=([^&]+)/.exec(String(sent.headers.location))![1]!;
  await agent.get(`/staff/requests/${reference}`);

  const text = built.logText();
  t.ok(built.logs.length > 5, 'the log was captured');
  for (const secret of [valid.newEmail, valid.oldEmail, valid.senderEmail, 'jo.bloggs', valid.senderName, valid.stepsTaken.slice(0, 30)]) {
    t.notOk(text.includes(secret), `log has no ${secret}`);
  }
  // The digits as a value anywhere in any log line (numbers like timings are not strings).
  const strings = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
  const withDigits = built.logs.flatMap(strings).filter((s) => /(^|[^0-9])847([^0-9]|$)/.test(s));
  t.same(withDigits, [], 'no log string contains the last 3 digits');
  t.ok(built.logs.some((l) => l.msg === 'request' && l.route === '/cleansing-request/submit'), 'one line per request, by route');
});
