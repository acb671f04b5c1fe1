import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { submitSample } from '../sample-cleansing-request.js';
import type { CleansingRequestInput } from '../../src/store/ports.js';
import { build, Client, decodeEntities, errorSummary, login } from '../helpers.js';

/** Agents work a cleansing request to done: moves, assigning, notes, conflicts. */

const signIn = login;

const stored = (app: FastifyInstance, { createdAt, ...overrides }: Partial<CleansingRequestInput> & { createdAt?: Date } = {}) =>
  submitSample(app, overrides, createdAt ? { at: createdAt } : {});

/** The page's words without tags, to read like the person does. */
const words = (html: string) => decodeEntities(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
const versionOn = (html: string) => /name="version" value="([0-9]+)"/.exec(html)?.[1] ?? '';

/** Opens the request page, then posts one of its forms with the version it shows. */
async function act(client: Client, reference: string, form: 'status' | 'assign' | 'notes', fields: Record<string, string>) {
  const page = await client.get(`/staff/requests/${reference}`);
  const version: Record<string, string> = form === 'notes' ? {} : { version: versionOn(page.body) };
  return client.post(`/staff/requests/${reference}/${form}`, { ...version, ...fields });
}

t.test('an agent takes a request through In progress and Waiting for practice to Completed', async (t) => {
  const { app } = await build(t);
  const { client, user } = await signIn(app, 'agent', 'Sam Agent');
  const r = await stored(app);
  const page = await client.get(`/staff/requests/${r.reference}`);
  t.match(words(page.body), /Status: New/);
  t.match(words(page.body), /Not assigned to anyone/);

  const steps: [string, Record<string, string>][] = [
    ['assign', { assign: 'me' }],
    ['status', { to: 'in-progress' }],
    ['status', { to: 'waiting-for-practice', text: 'Asked the practice to confirm the old email' }],
    ['status', { to: 'in-progress' }],
    ['status', { to: 'completed', text: 'Old email removed; the patient can sign up again with the new one' }],
  ];
  for (const [form, fields] of steps) t.equal((await act(client, r.reference, form as 'status', fields)).statusCode, 303, `${form} ${JSON.stringify(fields)}`);

  const done = words((await client.get(`/staff/requests/${r.reference}`)).body);
  t.match(done, /Status: Completed/);
  t.match(done, /Only a team lead can reopen it/, 'an agent is offered no move from Completed');
  for (const line of ['Assigned to Sam Agent', 'New → In progress', 'In progress → Waiting for practice', 'Waiting for practice → In progress', 'In progress → Completed', 'Old email removed; the patient can sign up again with the new one']) {
    t.ok(done.includes(line), `the history says "${line}"`);
  }
  const stateNow = await app.store.requests.findByReference(r.reference);
  t.match(stateNow, { status: 'completed', version: 6, assignee: { userId: user.id } });
  t.ok(stateNow?.closedAt, 'closing time kept');
  const actions = (await app.store.audit.list({ limit: 50 })).filter((e) => e.reference === r.reference).map((e) => e.action);
  t.equal(actions.filter((a) => a === 'request.status-changed').length, 4, 'every move audited');
  t.equal(actions.filter((a) => a === 'request.assigned').length, 1, 'the assignment audited');
});

t.test('two agents on one request: the second save gets the conflict message with both versions, nothing overwritten', async (t) => {
  const { app } = await build(t, {}, () => new Date(Date.UTC(2026, 5, 2, 13, 5)));
  const sam = (await signIn(app, 'agent', 'Sam Agent')).client;
  const alex = (await signIn(app, 'agent', 'Alex Agent')).client;
  const r = await stored(app);
  const samPage = await sam.get(`/staff/requests/${r.reference}`);
  const alexPage = await alex.get(`/staff/requests/${r.reference}`);
  t.equal((await sam.post(`/staff/requests/${r.reference}/status`, { version: versionOn(samPage.body), to: 'in-progress' })).statusCode, 303);
  t.ok(alexPage.body);
  const late = await alex.post(`/staff/requests/${r.reference}/assign`, { version: versionOn(alexPage.body), assign: 'me' });
  t.equal(late.statusCode, 409);
  // 13:05 UTC in June is 14:05 in London.
  t.same(errorSummary(late.body).map((e) => e.message), ['This request was changed by Sam Agent at 14:05']);
  const text = words(late.body);
  t.match(text, /Your version Version 1 What you tried Assign it to you/);
  t.match(text, /The saved version Version 2 Status In progress Assigned to Nobody/);
  t.match(await app.store.requests.findByReference(r.reference), { status: 'in-progress', version: 2, assignee: null }, 'nothing overwritten');

  const stale = await alex.post(`/staff/requests/${r.reference}/status`, { version: '1', to: 'in-progress', text: '' });
  t.equal(stale.statusCode, 409, 'a stale move too');
  t.equal((await app.store.requests.history(r.id)).length, 1);
});

t.test('rejecting needs a reason from the list and words; the history shows both', async (t) => {
  const { app } = await build(t);
  const { client } = await signIn(app, 'agent', 'Sam Agent');
  const r = await stored(app);
  await act(client, r.reference, 'status', { to: 'in-progress' });
  const bare = await act(client, r.reference, 'status', { to: 'rejected', reason: '', text: '' });
  t.equal(bare.statusCode, 422);
  t.same(errorSummary(bare.body), [
    { href: '#move-reason', message: 'Select why the request is rejected' },
    { href: '#move-text', message: 'Explain why the request is rejected' },
  ]);
  t.equal((await act(client, r.reference, 'status', { to: 'rejected', reason: 'information-missing-or-wrong', text: 'The old email given does not match' })).statusCode, 303);
  const page = words((await client.get(`/staff/requests/${r.reference}`)).body);
  t.match(page, /In progress → Rejected.*The information is missing or wrong.*The old email given does not match/);
});

t.test('forged and not-allowed moves get a clear message and change nothing', async (t) => {
  const { app } = await build(t);
  const { client } = await signIn(app, 'agent', 'Sam Agent');
  const r = await stored(app);
  const cases: [Record<string, string>, number, string][] = [
    [{ to: 'completed', text: 'x' }, 409, 'A request that is New cannot be moved to Completed'],
    [{ to: 'archived' }, 409, 'Select a status this request can move to'],
    [{ to: 'new' }, 409, 'This request is already New'],
  ];
  for (const [fields, status, message] of cases) {
    const response = await act(client, r.reference, 'status', fields);
    t.equal(response.statusCode, status, JSON.stringify(fields));
    t.same(errorSummary(response.body).map((e) => e.message), [message]);
  }
  t.equal((await client.post(`/staff/requests/${r.reference}/status`, { version: 'one', to: 'in-progress' })).statusCode, 400, 'a version that is not a number');
  t.equal((await client.post(`/staff/requests/${r.reference}/assign`, { version: '1', assign: 'someone' })).statusCode, 400);
  t.equal((await client.post('/staff/requests/CLN-AAA-AAA/status', { version: '1', to: 'in-progress' })).statusCode, 404);
  t.match(await app.store.requests.findByReference(r.reference), { status: 'new', version: 1 });
});

t.test('a team lead reopens a completed request with a reason; an agent cannot', async (t) => {
  const { app } = await build(t);
  const agent = (await signIn(app, 'agent', 'Sam Agent')).client;
  const lead = (await signIn(app, 'team-lead', 'Lee Lead')).client;
  const r = await stored(app);
  await act(agent, r.reference, 'status', { to: 'in-progress' });
  await act(agent, r.reference, 'status', { to: 'completed', text: 'Cleansed' });
  // The agent's page offers no move now; a crafted post is refused.
  const refused = await agent.post(`/staff/requests/${r.reference}/status`, { version: '3', to: 'in-progress', text: 'Wrong account' });
  t.equal(refused.statusCode, 409);
  t.same(errorSummary(refused.body).map((e) => e.message), ['Only a team lead can move a request that is Completed to In progress']);
  const leadPage = words((await lead.get(`/staff/requests/${r.reference}`)).body);
  t.match(leadPage, /Reopen: In progress/, 'the team lead is offered Reopen');
  t.equal((await act(lead, r.reference, 'status', { to: 'in-progress', text: '' })).statusCode, 422, 'a reason is needed');
  t.equal((await act(lead, r.reference, 'status', { to: 'in-progress', text: 'The practice sent the wrong old email' })).statusCode, 303);
  t.match(await app.store.requests.findByReference(r.reference), { status: 'in-progress', closedAt: null });
});

t.test('notes: a full NHS number is refused; an email or a date of birth is held until confirmed', async (t) => {
  const { app } = await build(t);
  const { client } = await signIn(app, 'agent', 'Sam Agent');
  const r = await stored(app);
  const refused = await act(client, r.reference, 'notes', { text: 'Patient NHS number 943 476 5919' });
  t.equal(refused.statusCode, 422);
  t.same(errorSummary(refused.body).map((e) => e.message), ['Remove the NHS number at character 20. A note must not contain a full NHS number']);
  t.match(refused.body, /943 476 5919<\/textarea>/, 'what was typed is kept');

  for (const text of ['Practice said to write to practice.manager@example.nhs.uk', 'Spoke to them, DOB 01/02/1985']) {
    const held = await act(client, r.reference, 'notes', { text });
    t.equal(held.statusCode, 422, `held: ${text}`);
    t.match(errorSummary(held.body)[0]?.message, /Remove it, or confirm it is not the patient's/);
    t.match(held.body, /name="confirm"/, 'with a confirmation checkbox');
    const token = /name="heldToken" value="([^"]+)"/.exec(held.body)?.[1] ?? '';
    t.equal((await client.post(`/staff/requests/${r.reference}/notes`, { text, heldToken: token })).statusCode, 422, 'not without the box ticked');
    t.equal((await client.post(`/staff/requests/${r.reference}/notes`, { text, heldToken: token, confirm: 'yes' })).statusCode, 303, 'saved once confirmed');
  }
  t.equal((await act(client, r.reference, 'notes', { text: 'Called the practice back' })).statusCode, 303);
  const notes = await app.store.requests.notes(r.id);
  t.same(notes.map((n) => [n.text, n.confirmedNotPatient]), [
    ['Practice said to write to practice.manager@example.nhs.uk', true],
    ['Spoke to them, DOB 01/02/1985', true],
    ['Called the practice back', false],
  ]);
  t.match(words((await client.get(`/staff/requests/${r.reference}`)).body), /Sam Agent.*Called the practice back/);
  t.equal((await app.store.audit.list({ limit: 50 })).filter((e) => e.action === 'request.note-added').length, 3);
});

t.test('the queue: filters, masked emails, age in working days with old requests marked, keyset pages', async (t) => {
  // Thursday 4 June 2026, noon in London.
  const now = new Date(Date.UTC(2026, 5, 4, 11));
  const { app } = await build(t, { REQUEST_AGEING_DAYS: 3 }, () => now);
  const { client } = await signIn(app, 'agent', 'Sam Agent');
  const day = (d: number) => new Date(Date.UTC(2026, 5, d, 9));
  const fresh = await stored(app, { createdAt: day(3), senderOdsCode: 'A11111' }); // Wednesday: 1 working day
  const old = await stored(app, { createdAt: day(1), senderOdsCode: 'B22222' }); // Monday: 3 working days
  const older = await stored(app, { createdAt: new Date(Date.UTC(2026, 4, 28, 9)), senderOdsCode: 'B22222' }); // Thursday before: 5

  const all = await client.get('/staff/requests');
  t.equal(all.statusCode, 200);
  const text = words(all.body);
  t.notOk(all.body.includes('jo.new@example.com'), 'emails masked');
  t.ok(text.includes('j•••@example.com'));
  const row = (reference: string) => new RegExp(`${reference}[^]*?(?=CLN-|$)`).exec(text)?.[0] ?? '';
  t.match(row(fresh.reference), /Age 1 working day Status New/);
  t.notMatch(row(fresh.reference), /Over 3 working days/);
  t.match(row(older.reference), /5 working days Over 3 working days/);

  const refs = async (query: string) => {
    const response = await client.get(`/staff/requests?${query}`);
    return [...new Set([...response.body.matchAll(/\/staff\/requests\/(CLN-[A-Z0-9-]+)"/g)].map((m) => m[1]))];
  };
  t.same(await refs(''), [fresh.reference, old.reference, older.reference], 'newest first');
  t.same(await refs('order=oldest'), [older.reference, old.reference, fresh.reference]);
  t.same(await refs('ods=b22222'), [old.reference, older.reference], 'by practice');
  t.same(await refs('older=3'), [older.reference], 'older than 3 working days');
  t.same(await refs(`q=${fresh.reference.toLowerCase().replace(/-/g, ' ')}`), [fresh.reference], 'by reference as read out');
  t.same(await refs('assigned=nobody'), [fresh.reference, old.reference, older.reference]);
  t.same(await refs('assigned=me'), []);
  await act(client, old.reference, 'assign', { assign: 'me' });
  t.same(await refs('assigned=me'), [old.reference], 'My requests');
  const bad = await client.get('/staff/requests?status=lost&older=many');
  t.equal(bad.statusCode, 422);
  t.same(errorSummary(bad.body).map((e) => e.href), ['#filter-status', '#filter-older']);
});

t.test('the queue pages by cursor: Older and Newer links walk every request once', async (t) => {
  const { app } = await build(t);
  const { client } = await signIn(app, 'agent', 'Sam Agent');
  const base = Date.UTC(2026, 0, 5, 9);
  const made = [];
  for (let i = 0; i < 120; i++) made.push((await stored(app, { createdAt: new Date(base + i * 60_000) })).reference);
  const link = (html: string, rel: string) => decodeEntities(new RegExp(`href="([^"]+)" rel="${rel}"`).exec(html)?.[1] ?? '');
  const seen: string[] = [];
  let page = await client.get('/staff/requests');
  const firsts: string[] = [];
  for (let i = 0; i < 5; i++) {
    const refs = [...new Set([...page.body.matchAll(/\/staff\/requests\/(CLN-[A-Z0-9-]+)"/g)].map((m) => m[1]!))];
    firsts.push(refs[0]!);
    seen.push(...refs);
    const next = link(page.body, 'next');
    if (!next) break;
    page = await client.get(next);
  }
  t.same(seen, [...made].reverse(), 'every request once, newest first');
  t.same([firsts.length, link(page.body, 'next')], [3, ''], 'three pages, the last with no Older link');
  const back = await client.get(link(page.body, 'prev'));
  t.equal([...back.body.matchAll(/\/staff\/requests\/(CLN-[A-Z0-9-]+)"/g)][0]?.[1], firsts[1], 'Newer goes back a page');
  const top = await client.get(link(back.body, 'prev'));
  t.equal([...top.body.matchAll(/\/staff\/requests\/(CLN-[A-Z0-9-]+)"/g)][0]?.[1], firsts[0], 'and to the first');
  t.equal(link(top.body, 'prev'), '', 'the first page has no Newer link');
});
