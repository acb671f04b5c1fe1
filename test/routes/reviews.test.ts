import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { submitSample } from '../sample-cleansing-request.js';
import { build, Client, decodeEntities, errorSummary, heading, hiddenField, textareaValue, login } from '../helpers.js';

/** Four-eyes review: team leads mark requests and days as reviewed and raise queries; the agent asked answers. */

const signIn = login;

const stored = (app: FastifyInstance) => submitSample(app);

/** The page's words without tags, to read like the person does. */
const words = (html: string) => decodeEntities(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
const versionOn = (html: string) => /name="version" value="([0-9]+)"/.exec(html)?.[1] ?? '';
/** The selected option's value in a select. */
const selected = (html: string, id: string) => new RegExp(`<select[^>]*id="${id}"[\\s\\S]*?<option value="([^"]*)" selected`).exec(html)?.[1];
const events = async (app: FastifyInstance, action: string) => (await app.store.audit.list({ limit: 500 })).filter((e) => e.action === action);

/** Sam takes the request, so a query about it goes to Sam unless the lead picks someone else. */
async function assignedTo(client: Client, reference: string) {
  const page = await client.get(`/staff/requests/${reference}`);
  const response = await client.post(`/staff/requests/${reference}/assign`, { version: versionOn(page.body), assign: 'me' });
  if (response.statusCode !== 303) throw new Error(`assign failed: ${response.statusCode}`);
}

t.test('a team lead raises a query, the agent sees it on their home page and answers it; all of it is on the request and in the log', async (t) => {
  const { app } = await build(t);
  const lee = await signIn(app, 'team-lead', 'Lee Lead');
  const sam = await signIn(app, 'agent', 'Sam Agent');
  const r = await stored(app);
  await assignedTo(sam.client, r.reference);

  const leadView = await lee.client.get(`/staff/requests/${r.reference}`);
  t.match(words(leadView.body), /No queries have been raised about this request/);
  t.equal(selected(leadView.body, 'query-review-to'), '', 'the query goes to the assignee by default');
  t.match(words(leadView.body), /Sam Agent \(worked on this request\)/);
  const raised = await lee.client.post(`/staff/requests/${r.reference}/queries`, { to: '', comment: 'Why is this in progress without a note from the practice?' });
  t.equal(raised.statusCode, 303);
  t.equal(raised.headers.location, `/staff/requests/${r.reference}#review`);

  const home = words((await sam.client.get('/staff')).body);
  t.match(home, /You have 1 open review query to answer/, "the agent's home counts it");
  const list = await sam.client.get('/staff/queries');
  t.match(words(list.body), new RegExp(`Request ${r.reference} Raised .* By Lee Lead Query Why is this in progress without a note from the practice\\?`));
  t.notMatch(words(list.body), /Every open query/, 'an agent sees only their own');
  t.match(words((await lee.client.get('/staff/queries')).body), /Every open query .*Sam Agent/, "a lead sees everyone's");

  const agentView = await sam.client.get(`/staff/requests/${r.reference}`);
  t.match(words(agentView.body), /Raised .* by Lee Lead, for you/);
  t.notMatch(agentView.body, /Raise the query|Mark as reviewed/, 'an agent is offered neither mark nor raise');
  const query = (await app.store.reviews.queriesAbout(r.reference))[0]!;
  const answered = await sam.client.post(`/staff/queries/${query.id}/answer`, { answer: 'The practice rang; I have added a note with what they said.' });
  t.equal(answered.statusCode, 303);
  t.equal(answered.headers.location, `/staff/requests/${r.reference}#query-${query.id}`);

  const after = words((await lee.client.get(`/staff/requests/${r.reference}`)).body);
  t.match(after, /The practice rang; I have added a note with what they said\. Sam Agent, /, 'the answer is on the request');
  t.match(words((await sam.client.get('/staff')).body), /You have no open review queries/);

  const again = await sam.client.post(`/staff/queries/${query.id}/answer`, { answer: 'From another tab' });
  t.equal(again.statusCode, 409, 'a second answer (another tab) is refused');
  t.match(words(again.body), /Sam Agent answered this query first, at .* Your answer was not saved/);
  t.match(words(again.body), /What you wrote \(not saved\) From another tab/, 'with what they wrote, to copy');
  t.equal((await app.store.reviews.findQuery(query.id))?.answer?.text, 'The practice rang; I have added a note with what they said.', 'the first answer stays');

  for (const action of ['review.query-raised', 'review.query-answered']) {
    const recorded = await events(app, action);
    t.same(recorded.map((e) => [e.reference, e.actor.username]), [[r.reference, action === 'review.query-raised' ? 'lee.lead' : 'sam.agent']], `${action}: once, by reference only`);
  }
});

t.test('query and answer forms: the error summary, what was typed kept, 422; the personal-data guard', async (t) => {
  const { app } = await build(t);
  const lee = await signIn(app, 'team-lead', 'Lee Lead');
  const sam = await signIn(app, 'agent', 'Sam Agent');
  const alex = await signIn(app, 'agent', 'Alex Agent');
  const r = await stored(app);
  await lee.client.get(`/staff/requests/${r.reference}`);
  const url = `/staff/requests/${r.reference}/queries`;
  const cases: { what: string; form: { to: string; comment: string }; errors: RegExp[] }[] = [
    { what: 'nobody worked on it yet and nobody was picked', form: { to: '', comment: 'Please check the sender' }, errors: [/^Select the agent the query is for$/] },
    { what: 'an empty query', form: { to: sam.user.id, comment: '   ' }, errors: [/^Enter the query/] },
    { what: 'a full NHS number', form: { to: sam.user.id, comment: 'Is 943 476 5919 right?' }, errors: [/^Remove the NHS number at character 4\. The query must not contain a full NHS number$/] },
    { what: 'too long', form: { to: sam.user.id, comment: 'x'.repeat(1001) }, errors: [/^The query must be 1,000 characters or fewer$/] },
    { what: 'a control character', form: { to: sam.user.id, comment: 'bell\u0007' }, errors: [/must not include control characters: character 5/] },
    { what: 'someone who is not an agent', form: { to: lee.user.id, comment: 'To myself' }, errors: [/^Select someone else/] },
    { what: 'an unknown person', form: { to: 'no-such-id', comment: 'Who?' }, errors: [/^Select an agent from the list/] },
  ];
  for (const c of cases) {
    const response = await lee.client.post(url, c.form);
    t.equal(response.statusCode, 422, `${c.what}: 422`);
    const summary = errorSummary(response.body).map((e) => e.message);
    t.equal(summary.length, c.errors.length, `${c.what}: ${JSON.stringify(summary)}`);
    c.errors.forEach((pattern, i) => t.match(summary[i], pattern));
    t.match(heading(response.body), new RegExp(`Raise a query about ${r.reference}`));
    if (c.form.comment.trim()) t.equal(textareaValue(response.body, 'query-review-text'), c.form.comment, `${c.what}: the query kept`);
  }

  const held = await lee.client.post(url, { to: alex.user.id, comment: 'The practice wrote from pm@example.nhs.uk, is that fine?' });
  t.equal(held.statusCode, 422, 'an email address is held');
  t.match(errorSummary(held.body)[0]?.message, /There is an email address at character 25/);
  t.equal(selected(held.body, 'query-review-to'), alex.user.id, 'the pick kept');
  const confirmed = await lee.client.post(url, { to: alex.user.id, comment: 'The practice wrote from pm@example.nhs.uk, is that fine?', heldToken: hiddenField(held.body, 'heldToken')!, confirm: 'yes' });
  t.equal(confirmed.statusCode, 303, 'and goes once confirmed not the patient’s');
  const query = (await app.store.reviews.queriesAbout(r.reference))[0]!;
  t.equal(query.to.displayName, 'Alex Agent', 'to the agent picked');

  await sam.client.get('/staff/queries');
  const notYours = await sam.client.post(`/staff/queries/${query.id}/answer`, { answer: 'Not mine' });
  t.equal(notYours.statusCode, 403, 'only the agent asked answers');
  await alex.client.get(`/staff/requests/${r.reference}`);
  const empty = await alex.client.post(`/staff/queries/${query.id}/answer`, { answer: '' });
  t.equal(empty.statusCode, 422);
  t.same(errorSummary(empty.body), [{ href: `#answer-${query.id}-text`, message: 'Enter your answer to the query' }]);
  const nhs = await alex.client.post(`/staff/queries/${query.id}/answer`, { answer: 'Checked 9434765919' });
  t.equal(nhs.statusCode, 422);
  t.match(errorSummary(nhs.body)[0]?.message, /Your answer must not contain a full NHS number/);
  t.equal(textareaValue(nhs.body, `answer-${query.id}-text`), 'Checked 9434765919', 'the answer kept');
  t.equal((await alex.client.post('/staff/queries/00000000-0000-4000-8000-000000000000/answer', { answer: 'x' })).statusCode, 404);
});

t.test('a team lead marks a request as reviewed once, however often they press the button', async (t) => {
  const { app } = await build(t);
  const lee = await signIn(app, 'team-lead', 'Lee Lead');
  const kim = await signIn(app, 'team-lead', 'Kim Lead');
  const r = await stored(app);
  const before = await lee.client.get(`/staff/requests/${r.reference}`);
  t.match(words(before.body), /No team lead has marked this request as reviewed/);
  t.equal((await lee.client.post(`/staff/requests/${r.reference}/review`, { comment: 'Steps and sender checked' })).statusCode, 303);
  t.equal((await lee.client.post(`/staff/requests/${r.reference}/review`, { comment: 'again' })).statusCode, 303);
  await kim.client.get(`/staff/requests/${r.reference}`);
  t.equal((await kim.client.post(`/staff/requests/${r.reference}/review`, {})).statusCode, 303, 'a second lead may review it too');
  const page = words((await lee.client.get(`/staff/requests/${r.reference}`)).body);
  t.match(page, /Team lead Lee Lead When .* Comment Steps and sender checked Team lead Kim Lead When .* Comment None/, 'each lead once, with their comment');
  t.match(page, /You have marked this request as reviewed/);
  t.same((await events(app, 'review.request-reviewed')).map((e) => [e.reference, e.actor.username]).reverse(), [[r.reference, 'lee.lead'], [r.reference, 'kim.lead']], 'one event per lead');

  const held = await lee.client.post(`/staff/requests/${r.reference}/review`, { comment: 'DOB 01/02/1980 checked' });
  t.equal(held.statusCode, 422, 'a comment passes the same guard');
  t.match(errorSummary(held.body)[0]?.message, /a date that looks like a date of birth at character 5/);
  t.equal((await lee.client.post('/staff/requests/CLN-NOT-HERE/review', {})).statusCode, 404);
});

t.test("a team lead marks a day's events as reviewed from the audit log filtered to that day", async (t) => {
  const now = new Date('2026-11-20T15:00:00Z');
  const { app } = await build(t, {}, () => now);
  const lee = await signIn(app, 'team-lead', 'Lee Lead');
  const unfiltered = await lee.client.get('/staff/audit');
  t.notMatch(unfiltered.body, /Mark this day as reviewed/, 'only offered for one day');
  t.notMatch((await lee.client.get('/staff/audit?from=2026-11-19&to=2026-11-20')).body, /Mark this day as reviewed/, 'not for a range');

  const day = await lee.client.get('/staff/audit?from=2026-11-19&to=2026-11-19');
  t.match(words(day.body), /Review of 19 November 2026 No team lead has marked this day’s events as reviewed yet/);
  const marked = await lee.client.post('/staff/reviews/days', { day: '2026-11-19', comment: '' });
  t.equal(marked.statusCode, 303);
  t.equal(marked.headers.location, '/staff/audit?from=2026-11-19&to=2026-11-19#day-review');
  t.equal((await lee.client.post('/staff/reviews/days', { day: '2026-11-19' })).statusCode, 303, 'twice is still once');
  const after = await lee.client.get('/staff/audit?from=2026-11-19&to=2026-11-19');
  t.match(words(after.body), /Reviewed by Lee Lead, 20 November 2026, 3:00pm/);
  t.notMatch(after.body, /Mark this day as reviewed/, 'not offered again to the same lead');
  t.same((await events(app, 'review.day-reviewed')).map((e) => e.reference), ['2026-11-19'], 'one event, the day as its reference');

  const list = words((await lee.client.get('/staff/reviews')).body);
  t.match(list, /Day 19 November 2026 : its events Reviewed by Lee Lead, 20 November 2026, 3:00pm/);

  t.notMatch((await lee.client.get('/staff/audit?from=2026-11-21&to=2026-11-21')).body, /Mark this day as reviewed/, 'a day to come is not offered');
  const future = await lee.client.post('/staff/reviews/days', { day: '2026-11-21' });
  t.equal(future.statusCode, 422);
  t.match(errorSummary(future.body)[0]?.message, /21 November 2026 has not started yet/);
  t.equal((await lee.client.post('/staff/reviews/days', { day: '2026-02-30' })).statusCode, 400, 'not a day: not from the page');
  const held = await lee.client.post('/staff/reviews/days', { day: '2026-11-18', comment: 'Checked jo@example.com' });
  t.equal(held.statusCode, 422);
  t.equal(textareaValue(held.body, 'day-review-text'), 'Checked jo@example.com');
  t.equal(hiddenField(held.body, 'day'), '2026-11-18', 'the day kept');
});

t.test("a team lead reviews a random sample of a day's completed requests", async (t) => {
  const { app } = await build(t);
  const lee = await signIn(app, 'team-lead', 'Lee Lead');
  const sam = await signIn(app, 'agent', 'Sam Agent');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  /** Sam works a request through to Completed (or only to In progress), as on the request page. */
  async function worked(to: 'completed' | 'in-progress') {
    const r = await stored(app);
    await assignedTo(sam.client, r.reference);
    const moves: Record<string, string>[] = [{ to: 'in-progress' }, ...(to === 'completed' ? [{ to: 'completed', text: 'Old email removed from the account' }] : [])];
    for (const move of moves) {
      const page = await sam.client.get(`/staff/requests/${r.reference}`);
      const response = await sam.client.post(`/staff/requests/${r.reference}/status`, { version: versionOn(page.body), ...move });
      if (response.statusCode !== 303) throw new Error(`move failed: ${response.statusCode}`);
    }
    return r.reference;
  }
  const completed = [await worked('completed'), await worked('completed'), await worked('completed')];
  const open = await worked('in-progress');
  await lee.client.get(`/staff/requests/${completed[0]}`);
  t.equal((await lee.client.post(`/staff/requests/${completed[0]}/review`, {})).statusCode, 303);

  const form = await lee.client.get('/staff/reviews/sample');
  t.equal(form.statusCode, 200);
  t.equal(heading(form.body), 'Review a sample');
  const all = await lee.client.get(`/staff/reviews/sample?day=${today}&size=10`);
  const picked = [...all.body.matchAll(/href="\/staff\/requests\/([^"#]+)#review"/g)].map((m) => m[1]);
  t.same([...picked].sort(), [...completed].sort(), 'every completed request of the day, and only those');
  t.notOk(picked.includes(open), 'not one still in progress');
  t.match(words(all.body), /3 of the 3 requests completed that day, picked at random/);
  t.match(words(all.body), /Reviewed by Lee Lead/, 'with who has reviewed each');

  const share = words((await lee.client.get(`/staff/reviews/sample?day=${today}&size=`)).body);
  t.match(share, /1 of the 3 requests completed that day/, 'by default 5%, at least one');
  t.equal((await events(app, 'review.sample-drawn')).length, 2, 'each draw is recorded, with the day');
  t.same([...new Set((await events(app, 'review.sample-drawn')).map((e) => e.reference))], [today]);

  const none = words((await lee.client.get('/staff/reviews/sample?day=2020-01-01')).body);
  t.match(none, /No request was completed on 1 January 2020/);
  const wrong = await lee.client.get('/staff/reviews/sample?day=2026-02-30&size=500');
  t.equal(wrong.statusCode, 422);
  t.same(errorSummary(wrong.body).map((e) => e.href), ['#sample-day', '#sample-size']);
  t.match(wrong.body, /id="sample-size"[^>]*value="500"/, 'what was typed kept');
  t.equal((await lee.client.get('/staff/reviews/sample?day=2026-11-01&other=1')).statusCode, 400);
});
