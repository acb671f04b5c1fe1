/**
 * Two agents in real browsers on one cleansing request: one takes it through In progress and
 * Waiting for practice to Completed; the other, working from a page opened before, gets the
 * conflict message and nothing of theirs is saved. axe on every state, no console errors.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { submitSample } from '../sample-cleansing-request.js';
import { createStaff, TEST_PASSWORD } from '../helpers.js';
import { assertNoAxeViolations, h1, launchBrowser, openPage, serve } from './browser.js';

const browser = await launchBrowser(t);

async function navigate(page: Page, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForEvent('load'), action()]);
}

for (const javaScriptEnabled of [true, false]) {
  const label = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  t.test(`an agent works a request to Completed; another gets the conflict message (${label})`, async (t) => {
    const { app, baseURL } = await serve(t);
    const { reference } = await submitSample(app);
    const signIn = async (role: 'agent') => {
      const user = await createStaff(app, role);
      const opened = await openPage(t, browser, baseURL, { javaScriptEnabled });
      await opened.page.goto('/staff/sign-in');
      await opened.page.getByLabel('Username').fill(user.username);
      await opened.page.getByLabel('Password').fill(TEST_PASSWORD);
      await navigate(opened.page, () => opened.page.getByRole('button', { name: 'Sign in' }).click());
      return opened;
    };
    const sam = await signIn('agent');
    const alex = await signIn('agent');

    // Both open the queue and the request.
    await sam.page.goto('/staff/requests');
    await assertNoAxeViolations(t, sam.page, `the queue (${label})`);
    await navigate(sam.page, () => sam.page.getByRole('link', { name: reference }).click());
    t.equal(await h1(sam.page), reference);
    await assertNoAxeViolations(t, sam.page, `a new request (${label})`);
    await alex.page.goto(`/staff/requests/${reference}`);

    const move = async (to: string, text = '') => {
      await sam.page.getByRole('radio', { name: to }).check();
      if (text) await sam.page.getByLabel('Why, or what was done').fill(text);
      await navigate(sam.page, () => sam.page.getByRole('button', { name: 'Save the status' }).click());
    };
    await navigate(sam.page, () => sam.page.getByRole('button', { name: 'Assign to me' }).click());
    await move('Start work: In progress');
    await assertNoAxeViolations(t, sam.page, `a request in progress (${label})`);
    await move('Wait for the practice: Waiting for practice', 'Asked the practice to confirm the old email');
    await move('Resume work: In progress');
    // Completing without saying what was done: the error summary.
    await move('Complete: Completed');
    t.equal(await sam.page.locator('.nhsuk-error-summary li').count(), 1, 'what was done is needed');
    await assertNoAxeViolations(t, sam.page, `the status form with an error (${label})`);
    await move('Complete: Completed', 'Old email removed from the account');
    t.match((await sam.page.locator('main').textContent()) ?? '', /Status:\s*Completed/);
    t.match((await sam.page.locator('main').textContent()) ?? '', /In progress → Completed/);
    await assertNoAxeViolations(t, sam.page, `a completed request with its history (${label})`);

    // A note with an email address is held until Sam confirms it is not the patient's.
    await sam.page.getByLabel('Add a note').fill('Practice asked us to reply to practice.manager@example.nhs.uk');
    await navigate(sam.page, () => sam.page.getByRole('button', { name: 'Add the note' }).click());
    t.match((await sam.page.locator('.nhsuk-error-summary').textContent()) ?? '', /confirm it is not the patient's/);
    await assertNoAxeViolations(t, sam.page, `a held note (${label})`);
    await sam.page.getByRole('checkbox', { name: /not the patient’s/ }).check();
    await navigate(sam.page, () => sam.page.getByRole('button', { name: 'Add the note' }).click());
    t.match((await sam.page.locator('#notes ~ div, main').first().textContent()) ?? '', /Practice asked us to reply/);

    // Alex's page is still the one opened at version 1: taking the request now changes nothing.
    await navigate(alex.page, () => alex.page.getByRole('button', { name: 'Assign to me' }).click());
    const summary = (await alex.page.locator('.nhsuk-error-summary').textContent()) ?? '';
    t.match(summary, /This request was changed by Test agent at [0-9]{2}:[0-9]{2}/, 'the conflict message names who and when');
    const main = (await alex.page.locator('main').textContent()) ?? '';
    t.match(main, /Your version\s*Version\s*1\s*What you tried\s*Assign it to you/, 'their version');
    t.match(main, /The saved version\s*Version\s*6\s*Status\s*Completed/, 'and the saved one');
    await assertNoAxeViolations(t, alex.page, `the conflict message (${label})`);
    t.match(await app.store.requests.findByReference(reference), { status: 'completed', version: 6 }, 'nothing overwritten');
    t.same([...sam.errors, ...alex.errors], [], 'no console errors, failed scripts or styles');
  });
}
