import t from 'tap';
import { VALID_ANSWERS } from '../cleansing-answers.js';
import { build, Client, errorSummary, heading, hiddenField, hiddenFields, inputValue, login, textareaValue, title } from '../helpers.js';

const valid = VALID_ANSWERS;

/** Fills the form and follows the redirect to check-your-answers (or back to the form with its errors), as a browser would. */
async function toCheckPage(client: Client, answers: Record<string, string> = valid) {
  await client.get('/cleansing-request');
  const posted = await client.post('/cleansing-request', answers);
  if (posted.statusCode !== 303) return posted;
  return client.get(String(posted.headers.location));
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
  t.ok(events.some((e) => e.action === 'request.created' && e.reference === reference && e.actor.userId === null));
  t.ok(events.some((e) => e.action === 'request.viewed' && e.reference === reference && e.actor.userId !== null));
});

t.test('sending the same check page twice (or at once) stores one request and shows the same reference', async (t) => {
  const { app } = await build(t);
  const gp = new Client(app);
  const check = await toCheckPage(gp);
  const form = hiddenFields(check.body);
  const first = await gp.post('/cleansing-request/submit', form);
  const second = await gp.post('/cleansing-request/submit', form);
  t.equal(first.statusCode, 303);
  t.equal(second.headers.location, first.headers.location, 'same reference both times');
  t.equal(await app.store.requests.count(), 1);

  const other = new Client(app);
  const otherForm = hiddenFields((await toCheckPage(other)).body);
  const atOnce = await Promise.all([1, 2, 3].map(() => other.post('/cleansing-request/submit', otherForm)));
  t.equal(new Set(atOnce.map((r) => r.headers.location)).size, 1, 'a triple click: one reference');
  t.equal(await app.store.requests.count(), 2);
});

t.test('post/redirect/get: each step is a GET; the answers live server-side, encrypted, not in the page', async (t) => {
  const { app } = await build(t);
  const gp = new Client(app);
  await gp.get('/cleansing-request');
  const posted = await gp.post('/cleansing-request', valid);
  t.equal(posted.statusCode, 303);
  t.equal(posted.headers.location, '/cleansing-request/check');
  t.match(String(posted.headers['set-cookie']), /cleansing-draft=[^;]+; Max-Age=3600; Path=\/cleansing-request; HttpOnly; SameSite=Lax/);
  const check = await gp.get('/cleansing-request/check');
  t.equal(check.statusCode, 200);
  t.same(Object.keys(hiddenFields(check.body)), ['_csrf'], 'the check page carries no answers');
  t.equal(hiddenField(check.body, 'newEmail'), undefined);
  t.equal((await gp.get('/cleansing-request/check')).statusCode, 200, 'and can be fetched again (Back, reload)');
  t.equal((await new Client(app).get('/cleansing-request/check')).headers.location, '/cleansing-request', 'another browser has no draft');

  const sent = await gp.submit('/cleansing-request/submit');
  t.equal(sent.statusCode, 303);
  const back = await gp.get('/cleansing-request/check');
  t.equal(back.statusCode, 303, 'Back from the confirmation: the answers are gone');
  t.equal(back.headers.location, '/cleansing-request');
  t.notOk(inputValue((await gp.get('/cleansing-request')).body, 'new-email'), 'an empty form for the next request');
});

t.test('Change on the check page returns to the form with every answer kept', async (t) => {
  const { app } = await build(t);
  const gp = new Client(app);
  const check = await toCheckPage(gp);
  t.match(check.body, 'href="/cleansing-request#new-email"');
  const form = await gp.get('/cleansing-request');
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
  t.equal(await app.store.requests.count(), 0);
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

  const extra = new Client(app);
  await toCheckPage(extra);
  const answersBack = await extra.post('/cleansing-request/submit', { ...valid, idempotencyKey: 'not-a-uuid' });
  t.equal(answersBack.statusCode, 400, 'answers posted to the submit step are not taken');
  t.equal(await app.store.requests.count(), 0);
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

t.test('drafts: encrypted at rest under a key file made beside the database, gone after DRAFT_MINUTES, purged', async (t) => {
  let at = Date.now();
  const built = await build(t, { DRAFT_MINUTES: 60 }, () => new Date(at));
  const { app } = built;
  const gp = new Client(app);
  await gp.get('/cleansing-request');
  await gp.post('/cleansing-request', valid);
  const { default: Database } = await import('better-sqlite3');
  const { config } = app;
  const db = new Database(config.SQLITE_PATH, { readonly: true });
  const rows = db.prepare('SELECT id, ciphertext FROM drafts').all() as { id: string; ciphertext: string }[];
  db.close();
  t.equal(rows.length, 1);
  for (const secret of [valid.newEmail, 'bloggs', valid.senderName, '847']) t.notMatch(rows[0]!.ciphertext, secret, `no ${secret} in the store`);
  t.notMatch(gp.cookieHeaderValue(), rows[0]!.id, 'the store keeps a hash of the cookie, not the cookie');
  const { existsSync, statSync } = await import('node:fs');
  const { dirname, join } = await import('node:path');
  const keyFile = join(dirname(config.SQLITE_PATH), 'data.key');
  t.ok(existsSync(keyFile), 'the key file sits beside the database');
  t.equal(statSync(keyFile).mode & 0o777, 0o600);

  at += 59 * 60_000;
  t.equal((await gp.get('/cleansing-request/check')).statusCode, 200, 'still there after 59 minutes');
  at += 2 * 60_000;
  t.equal((await gp.get('/cleansing-request/check')).headers.location, '/cleansing-request', 'gone after 61');
  t.equal(await app.store.drafts.purgeExpired(new Date(at)), 1, 'and purged');
});

t.test('control characters and a year of 0000 are refused in the cleansing form, field by field, with a clear message', async (t) => {
  const { app } = await build(t);
  const cases: [keyof typeof valid, string, string, RegExp][] = [
    ['stepsTaken', `${valid.stepsTaken}\u0000`, '#steps-taken', /Steps taken so far must not include control characters: character \d+ is a null character \(U\+0000\)/],
    ['stepsTaken', `Patient tried \u001b[31m everything we could think of`, '#steps-taken', /U\+001B/],
    ['senderName', 'Pat\u0085Reception', '#sender-name', /Your name must not include control characters/],
    ['newEmail', 'jo\u0000@example.com', '#new-email', /./],
    ['oldEmail', 'jo@example.com\u0007', '#old-email', /./],
    ['senderEmail', 'reception@example.nhs.uk\u0000', '#sender-email', /./],
    ['senderOdsCode', 'Y1234\u0000', '#sender-ods-code', /./],
    ['nhsNumberLast3', '84\u0000', '#nhs-number-last3', /./],
    ['lastAccessYear', '0000', '#last-access-year', /Date of last successful access must be in 1900 or later/],
  ];
  for (const [field, value, href, message] of cases) {
    const gp = new Client(app);
    const page = await toCheckPage(gp, { ...valid, [field]: value });
    t.equal(page.statusCode, 422, `${field}: ${JSON.stringify(value)}`);
    t.match(errorSummary(page.body), [{ href, message }], `${field}: ${JSON.stringify(value)}`);
  }
  t.equal(await app.store.requests.count(), 0);
});
