/**
 * The PIN-document checker's three levels and the NHS login reference pages in a real browser:
 * axe-core on each, with the app's CSP, with and without JavaScript.
 */
import t from 'tap';
import { assertNoAxeViolations, h1, launchBrowser, openPage, serve } from './browser.js';

const browser = await launchBrowser(t);

t.test('the checker results (Passed, Warning, Needs fixing) and the CID pages pass axe', async (t) => {
  const { baseURL } = await serve(t);
  for (const javaScriptEnabled of [true, false]) {
    const label = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
    const { page, errors } = await openPage(t, browser, baseURL, { javaScriptEnabled });

    await page.goto('/check/linkage');
    await page.getByLabel('Linkage key or passphrase', { exact: true }).fill(' Ab/cd!ef9');
    await page.getByLabel('Account ID').fill('0123456');
    await page.getByLabel('ODS code').fill('V81999');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Check these details' }).click()]);
    t.equal(await page.locator('.nhsuk-card__heading', { hasText: 'Passed with warnings' }).count(), 1, `overall line (${label})`);
    t.ok((await page.locator('.nhsuk-tag', { hasText: 'Warning' }).count()) >= 3, 'a Warning tag per warning');
    await assertNoAxeViolations(t, page, `the checker with warnings (${label})`);

    await page.getByLabel('Account ID').fill('12345 67890');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Check these details' }).click()]);
    t.equal(await page.locator('.nhsuk-card__heading', { hasText: 'Something needs fixing' }).count(), 1);
    t.ok((await page.locator('.nhsuk-tag', { hasText: 'Needs fixing' }).count()) >= 1);
    await assertNoAxeViolations(t, page, `the checker with a fault (${label})`);

    await page.goto('/problems');
    await page.getByLabel('Error code or reference the patient sees (if any)').fill('Reference CID7004');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Go to the checks for this code' }).click()]);
    t.equal(await h1(page), 'CID7004', `the box finds a pasted NHS login reference (${label})`);
    await assertNoAxeViolations(t, page, `an NHS login reference page (${label})`);

    await page.goto('/problems/nhs-login-codes');
    await assertNoAxeViolations(t, page, `the list of NHS login references (${label})`);

    await page.goto('/problems/code?code=hello');
    await assertNoAxeViolations(t, page, `the code box explaining what a code looks like (${label})`);
    t.same(errors, [], `nothing blocked or failed (${label})`);
  }
});
