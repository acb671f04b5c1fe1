/**
 * Every page and state of the service, public and staff, in a real browser at one width, with or
 * without JavaScript: no console error or uncaught exception (nhsuk-frontend's ElementError
 * included) and nothing from axe (WCAG 2.2 A and AA, and best practice) on any of them.
 * The four test files run this at 375 px and 1280 px, with and without JavaScript.
 */
import type { Test } from 'tap';
import type { Browser } from 'playwright-core';
import { assertNoAxeViolations, h1, launchBrowser, openPage, serve } from './browser.js';

const patient = {
  "Patient's new email address": 'jo.bloggs.new@example.com',
  "Patient's old email address": 'jo.bloggs@oldmail.example',
  'Last 3 digits of the NHS number': '847',
  'Steps taken so far': 'Patient tried the forgotten password link but the old mailbox was closed by the provider and cannot be recovered.',
};
const NEITHER = "They can't remember their password, and can't access or recover their old email account";
const VERIFIED = 'No, they have proved who they are, or not sure';

export async function everyPage(t: Test, width: 375 | 1280, js: boolean): Promise<void> {
  const browser: Browser = await launchBrowser(t);
  const served = await serve(t);
  const { app, baseURL } = served;
  const { page, errors } = await openPage(t, browser, baseURL, { viewport: { width, height: 900 }, javaScriptEnabled: js });
  const how = `${width} px, ${js ? 'with' : 'without'} JavaScript`;

  /** The page as it is now: axe finds nothing, and nothing went wrong in the console since the last look. */
  async function check(what: string): Promise<void> {
    await page.waitForLoadState('load');
    await assertNoAxeViolations(t, page, `${what} (${how})`);
    t.same(errors.splice(0), [], `no console errors or uncaught exceptions on ${what} (${how})`);
  }
  /** Clicks something that loads a new page (or, with JavaScript, may swap a step in) and waits for it. */
  async function go(click: () => Promise<unknown>, heading: string): Promise<void> {
    await click();
    await page.locator('h1', { hasText: heading }).first().waitFor({ state: 'visible' });
  }
  const fill = async (fields: Record<string, string>) => {
    for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  };
  const button = (name: string) => page.getByRole('button', { name, exact: true }).first();

  // The public pages.
  for (const [path, heading] of [
    ['/', 'Help a patient with the NHS App or NHS login'],
    ['/problems', 'What is the problem?'],
    ['/contact', 'Contact us'],
    ['/accessibility', 'Accessibility statement'],
    ['/privacy', 'Privacy notice'],
    ['/cookies', 'Cookies'],
    ['/problems/lost-email', 'Which of these fits the patient?'],
    ['/problems/lost-email?answers=neither.verified', 'Ask the NHS login service desk to cleanse the account'],
    ['/problems/pin-document?answers=yes', ''],
    ['/check/linkage', 'Check the GP registration details (PIN document)'],
  ] as const) {
    await page.goto(path);
    if (heading) t.equal(await h1(page), heading, `${path} shows its page`);
    await check(path);
  }

  // Error states of the public pages.
  await page.goto('/problems/code?code=ZZZ');
  await check('an error code that is not known');
  await page.goto('/problems/lost-email?answers=neither&at=verification-level');
  t.match(await page.title(), /^Error: /);
  await check('a question answered with nothing');
  await page.goto('/problems/lost-email?answers=BAD!');
  await check('the error page');
  await page.goto('/no-such-page');
  await check('the not-found page');

  // The PIN document checker: an error, then a report with a failed check.
  await page.goto('/check/linkage');
  await go(() => button('Check these details').click(), 'Check the GP registration details');
  await check('the PIN document checker with errors');
  await fill({ 'Linkage key or passphrase': 'ABC 123 ‘x’', 'Account ID': '12345', 'ODS code': 'Y12345' });
  await go(() => button('Check these details').click(), 'Check the GP registration details');
  await check('the PIN document checker report');

  // The same check inside a tree, and its report.
  await page.goto('/problems/pin-document?answers=yes');
  await fill({ 'Linkage key or passphrase': 'ABCDEFGHIJKLMNO', 'Account ID': '1234567890', 'ODS code': 'Y12345' });
  await button('Check these details').click();
  await page.locator('#linkage-report-heading').waitFor({ state: 'visible' });
  await check('the tree check step with its report');

  // The cleansing request: errors, check your answers, confirmation.
  await page.goto('/problems/lost-email');
  await page.getByRole('radio', { name: NEITHER, exact: true }).check();
  await go(() => button('Continue').click(), 'Has the patient only got low-level verification');
  await page.getByRole('radio', { name: VERIFIED, exact: true }).check();
  await go(() => button('Continue').click(), 'Ask the NHS login service desk to cleanse the account');
  await go(() => button('Start a cleansing request').click(), 'Ask for an NHS login account to be cleansed');
  await check('the cleansing form');
  await go(() => button('Continue').click(), 'Ask for an NHS login account to be cleansed');
  t.ok(await page.locator('.nhsuk-error-summary').isVisible(), 'the error summary shows');
  await check('the cleansing form with errors');
  await fill({ ...patient, Day: '3', Month: '6', Year: '2026', 'Your full name': 'Pat Reception', "Your practice's ODS code": 'Y12345', 'Your email address': 'reception.y12345@example.nhs.uk' });
  await go(() => button('Continue').click(), 'Check your answers before sending the request');
  await check('check your answers');
  await go(() => button('Send request').click(), 'Cleansing request sent');
  const reference = ((await page.locator('.app-reference').textContent()) ?? '').trim();
  await check('the confirmation');

  // The GP contact form from a tree ending that the checks did not fix, with the path filled in.
  await page.goto('/problems/cant-connect?answers=yes.yes.no.yes.continue.no');
  await check('a tree ending that leads to the contact form');
  await go(() => button('Contact the service desk').click(), 'Contact the service desk');
  await check('the contact form with the checks filled in');
  await go(() => button('Continue').click(), 'Contact the service desk');
  await check('the contact form with errors');
  await fill({ "Your practice's ODS code": 'Y12345', 'Your full name': 'Pat Reception', 'Your email address': 'reception.y12345@example.nhs.uk', 'Describe the problem': 'The patient still cannot connect to the practice after every check in the guide.' });
  await go(() => button('Continue').click(), 'Check your answers before sending the form');
  await check('check your answers (contact form)');
  await go(() => button('Send').click(), 'Contact form sent');
  const contactReference = ((await page.locator('.app-reference').textContent()) ?? '').trim();
  await check('the contact form confirmation');

  // Checking progress: errors, then the status.
  await go(() => page.getByRole('link', { name: 'check the progress of this request' }).click(), 'Check the progress of a request');
  await check('check progress');
  await go(() => button('Check progress').click(), 'Check the progress of a request');
  await check('check progress with errors');
  await fill({ Reference: contactReference, 'Your email address': 'reception.y12345@example.nhs.uk' });
  await go(() => button('Check progress').click(), contactReference);
  await check('the progress of a request');

  // The first team lead, through the one-time set-up link in the log.
  const setup = served.logs.find((line) => typeof line.setupLink === 'string')?.setupLink as string | undefined;
  t.ok(setup, 'the log has the set-up link');
  await page.goto(new URL(setup!).pathname);
  await check('the set-up page');
  await go(() => button('Create account and sign in').click(), 'Create the first team lead');
  await check('the set-up page with errors');
  await fill({ 'Full name': 'Sam Lead', Username: 'sam.lead', Password: 'a long enough password', 'Confirm password': 'a long enough password' });
  await go(() => button('Create account and sign in').click(), 'Staff accounts');
  await check('the staff accounts');

  // Staff accounts.
  await go(() => button('Add a staff account').click(), 'Add a staff account');
  await check('a new staff account');
  await go(() => button('Add account').click(), 'Add a staff account');
  await check('a new staff account with errors');
  await fill({ 'Full name': 'Alex Agent', Username: 'alex.agent', Password: 'another long password', 'Confirm password': 'another long password' });
  await page.getByRole('radio', { name: 'Agent' }).check();
  await go(() => button('Add account').click(), 'Staff accounts');
  await button('Disable alex.agent').click();
  await page.getByRole('button', { name: 'Enable alex.agent' }).waitFor({ state: 'visible' });
  await check('the staff accounts with one disabled');

  await page.goto('/staff/requests');
  await check('the request queue');

  // The queue reads on a phone: each cell shows its column heading there, and only there.
  const cells = page.locator('.nhsuk-table__body .nhsuk-table__row').first().locator('.nhsuk-table__cell');
  const labels = await cells.locator('.nhsuk-table__heading').allTextContents();
  t.same(labels.map((l) => l.trim()), ['Reference', 'Kind', 'Received', 'Age', 'Status', 'Assigned to', 'Practice', 'Email addresses'], 'every cell carries its column heading');
  const shown = await cells.locator('.nhsuk-table__heading').evaluateAll((spans) => spans.map((s) => s.getBoundingClientRect().height > 0));
  t.same(shown, labels.map(() => width === 375), width === 375 ? 'the headings show beside each value on a phone' : 'and stay hidden on a wide screen, where the table has its column headings');
  const fits = await page.locator('.nhsuk-table').evaluate((table) => table.getBoundingClientRect().right <= document.documentElement.clientWidth);
  t.ok(fits, 'the table fits the screen');

  // Writing up a request from a ticket: the choice of kind, the contact form for an agent, its errors.
  await page.goto('/staff/requests/new');
  await check('the choice of request to write up');
  await go(() => page.getByRole('link', { name: 'GP contact form' }).click(), 'Write up a request from a ticket');
  await check('the contact form for an agent');
  await go(() => button('Save the request').click(), 'Write up a request from a ticket');
  await check('the contact form for an agent with errors');
  await page.goto('/staff/requests');

  await go(() => page.getByRole('link', { name: reference }).click(), reference);
  t.match(await page.locator('h1').textContent(), 'Account cleansing', 'the caption is part of the heading');
  await check('a request');

  // The header: the current section is marked, and the script starts (no ElementError above).
  await page.goto('/staff/requests');
  t.equal(await page.locator('.nhsuk-header__navigation-link[aria-current="page"]').textContent(), 'Requests', 'aria-current marks the current section');

  // Triage: start errors, a question, an outcome, the summary and the cleansing form from it.
  await page.goto('/staff/triage');
  await check('the triage page');
  await go(() => button('Start triage').click(), 'Triage');
  await check('the triage page with errors');
  await fill({ 'Ticket reference': 'INC-1234' });
  await page.getByRole('radio', { name: 'The patient has changed or lost their email address' }).check();
  await go(() => button('Start triage').click(), 'Which of these fits the patient?');
  await check('a triage question');
  await go(() => button('Continue').click(), 'Which of these fits the patient?');
  await check('a triage question with its error');
  await page.getByRole('radio', { name: /can.t remember their password, and can.t access/ }).check();
  await go(() => button('Continue').click(), 'low-level verification');
  await page.getByRole('radio', { name: /proved who they are/ }).check();
  await go(() => button('Continue').click(), 'Raise an account-cleansing request');
  await check('a triage outcome');
  await go(() => page.getByRole('link', { name: 'Copy a summary of this triage for the ticket' }).click(), 'Summary');
  await check('a triage summary');
  await page.goBack();
  await go(() => button('Raise the cleansing request').click(), 'Raise an account-cleansing request');
  await check('the cleansing form from a triage');
  await page.getByLabel("Patient's new email address").fill('not an email');
  await go(() => button('Send request').click(), 'Raise an account-cleansing request');
  await check('the cleansing form from a triage with errors');
  await page.goto('/staff/triage');
  await check('the triage page with a recent triage');

  // Figures: charts and tables, fitting the screen at this width too.
  await page.goto('/staff/figures');
  await check('the figures');
  t.ok(await page.locator('main').evaluate((main) => main.scrollWidth <= document.documentElement.clientWidth), 'the figures fit the screen');

  // Four-eyes review: the staff home, the open review queries, the days reviewed.
  for (const [path, what] of [['/staff', 'the staff home'], ['/staff/queries', 'the review queries'], ['/staff/reviews', 'the days reviewed']] as const) {
    await page.goto(path);
    await check(what);
  }

  // Signing out, then a wrong password.
  await go(() => button('Sign out').click(), 'Sign in');
  await check('the sign-in page');
  await fill({ Username: 'sam.lead', Password: 'not the password' });
  await go(() => button('Sign in').click(), 'Sign in');
  await check('the sign-in page with an error');
  t.equal(await app.store.requests.count(), 2, 'the public cleansing request and contact form were stored');
}
