/**
 * The public journey and the staff pages in a real browser (Debian's Chromium), with the app's
 * real CSP, with and without JavaScript, and by keyboard only. Every page is checked with axe-core.
 */
import t from 'tap';
import { FIELD_IDS } from '../../src/cleansing/form-schema.js';
import type { Test } from 'tap';
import type { Page } from 'playwright-core';
import { Client, createStaff, TEST_PASSWORD } from '../helpers.js';
import { assertNoAxeViolations, checkAxe, focused, h1, launchBrowser, openPage, serve, tabUntil } from './browser.js';

const browser = await launchBrowser(t);

const answers = {
  'new-email': 'jo.bloggs.new@example.com',
  'old-email': 'jo.bloggs@oldmail.example',
  'nhs-number-last3': '847',
  'last-access-day': '3',
  'last-access-month': '6',
  'last-access-year': '2026',
  'steps-taken': 'Patient tried the forgotten password link but the old mailbox was closed by the provider and cannot be recovered.',
  'sender-name': 'Pat Reception',
  'sender-ods-code': 'y12345',
  'sender-email': 'reception.y12345@example.nhs.uk',
};
/** The form's fields in page (and so Tab) order. */
const fieldOrder = Object.keys(answers) as (keyof typeof answers)[];

const REFERENCE = /^CLN-[A-Z0-9]{3}-[A-Z0-9]{3}$/;
/** Where a form POSTs back to itself: the answers come back on the same address. */
const POSTED = /\/(cleansing-request|staff\/sign-in)$/;
/** Check your answers: its own GET address (post/redirect/get), so Back and reload never resubmit. */
const CHECK = /\/cleansing-request\/check$/;

// The lost-email tree (fixtures/trees/lost-email.json): the two "no" answers that end in a cleansing request.
const NEITHER = "They can't remember their password, and can't access or recover their old email account";
const VERIFICATION = 'Has the patient only got low-level verification (P0)?';
const VERIFIED = 'No, they have proved who they are, or not sure';
const CLEANSE = 'Ask the NHS login service desk to cleanse the account';

/**
 * Does something that loads a new page (a link, a form POST back to the same URL) and waits for
 * that page's load event, so nothing is read from the page before it; then checks where it is.
 */
async function navigate(page: Page, action: () => Promise<unknown>, url: RegExp): Promise<void> {
  await Promise.all([page.waitForEvent('load'), action()]);
  if (!url.test(page.url())) throw new Error(`expected to be at ${url}, but at ${page.url()}`);
}

/** Waits for the step whose <h1> says `title`: a new page without JavaScript, an htmx swap with it. */
async function stepShows(page: Page, title: string): Promise<void> {
  await page.locator('h1', { hasText: title }).waitFor({ state: 'visible' });
  await page.waitForLoadState('load');
}

/**
 * home → lost email → "can't remember the password, can't get into the old email" → "proved who
 * they are" → cleansing outcome → form → check your answers → confirmation, axe on every page.
 */
async function publicJourney(t: Test, page: Page, js: boolean): Promise<string> {
  await page.goto('/');
  t.equal(await h1(page), 'Help a patient with the NHS App or NHS login');
  await assertNoAxeViolations(t, page, 'the home page');

  await navigate(page, () => page.getByRole('link', { name: 'The patient has changed or lost access to their email' }).click(), /\/problems\/lost-email$/);
  t.equal(await h1(page), 'Which of these fits the patient?');
  await assertNoAxeViolations(t, page, 'the first question');

  // A mark in this document: it survives an htmx swap, not a page load.
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  await page.getByRole('radio', { name: NEITHER, exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await stepShows(page, VERIFICATION);
  // With JavaScript htmx swapped the step in and pushed its URL; without, the form's GET is the URL.
  t.match(page.url(), js ? /\/problems\/lost-email\?answers=neither$/ : /\/problems\/lost-email\?answers=&at=which-fits&answer=neither$/);
  await assertNoAxeViolations(t, page, 'the second question');

  await page.getByRole('radio', { name: VERIFIED, exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await stepShows(page, CLEANSE);
  t.match(page.url(), js ? /\/problems\/lost-email\?answers=neither\.verified$/ : /answers=neither&at=verification-level&answer=verified$/);
  const sameDocument = await page.evaluate(() => 'sameDocument' in window);
  t.equal(sameDocument, js, js ? 'htmx swapped the steps in without loading a page' : 'each step was a page load');
  await assertNoAxeViolations(t, page, 'the cleansing outcome');

  await navigate(page, () => page.getByRole('button', { name: 'Start a cleansing request' }).click(), /\/cleansing-request$/);
  t.equal(await h1(page), 'Ask for an NHS login account to be cleansed');
  await assertNoAxeViolations(t, page, 'the cleansing form');

  await page.getByLabel("Patient's new email address").fill(answers['new-email']);
  await page.getByLabel("Patient's old email address").fill(answers['old-email']);
  await page.getByLabel('Last 3 digits of the NHS number').fill(answers['nhs-number-last3']);
  await page.getByLabel('Day').fill(answers['last-access-day']);
  await page.getByLabel('Month').fill(answers['last-access-month']);
  await page.getByLabel('Year').fill(answers['last-access-year']);
  await page.getByLabel('Steps taken so far').fill(answers['steps-taken']);
  await page.getByLabel('Your full name').fill(answers['sender-name']);
  await page.getByLabel("Your practice's ODS code").fill(answers['sender-ods-code']);
  await page.getByLabel('Your email address').fill(answers['sender-email']);
  // The form posts, then the browser is redirected to the check page's own address.
  await navigate(page, () => page.getByRole('button', { name: 'Continue' }).click(), CHECK);
  t.equal(await h1(page), 'Check your answers before sending the request');
  const summary = (await page.locator('.nhsuk-summary-list').textContent()) ?? '';
  t.match(summary, answers['new-email']);
  t.match(summary, '3 June 2026');
  t.match(summary, 'Y12345', 'the ODS code is shown upper-cased');
  await assertNoAxeViolations(t, page, 'check your answers');

  await navigate(page, () => page.getByRole('button', { name: 'Send request' }).click(), /\/cleansing-request\/confirmation\?/);
  t.equal(await h1(page), 'Cleansing request sent');
  t.ok(await page.locator('.nhsuk-panel').isVisible(), 'the confirmation panel shows');
  const reference = ((await page.locator('.nhsuk-panel .app-reference').textContent()) ?? '').trim();
  t.match(reference, REFERENCE, 'the panel shows a reference to read out');
  await assertNoAxeViolations(t, page, 'the confirmation page');
  return reference;
}

const cspErrors = (errors: string[]) => errors.filter((e) => /Content[- ]Security[- ]Policy/i.test(e));

/** No CSP violation (the NHS font CDN included) and no other console error or uncaught exception. */
function assertConsoleClean(t: Test, errors: string[], what: string): void {
  t.same(cspErrors(errors), [], `no Content-Security-Policy errors in the console (${what})`);
  t.same(errors, [], `no console errors or uncaught exceptions (${what})`);
}

for (const js of [true, false]) {
  t.test(`${js ? 'with' : 'without'} JavaScript: the browser's Back and Forward, the Back link and Start again follow the steps`, async (t) => {
    const { baseURL } = await serve(t);
    const { page, errors } = await openPage(t, browser, baseURL, js ? {} : { javaScriptEnabled: false });
    await page.goto('/problems/lost-email');
    await page.getByRole('radio', { name: NEITHER, exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await stepShows(page, VERIFICATION);
    await page.getByRole('radio', { name: VERIFIED, exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await stepShows(page, CLEANSE);

    await page.goBack();
    await stepShows(page, VERIFICATION);
    t.match(await h1(page), VERIFICATION, 'Back in the browser shows the previous step');
    await page.goForward();
    await stepShows(page, CLEANSE);
    t.match(await h1(page), CLEANSE, 'and Forward the next');

    await page.getByRole('link', { name: 'Back', exact: true }).click();
    await stepShows(page, VERIFICATION);
    t.match(page.url(), /\/problems\/lost-email\?answers=neither$/, 'the Back link goes to the previous step, by its own URL');
    await page.getByRole('link', { name: 'Start again' }).click();
    await stepShows(page, 'Which of these fits the patient?');
    t.match(page.url(), /\/problems\/lost-email$/);
    assertConsoleClean(t, errors, js ? 'history with htmx' : 'history without JavaScript');
  });
}

t.test('with JavaScript: the whole public journey, enhanced, with nothing blocked by the CSP', async (t) => {
  const { app, baseURL } = await serve(t);
  const { page, errors } = await openPage(t, browser, baseURL);
  const reference = await publicJourney(t, page, true);

  t.ok(await page.locator('body.nhsuk-frontend-supported').count(), 'static/js/app.js set nhsuk-frontend-supported on body');
  t.ok(await page.locator('body.js-enabled').count(), 'and js-enabled');
  assertConsoleClean(t, errors, 'with JavaScript');
  t.equal(await app.store.requests.count(), 1, 'one request stored');
  t.ok(await app.store.requests.findByReference(reference), 'under the reference shown');
});

t.test('without JavaScript: the same journey completes', async (t) => {
  const { app, baseURL } = await serve(t);
  const { page, errors } = await openPage(t, browser, baseURL, { javaScriptEnabled: false });
  const reference = await publicJourney(t, page, false);

  t.equal(await page.locator('body.nhsuk-frontend-supported').count(), 0, 'no script ran: the page is not enhanced');
  assertConsoleClean(t, errors, 'without JavaScript');
  t.equal(await app.store.requests.count(), 1, 'one request stored');
  t.ok(await app.store.requests.findByReference(reference), 'under the reference shown');
});

for (const js of [true, false]) {
  t.test(`${js ? 'with' : 'without'} JavaScript: Back from check-your-answers and from the confirmation never asks to resubmit a form`, async (t) => {
    const { app, baseURL } = await serve(t);
    const { page, errors } = await openPage(t, browser, baseURL, js ? {} : { javaScriptEnabled: false });
    await page.goto('/cleansing-request');
    for (const [id, value] of Object.entries(answers)) await page.locator(`#${id}`).fill(value);
    await navigate(page, () => page.getByRole('button', { name: 'Continue' }).click(), CHECK);

    // Back from the check page: the form, every answer still in it.
    const toForm = await page.goBack();
    t.equal(toForm?.status(), 200, 'a page, not the browser\'s "Confirm Form Resubmission"');
    t.equal(await h1(page), 'Ask for an NHS login account to be cleansed');
    t.equal(await page.locator('#new-email').inputValue(), answers['new-email'], 'the answers are kept');
    await page.goForward();
    t.equal(await h1(page), 'Check your answers before sending the request', 'Forward to the check page again');

    await navigate(page, () => page.getByRole('button', { name: 'Send request' }).click(), /\/cleansing-request\/confirmation\?/);
    t.equal(await h1(page), 'Cleansing request sent');
    const back = await page.goBack();
    t.equal(back?.status(), 200, 'Back from the confirmation loads a page');
    t.match(page.url(), /\/cleansing-request(\/check)?$/);
    t.equal(await h1(page), 'Ask for an NHS login account to be cleansed', 'the answers were sent, so a fresh form');
    t.equal(await page.locator('#new-email').inputValue(), '', 'with nothing personal left in it');
    await page.goForward();
    t.equal(await h1(page), 'Cleansing request sent', 'and Forward shows the confirmation again');
    t.equal(await app.store.requests.count(), 1, 'sent once');
    assertConsoleClean(t, errors, js ? 'Back and Forward with JavaScript' : 'Back and Forward without JavaScript');
  });
}

t.test('keyboard only, with JavaScript: the questions, swapped in by htmx, move focus to each new step', async (t) => {
  const { baseURL } = await serve(t);
  const { page, errors } = await openPage(t, browser, baseURL);
  await page.goto('/problems/lost-email');
  await page.locator('body.nhsuk-frontend-supported').waitFor({ state: 'attached' });

  // Continue with nothing chosen: the error summary comes back in the swapped step and takes focus.
  await tabUntil(page, (f) => f.tag === 'button' && f.text === 'Continue');
  await page.keyboard.press('Enter');
  await page.locator('.nhsuk-error-summary:focus').waitFor({ state: 'attached' });
  t.equal(await page.locator('.nhsuk-error-summary:focus').count(), 1, 'the error summary in the swapped-in step has focus');
  t.match(await page.title(), /^Error: /, 'the title says there is an error');
  await assertNoAxeViolations(t, page, 'the first question with its error');
  const link = await tabUntil(page, () => true, 1);
  t.equal(link.href, '#answer', 'the next Tab is the error link');
  await page.keyboard.press('Enter');
  await page.locator('#answer:focus').waitFor({ state: 'attached' });
  t.equal(await page.locator('#answer:focus').count(), 1, 'Enter on the error link focuses the first radio');

  // Arrow keys choose within the radio group; Tab leaves it.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  t.equal(await page.locator('input[name="answer"]:checked').getAttribute('value'), 'neither');
  await tabUntil(page, (f) => f.tag === 'button' && f.text === 'Continue', 5);
  await page.keyboard.press('Enter');
  await page.locator('h1:focus', { hasText: VERIFICATION }).waitFor({ state: 'attached' });
  t.equal(await page.locator('h1:focus', { hasText: VERIFICATION }).count(), 1, 'focus moves to the new question');

  const radio = await tabUntil(page, () => true, 1);
  t.equal(radio.tag, 'input', 'the next Tab is the first answer');
  await page.keyboard.press('ArrowDown');
  t.equal(await page.locator('input[name="answer"]:checked').getAttribute('value'), 'verified');
  await tabUntil(page, (f) => f.tag === 'button' && f.text === 'Continue', 5);
  await page.keyboard.press('Enter');
  await page.locator('h1:focus', { hasText: CLEANSE }).waitFor({ state: 'attached' });
  t.equal(await page.locator('h1:focus', { hasText: CLEANSE }).count(), 1, 'focus moves to the outcome');

  await tabUntil(page, (f) => f.tag === 'a' && f.text === 'Start a cleansing request');
  await navigate(page, () => page.keyboard.press('Enter'), /\/cleansing-request$/);
  t.equal(await h1(page), 'Ask for an NHS login account to be cleansed');
  assertConsoleClean(t, errors, 'keyboard questions');
});

t.test('keyboard only: errors are announced and linked, and the form can be filled and sent', async (t) => {
  const { app, baseURL } = await serve(t);
  const { page, errors } = await openPage(t, browser, baseURL);
  await page.goto('/cleansing-request');
  await page.locator('body.nhsuk-frontend-supported').waitFor({ state: 'attached' });

  const first = await tabUntil(page, () => true, 1);
  t.equal(first.text, 'Skip to main content', 'the first Tab reaches the skip link');

  const button = await tabUntil(page, (f) => f.tag === 'button' && f.text === 'Continue');
  t.equal(button.text, 'Continue', 'Tab reaches the Continue button');
  await navigate(page, () => page.keyboard.press('Enter'), POSTED);

  await page.locator('.nhsuk-error-summary').waitFor({ state: 'visible' });
  t.match(await page.title(), /^Error: /);
  await page.locator('.nhsuk-error-summary:focus').waitFor({ state: 'attached' });
  t.equal(await page.locator('.nhsuk-error-summary:focus').count(), 1, 'nhsuk-frontend moved focus to the error summary');
  await assertNoAxeViolations(t, page, 'the form with errors');

  const link = await tabUntil(page, () => true, 1);
  t.equal(link.href, '#new-email', 'the next Tab is the first error link');
  await page.keyboard.press('Enter');
  await page.locator('#new-email:focus').waitFor({ state: 'attached' });
  t.equal((await focused(page)).id, 'new-email', 'Enter on the error link focuses its input');

  // Fill every field by typing, moving on with Tab only.
  for (const [i, id] of fieldOrder.entries()) {
    if (i > 0) await page.keyboard.press('Tab');
    t.equal((await focused(page)).id, id, `Tab order reaches #${id}`);
    await page.keyboard.type(answers[id]);
  }
  await tabUntil(page, (f) => f.tag === 'button' && f.text === 'Continue', 3);
  await navigate(page, () => page.keyboard.press('Enter'), CHECK);
  t.equal(await h1(page), 'Check your answers before sending the request');

  await tabUntil(page, (f) => f.tag === 'button' && f.text === 'Send request');
  await navigate(page, () => page.keyboard.press('Enter'), /\/cleansing-request\/confirmation\?/);
  t.equal(await h1(page), 'Cleansing request sent');
  t.equal(await app.store.requests.count(), 1);
  assertConsoleClean(t, errors, 'keyboard journey');
});

t.test('error pages, the staff sign-in and the signed-in queue and request pages pass axe', async (t) => {
  const { app, baseURL } = await serve(t);

  // A request in the queue, sent the way the route tests send it.
  const gp = new Client(app);
  await gp.get('/cleansing-request');
  const form = Object.fromEntries(Object.entries(FIELD_IDS).map(([name, id]) => [name, answers[id as keyof typeof answers]]));
  await gp.post('/cleansing-request', form);
  const sent = await gp.submit('/cleansing-request/submit');
  t.equal(sent.statusCode, 303);
  const reference = /ref=([^&]+)/.exec(String(sent.headers.location))?.[1] ?? '';
  t.match(reference, REFERENCE);

  for (const javaScriptEnabled of [true, false]) {
    const label = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
    const { page, errors } = await openPage(t, browser, baseURL, { javaScriptEnabled });

    // The cleansing form with every kind of error.
    await page.goto('/cleansing-request');
    await page.getByLabel("Patient's new email address").fill('jo’bloggs@example.com');
    await page.getByLabel('Last 3 digits of the NHS number').fill('943 476 5919');
    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('2');
    await page.getByLabel('Year').fill('2026');
    await page.getByLabel("Your practice's ODS code").fill('Y1234O');
    await page.getByLabel('Steps taken so far').fill('too short');
    await navigate(page, () => page.getByRole('button', { name: 'Continue' }).click(), POSTED);
    t.equal(await page.locator('.nhsuk-error-summary li').count(), 8, `every field has its error (${label})`);
    await assertNoAxeViolations(t, page, `the cleansing form with errors (${label})`);

    // A question answered with nothing.
    await page.goto('/problems/lost-email?answers=neither&at=verification-level');
    t.match(await page.title(), /^Error: /);
    await assertNoAxeViolations(t, page, `an unanswered question (${label})`);

    // The generic error page, and the not-found page.
    const bad = await page.goto('/problems/lost-email?answers=BAD!');
    t.equal(bad?.status(), 400);
    t.match(await h1(page), /^There is a problem with/);
    await assertNoAxeViolations(t, page, `the error page (${label})`);
    const missing = await page.goto('/no-such-page');
    t.equal(missing?.status(), 404);
    await assertNoAxeViolations(t, page, `the not-found page (${label})`);

    // Staff: sign in through the form.
    const agent = await createStaff(app, 'agent');
    await page.goto('/staff/requests');
    await page.waitForURL(/\/staff\/sign-in\?next=/);
    t.equal(await h1(page), 'Sign in');
    await assertNoAxeViolations(t, page, `the sign-in page (${label})`);

    await page.getByLabel('Username').fill(agent.username);
    await page.getByLabel('Password').fill('not the password');
    await navigate(page, () => page.getByRole('button', { name: 'Sign in' }).click(), POSTED);
    t.equal(await page.locator('.nhsuk-error-summary').count(), 1, 'a wrong password shows the error summary');
    await assertNoAxeViolations(t, page, `the sign-in page with an error (${label})`);

    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await navigate(page, () => page.getByRole('button', { name: 'Sign in' }).click(), /\/staff\/requests$/);
    t.equal(await h1(page), 'Requests');
    t.ok(await page.getByRole('link', { name: reference }).isVisible(), 'the queue lists the request');
    await assertNoAxeViolations(t, page, `the request queue (${label})`);

    await navigate(page, () => page.getByRole('link', { name: reference }).click(), new RegExp(`/staff/requests/${reference}$`));
    t.equal(await h1(page), reference);
    t.match((await page.locator('main').textContent()) ?? '', answers['new-email'], 'the detail shows the email in full');
    await assertNoAxeViolations(t, page, `the request detail (${label})`);

    await navigate(page, () => page.getByRole('button', { name: 'Sign out' }).click(), /\/staff\/sign-in$/);
    assertConsoleClean(t, errors, label);
  }
});

t.test('the axe check is not vacuous: it reports broken markup, with and without JavaScript', async (t) => {
  const { baseURL } = await serve(t);
  for (const javaScriptEnabled of [true, false]) {
    const { page } = await openPage(t, browser, baseURL, { javaScriptEnabled });
    await page.goto('/cleansing-request');
    // Break the page on purpose: an image without alt text, and an input without a label.
    await page.evaluate(() => {
      const main = document.getElementById('maincontent')!;
      main.insertAdjacentHTML('beforeend', '<img src="/assets/images/favicon.svg" id="broken-image"><input type="text" id="broken-input">');
    });
    const violations = await checkAxe(page);
    const byId = new Map(violations.map((v) => [v.id, v]));
    t.same(byId.get('image-alt')?.targets, ['#broken-image'], `image-alt found (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`);
    t.ok(byId.get('label')?.targets.includes('#broken-input'), `label found (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`);
    t.ok(violations.every((v) => v.impact !== undefined && v.help.length > 0), 'each violation says what is wrong');
  }
});
