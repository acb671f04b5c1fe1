/**
 * In real browsers, with and without JavaScript: GP staff walk the checks to the contact form
 * with the path filled in and get a reference; an agent rejects a request with a reason; a
 * duplicate is flagged on both requests; the GP checks progress and sees the new status. axe on
 * every new page and state, no console errors.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { submitSample } from '../sample-cleansing-request.js';
import { CONTACT_LIMITS } from '../../src/requests/contact-form-schema.js';
import { createStaff, TEST_PASSWORD } from '../helpers.js';
import { assertNoAxeViolations, h1, launchBrowser, openPage, serve } from './browser.js';

const browser = await launchBrowser(t);
const navigate = (page: Page, action: () => Promise<unknown>) => Promise.all([page.waitForEvent('load'), action()]);

for (const javaScriptEnabled of [true, false]) {
  const label = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  t.test(`a GP sends the contact form from a tree ending, an agent rejects it with a reason, the GP checks progress (${label})`, async (t) => {
    const { app, baseURL } = await serve(t);
    const gp = await openPage(t, browser, baseURL, { javaScriptEnabled });
    const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).first();

    // The can't-connect checks, answered one by one as a GP would, to the ending.
    await gp.page.goto('/problems/cant-connect');
    for (const answer of [/^Yes/, /^Yes/, /^No/, /^Yes/, null, /^No/]) {
      const before = await h1(gp.page);
      if (answer) await gp.page.getByRole('radio', { name: answer }).first().check();
      await button(gp.page, answer ? 'Continue' : 'I have done these steps').click();
      await gp.page.waitForFunction((text) => document.querySelector('h1')?.textContent?.trim() !== text, before);
    }
    await assertNoAxeViolations(t, gp.page, `the ending that leads to the contact form (${label})`);
    await navigate(gp.page, () => button(gp.page, 'Contact the service desk').click());
    t.equal(await h1(gp.page), 'Contact the service desk');
    const checked = (await gp.page.locator('#checked li').allTextContents()).map((line) => line.trim());
    t.equal(checked.length, 7, 'six answers and the ending, filled in');
    t.match(checked.at(-1), /^Ending:/);
    await gp.page.getByLabel("Your practice's ODS code").fill('Y12345');
    await gp.page.getByLabel('Your full name').fill('Pat Reception');
    await gp.page.getByLabel('Your email address').fill('reception.y12345@example.nhs.uk');
    const description = 'The patient still cannot connect to the practice after every check.';
    await gp.page.getByLabel('Describe the problem').fill(description);
    // The NHS.UK character count: the limit in words without JavaScript, what is left as they type with it.
    const max = CONTACT_LIMITS.descriptionMax;
    const left = `You have ${(max - description.length).toLocaleString('en-GB')} characters remaining`;
    const counted = javaScriptEnabled ? left : `You can enter up to ${max.toLocaleString('en-GB')} characters`;
    await gp.page.getByText(counted, { exact: true }).first().waitFor({ state: 'attached' });
    await assertNoAxeViolations(t, gp.page, `the contact form, its description typed (${label})`);
    await navigate(gp.page, () => button(gp.page, 'Continue').click());
    t.equal(await h1(gp.page), 'Check your answers before sending the form');
    await navigate(gp.page, () => button(gp.page, 'Send').click());
    t.equal(await h1(gp.page), 'Contact form sent');
    const reference = ((await gp.page.locator('.app-reference').textContent()) ?? '').trim();
    t.match(reference, /^GPC-[A-Z0-9]{3}-[A-Z0-9]{3}$/);

    // Two cleansing requests for the same old email: flagged on both.
    const first = await submitSample(app, { oldEmail: 'same.old@example.com' });
    const second = await submitSample(app, { oldEmail: 'Same.Old@example.com' });

    const agent = await createStaff(app, 'agent');
    const desk = await openPage(t, browser, baseURL, { javaScriptEnabled });
    await desk.page.goto('/staff/sign-in');
    await desk.page.getByLabel('Username').fill(agent.username);
    await desk.page.getByLabel('Password').fill(TEST_PASSWORD);
    await navigate(desk.page, () => button(desk.page, 'Sign in').click());
    await desk.page.goto(`/staff/requests/${first.reference}`);
    t.match((await desk.page.locator('main').textContent()) ?? '', `Possible duplicate of ${second.reference}`);
    await assertNoAxeViolations(t, desk.page, `a request flagged as a possible duplicate (${label})`);

    // The contact form: In progress, then Rejected with a reason and words.
    await desk.page.goto(`/staff/requests/${reference}`);
    await desk.page.getByRole('radio', { name: 'Start work: In progress' }).check();
    await navigate(desk.page, () => button(desk.page, 'Save the status').click());
    await desk.page.getByRole('radio', { name: /Reject/ }).check();
    await navigate(desk.page, () => button(desk.page, 'Save the status').click());
    t.ok((await desk.page.locator('.nhsuk-error-summary li').count()) >= 1, 'a rejection needs a reason and words');
    await assertNoAxeViolations(t, desk.page, `a rejection without its reason (${label})`);
    await desk.page.getByRole('radio', { name: /Reject/ }).check();
    const reasons = await desk.page.getByLabel('If you reject it: why').locator('option').allTextContents();
    await desk.page.getByLabel('If you reject it: why').selectOption({ label: reasons[1]! });
    await desk.page.getByLabel('Why, or what was done').fill('The practice confirmed the patient is now connected.');
    await navigate(desk.page, () => button(desk.page, 'Save the status').click());
    t.match((await desk.page.locator('main').textContent()) ?? '', /Status:\s*Rejected/);
    t.match((await desk.page.locator('main').textContent()) ?? '', reasons[1]!.trim(), 'the reason is in the history');
    await assertNoAxeViolations(t, desk.page, `a rejected request (${label})`);

    // The GP checks progress with the reference and their email.
    await gp.page.goto('/check-progress');
    await navigate(gp.page, () => button(gp.page, 'Check progress').click());
    t.ok(await gp.page.locator('.nhsuk-error-summary').isVisible(), 'both fields are needed');
    await gp.page.getByLabel('Reference').fill(reference.toLowerCase());
    await gp.page.getByLabel('Your email address').fill('reception.y12345@example.nhs.uk');
    await navigate(gp.page, () => button(gp.page, 'Check progress').click());
    t.equal(await h1(gp.page), `Request ${reference}`);
    t.match((await gp.page.locator('main').textContent()) ?? '', 'Rejected');
    await assertNoAxeViolations(t, gp.page, `the progress of a request (${label})`);
  });
}
