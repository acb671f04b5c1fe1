/**
 * Staff admin in a real browser: a team lead resets an agent's password (and looks at changing
 * a role), the agent signs in with the temporary password and must choose a new one before
 * anything else; with and without JavaScript, axe on every page and state, no console errors.
 */
import t from 'tap';
import type { Page } from 'playwright-core';
import { createStaff, TEST_PASSWORD } from '../helpers.js';
import { assertNoAxeViolations, h1, launchBrowser, openPage, serve } from './browser.js';

const browser = await launchBrowser(t);
const NEW_PASSWORD = 'marmalade lighthouse orbit';

async function navigate(page: Page, action: () => Promise<unknown>, url: RegExp): Promise<void> {
  await Promise.all([page.waitForEvent('load'), action()]);
  if (!url.test(page.url())) throw new Error(`expected to be at ${url}, but at ${page.url()}`);
}

async function signIn(page: Page, username: string, password: string, lands: RegExp): Promise<void> {
  await page.goto('/staff/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await navigate(page, () => page.getByRole('button', { name: 'Sign in' }).click(), lands);
}

for (const javaScriptEnabled of [true, false]) {
  const label = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  t.test(`a team lead resets an agent's password; the agent signs in and must change it (${label})`, async (t) => {
    const { app, baseURL } = await serve(t);
    const lead = await createStaff(app, 'team-lead');
    const agent = await createStaff(app, 'agent');

    const { page, errors } = await openPage(t, browser, baseURL, { javaScriptEnabled });
    await signIn(page, lead.username, TEST_PASSWORD, /\/staff\/requests$/);
    await navigate(page, () => page.getByRole('link', { name: 'Staff accounts' }).click(), /\/staff\/users$/);
    t.equal(await page.locator('th', { hasText: 'Last sign-in' }).count(), 1, 'the list shows the last sign-in');
    await assertNoAxeViolations(t, page, `the staff accounts (${label})`);

    // Changing a role: the form, then back without saving.
    await navigate(page, () => page.getByRole('link', { name: `Change role for ${agent.username}` }).click(), /\/role$/);
    t.equal(await h1(page), `Change the role of ${agent.displayName}`);
    t.ok(await page.getByRole('radio', { name: 'Agent' }).isChecked(), 'the current role is selected');
    await assertNoAxeViolations(t, page, `the change-role page (${label})`);
    await navigate(page, () => page.getByRole('link', { name: 'Back to staff accounts' }).click(), /\/staff\/users$/);

    await navigate(page, () => page.getByRole('link', { name: `Reset password for ${agent.username}` }).click(), /\/password$/);
    t.equal(await h1(page), `Reset the password of ${agent.displayName}`);
    await assertNoAxeViolations(t, page, `the reset-password page (${label})`);
    await page.getByLabel('Temporary password (optional)').fill('too short');
    await navigate(page, () => page.getByRole('button', { name: 'Reset password' }).click(), /\/password$/);
    t.equal(await page.locator('.nhsuk-error-summary li').count(), 1, 'the error summary');
    t.equal(await page.getByLabel('Temporary password (optional)').inputValue(), 'too short', 'what was typed is kept');
    await assertNoAxeViolations(t, page, `the reset-password page with an error (${label})`);
    await page.getByLabel('Temporary password (optional)').fill('');
    await navigate(page, () => page.getByRole('button', { name: 'Reset password' }).click(), /\/password$/);
    t.equal(await h1(page), `Password reset for ${agent.displayName}`);
    const temporary = ((await page.locator('#temporary-password').textContent()) ?? '').trim();
    t.match(temporary, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/, 'the temporary password is shown once');
    await assertNoAxeViolations(t, page, `the password-reset confirmation (${label})`);
    await navigate(page, () => page.getByRole('button', { name: 'Sign out' }).click(), /\/staff\/sign-in$/);

    // The agent: the temporary password works, and leads only to choosing a new one.
    await signIn(page, agent.username, temporary, /\/staff\/account\/password$/);
    t.equal(await h1(page), 'Change your password');
    await assertNoAxeViolations(t, page, `the forced change-password page (${label})`);
    await page.goto('/staff/requests');
    t.match(page.url(), /\/staff\/account\/password$/, 'every staff page leads back to it');
    await page.getByLabel('Current password (the temporary one you were given)').fill(temporary);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill('not the same at all');
    await navigate(page, () => page.getByRole('button', { name: 'Change password' }).click(), /\/staff\/account\/password$/);
    t.equal(await page.locator('.nhsuk-error-summary li').count(), 1, 'the passwords do not match');
    await assertNoAxeViolations(t, page, `the change-password page with an error (${label})`);
    await page.getByLabel('Current password (the temporary one you were given)').fill(temporary);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await navigate(page, () => page.getByRole('button', { name: 'Change password' }).click(), /\/staff\/account\?changed=password$/);
    t.equal(await h1(page), 'Your account');
    t.match((await page.locator('.nhsuk-inset-text').textContent()) ?? '', 'Your password has been changed');
    await assertNoAxeViolations(t, page, `your account after the change (${label})`);
    await navigate(page, () => page.getByRole('link', { name: 'Requests', exact: true }).click(), /\/staff\/requests$/);

    // Signing in again needs the new password; the header links to changing it.
    await navigate(page, () => page.getByRole('button', { name: 'Sign out' }).click(), /\/staff\/sign-in$/);
    await signIn(page, agent.username, NEW_PASSWORD, /\/staff\/requests$/);
    await navigate(page, () => page.getByRole('link', { name: 'Change your password' }).click(), /\/staff\/account\/password$/);
    await assertNoAxeViolations(t, page, `the change-password page (${label})`);

    const recorded = (await app.store.audit.search({ reference: agent.username, limit: 20 })).map((e) => e.action);
    for (const action of ['staff.password-reset', 'staff.password-changed']) t.ok(recorded.includes(action), `${action} is recorded`);
    t.same(errors, [], `no console errors (${label})`);
  });
}
