/**
 * Four-eyes review in a real browser: a team lead raises a query about a request (after an
 * empty one comes back with the error summary), the agent asked finds it from their home page
 * and answers it with the keyboard, the lead marks the request and then the day's events as
 * reviewed, and draws a random sample of a day's completed requests; with and without
 * JavaScript, axe on every page and state.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { createStaff, TEST_PASSWORD } from '../helpers.js';
import { submitSample } from '../sample-cleansing-request.js';
import { assertNoAxeViolations, h1, launchBrowser, navigate, openPage, serve, tabUntil } from './browser.js';

const browser = await launchBrowser(t);

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/staff/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await navigate(page, () => page.getByRole('button', { name: 'Sign in' }).click(), /\/staff\/requests$/);
}

/** Today as the audit log's date filter reads it (a UK calendar day). */
const ukToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

for (const javaScriptEnabled of [true, false]) {
  const label = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  t.test(`a team lead raises a query that the agent answers, then marks the request and the day reviewed (${label})`, async (t) => {
    const { app, baseURL } = await serve(t);
    const lead = await createStaff(app, 'team-lead');
    const agent = await createStaff(app, 'agent');
    const request = await submitSample(app);
    const requestPath = new RegExp(`/staff/requests/${request.reference}(#.*)?$`);

    // The agent takes the request, so a query about it goes to them by default.
    const sam = await openPage(t, browser, baseURL, { javaScriptEnabled });
    await signIn(sam.page, agent.username);
    await sam.page.goto(`/staff/requests/${request.reference}`);
    await navigate(sam.page, () => sam.page.getByRole('button', { name: 'Assign to me' }).click(), requestPath);

    const lee = await openPage(t, browser, baseURL, { javaScriptEnabled });
    await signIn(lee.page, lead.username);
    await lee.page.goto(`/staff/requests/${request.reference}`);
    t.equal(await lee.page.getByLabel('Who is it for?').locator('option:checked').textContent(), `${agent.displayName} (worked on this request)`);
    await assertNoAxeViolations(t, lee.page, `a request's review, for a team lead (${label})`);

    // An empty query: the error summary on a page of its own, then the query.
    await navigate(lee.page, () => lee.page.getByRole('button', { name: 'Raise the query' }).click(), /\/queries$/);
    t.equal(await lee.page.locator('.nhsuk-error-summary li').textContent().then((s) => s?.trim()), 'Enter the query: what the agent should explain or check');
    t.match(await lee.page.title(), /^Error: Raise a query about/);
    await assertNoAxeViolations(t, lee.page, `a query with an error (${label})`);
    await lee.page.getByLabel('Your query').fill('Was the old email address confirmed with the practice?');
    await navigate(lee.page, () => lee.page.getByRole('button', { name: 'Raise the query' }).click(), requestPath);
    t.match((await lee.page.locator('#queries ~ div').first().textContent()) ?? '', /Was the old email address confirmed with the practice\?[\s\S]*Not answered yet/);

    // The agent's home counts it; the list leads to the request; the answer goes in by keyboard.
    await sam.page.goto('/staff');
    t.equal(await h1(sam.page), 'Service desk');
    await assertNoAxeViolations(t, sam.page, `the staff home with an open query (${label})`);
    await navigate(sam.page, () => sam.page.getByRole('link', { name: 'You have 1 open review query to answer' }).click(), /\/staff\/queries$/);
    t.equal(await h1(sam.page), 'Review queries');
    await assertNoAxeViolations(t, sam.page, `the agent's open queries (${label})`);
    await navigate(sam.page, () => sam.page.getByRole('link', { name: request.reference }).click(), requestPath);
    await sam.page.getByLabel('Your answer').focus();
    await sam.page.keyboard.type('Yes: the practice confirmed it by phone.');
    const button = await tabUntil(sam.page, (f) => f.text === 'Answer');
    t.equal(button.tag, 'button');
    await navigate(sam.page, () => sam.page.keyboard.press('Enter'), requestPath);
    t.match((await sam.page.locator('#queries ~ div').first().textContent()) ?? '', /Yes: the practice confirmed it by phone\./);
    await assertNoAxeViolations(t, sam.page, `the answered query (${label})`);

    // The lead sees the answer and marks the request reviewed.
    await lee.page.reload();
    t.match((await lee.page.locator('#queries ~ div').first().textContent()) ?? '', /Yes: the practice confirmed it by phone\./);
    await lee.page.getByLabel('Comment on your review (optional)').fill('Answer accepted');
    await navigate(lee.page, () => lee.page.getByRole('button', { name: 'Mark as reviewed' }).click(), requestPath);
    t.equal(await lee.page.getByText('You have marked this request as reviewed.').count(), 1);
    await assertNoAxeViolations(t, lee.page, `a request marked reviewed (${label})`);

    // Today's events, filtered to the one day, marked reviewed.
    const today = ukToday();
    await navigate(lee.page, () => lee.page.getByRole('link', { name: 'Audit log' }).click(), /\/staff\/audit$/);
    await lee.page.getByLabel('From (UK date)').fill(today);
    await lee.page.getByLabel('To (UK date, included)').fill(today);
    await navigate(lee.page, () => lee.page.getByRole('button', { name: 'Show events' }).click(), /\/staff\/audit\?/);
    t.match((await lee.page.locator('#day-review').textContent()) ?? '', /No team lead has marked this day’s events as reviewed yet/);
    await assertNoAxeViolations(t, lee.page, `the audit log for one day (${label})`);
    await navigate(lee.page, () => lee.page.getByRole('button', { name: 'Mark this day as reviewed' }).click(), /\/staff\/audit\?from=.*#day-review$/);
    t.match((await lee.page.locator('#day-review').textContent()) ?? '', new RegExp(`Reviewed by ${lead.displayName}`));
    await assertNoAxeViolations(t, lee.page, `a day marked reviewed (${label})`);
    await navigate(lee.page, () => lee.page.getByRole('link', { name: 'Every day reviewed' }).click(), /\/staff\/reviews$/);
    t.equal(await h1(lee.page), 'Days reviewed');
    t.equal(await lee.page.locator('tbody tr').count(), 1);
    await assertNoAxeViolations(t, lee.page, `the days reviewed (${label})`);

    // A random sample of a day's completed requests: an empty day first, then today's.
    await navigate(lee.page, () => lee.page.getByRole('link', { name: 'Review a sample of a day’s completed requests' }).click(), /\/staff\/reviews\/sample$/);
    await navigate(lee.page, () => lee.page.getByRole('button', { name: 'Pick the requests' }).click(), /\/staff\/reviews\/sample\?/);
    t.equal(await lee.page.locator('.nhsuk-error-summary li').textContent().then((s) => s?.trim()), 'Enter the day the requests were completed');
    await assertNoAxeViolations(t, lee.page, `a review sample with an error (${label})`);
    await lee.page.getByLabel('Day the requests were completed (UK date)').fill(today);
    await navigate(lee.page, () => lee.page.getByRole('button', { name: 'Pick the requests' }).click(), /\/staff\/reviews\/sample\?/);
    t.match((await lee.page.locator('main').textContent()) ?? '', /No request was completed on/, 'the request is still open');
    await assertNoAxeViolations(t, lee.page, `a review sample (${label})`);

    const actions = (await app.store.audit.list({ limit: 100 })).filter((e) => e.action.startsWith('review.')).map((e) => [e.action, e.reference]);
    t.same(actions.reverse(), [
      ['review.query-raised', request.reference],
      ['review.query-answered', request.reference],
      ['review.request-reviewed', request.reference],
      ['review.day-reviewed', today],
      ['review.sample-drawn', today],
    ], 'each step is an audit event naming only the request or the day');
    t.same([...sam.errors, ...lee.errors], [], `no console errors (${label})`);
  });
}
