/**
 * A team lead in a real browser opens the figures page from the staff menu, reads the charts
 * and the tables beside them, and picks a range (first a wrong one); axe on every state, the
 * SVG charts included, and no console errors (the CSP would report an inline style or script).
 */
import t from 'tap';
import { submitSample } from '../sample-cleansing-request.js';
import { Client, createStaff, TEST_PASSWORD } from '../helpers.js';
import { assertNoAxeViolations, h1, launchBrowser, navigate, openPage, serve } from './browser.js';

const browser = await launchBrowser(t);

for (const javaScriptEnabled of [true, false]) {
  const label = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  t.test(`a team lead reads the figures and picks a range (${label})`, async (t) => {
    const { app, baseURL } = await serve(t);
    const lead = await createStaff(app, 'team-lead');
    // Some GP journeys and requests, so every chart has something to draw.
    for (const steps of [['', 'neither', 'neither.verified'], ['', 'other'], ['']]) {
      const gp = new Client(app);
      for (const answers of steps) await gp.get(`/problems/lost-email${answers ? `?answers=${answers}` : ''}`);
    }
    await app.journeyTally.flush(app.store.journeys);
    // And journeys started on each of the 12 days before, as the tally would have saved them.
    for (let i = 1; i <= 12; i++) await app.store.journeys.add('lost-email', 'which-fits', 'reached', i, new Date(Date.now() - i * 86_400_000).toISOString().slice(0, 10));
    const sender = { newEmail: 'new.address@example.com', oldEmail: 'old.address@example.com', nhsNumberLast3: '919', lastAccessDate: null, stepsTaken: 'Tried the forgotten password link; the old mailbox is closed.', senderName: 'Pat Practice', senderEmail: 'reception@example.nhs.uk' };
    await submitSample(app, { ...sender, senderOdsCode: 'Y12345' }, { at: new Date(Date.now() - 10 * 86_400_000) });
    await submitSample(app, { ...sender, senderOdsCode: 'B86022' }, { at: new Date() });

    const { page, errors } = await openPage(t, browser, baseURL, { javaScriptEnabled });
    await page.goto('/staff/sign-in');
    await page.getByLabel('Username').fill(lead.username);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await navigate(page, () => page.getByRole('button', { name: 'Sign in' }).click(), /\/staff\/requests$/);

    await navigate(page, () => page.getByRole('link', { name: 'Figures' }).click(), /\/staff\/figures$/);
    t.equal(await h1(page), 'Figures');
    const charts = page.getByRole('img');
    // Every figure with something to draw: no contact forms, completions or open queries yet.
    t.equal(await charts.count(), 10, 'ten charts, each an image with a name');
    t.equal(await page.getByRole('img', { name: 'Practices with the most requests', exact: true }).count(), 1);
    t.match((await page.getByRole('table', { name: 'Practices with the most requests', exact: true }).textContent()) ?? '', /Y12345/);
    t.equal(await page.getByRole('img', { name: 'Requests by kind and status', exact: true }).count(), 1);
    await assertNoAxeViolations(t, page, `the figures (${label})`);

    // The long daily tables sit in a details component under their chart.
    const details = page.getByText('Show these figures as a table');
    t.equal(await details.count(), 1, 'the journeys by day: 13 days of figures');
    await details.click();
    t.ok(await page.getByRole('table', { name: 'GP journeys by day' }).isVisible(), 'its table, shown');
    await assertNoAxeViolations(t, page, `the figures with a table opened (${label})`);

    await page.getByLabel('From', { exact: true }).fill('2026-03-05');
    await page.getByLabel('To (included)').fill('2026-03-01');
    await navigate(page, () => page.getByRole('button', { name: 'Show figures' }).click(), /\/staff\/figures\?/);
    t.equal(await page.locator('.nhsuk-error-summary li').count(), 1, 'the range error');
    t.equal(await page.getByLabel('From', { exact: true }).inputValue(), '2026-03-05', 'what was typed is kept');
    await assertNoAxeViolations(t, page, `the figures with an error (${label})`);

    await page.getByLabel('To (included)').fill('2026-03-31');
    await navigate(page, () => page.getByRole('button', { name: 'Show figures' }).click(), /\/staff\/figures\?/);
    t.match((await page.locator('main').textContent()) ?? '', 'Showing 2026-03-05 to 2026-03-31.');
    await assertNoAxeViolations(t, page, `the figures for a chosen range (${label})`);
    t.same(errors, [], `no console errors (${label})`);
  });
}
