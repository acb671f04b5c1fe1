/**
 * A team lead in a real browser: finds an agent's action in the audit log by filtering, exports
 * it, and checks the log's integrity; with and without JavaScript, axe on every page and state.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { Client, createStaff, TEST_PASSWORD } from '../helpers.js';
import { assertNoAxeViolations, h1, launchBrowser, navigate, openPage, serve } from './browser.js';

const browser = await launchBrowser(t);

for (const javaScriptEnabled of [true, false]) {
  const label = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  t.test(`a team lead finds an agent's action, exports it and checks the log (${label})`, async (t) => {
    const { app, baseURL } = await serve(t);
    const lead = await createStaff(app, 'team-lead');
    const agent = await createStaff(app, 'agent');
    // The agent signs in and opens the request queue.
    const agentClient = new Client(app);
    await agentClient.get('/staff/sign-in');
    await agentClient.post('/staff/sign-in', { username: agent.username, password: TEST_PASSWORD, next: '/staff/requests' });
    await agentClient.get('/staff/requests');

    const { page, errors } = await openPage(t, browser, baseURL, { javaScriptEnabled });
    await page.goto('/staff/sign-in');
    await page.getByLabel('Username').fill(lead.username);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await navigate(page, () => page.getByRole('button', { name: 'Sign in' }).click(), /\/staff\/requests$/);

    await navigate(page, () => page.getByRole('link', { name: 'Audit log' }).click(), /\/staff\/audit$/);
    t.equal(await h1(page), 'Audit log');
    await assertNoAxeViolations(t, page, `the audit log (${label})`);

    // A date range the wrong way round: the error summary, the filters kept.
    await page.getByLabel('Username').fill(agent.username);
    await page.getByLabel('From (UK date)').fill('2026-03-02');
    await page.getByLabel('To (UK date, included)').fill('2026-03-01');
    await navigate(page, () => page.getByRole('button', { name: 'Show events' }).click(), /\/staff\/audit\?/);
    t.equal(await page.locator('.nhsuk-error-summary li').count(), 1, 'the date range error');
    t.equal(await page.getByLabel('Username').inputValue(), agent.username, 'what was typed is kept');
    await assertNoAxeViolations(t, page, `the audit log filter with an error (${label})`);

    await page.getByLabel('From (UK date)').fill('');
    await page.getByLabel('To (UK date, included)').fill('');
    await page.getByLabel('What happened').selectOption({ label: 'Opened the request queue' });
    await navigate(page, () => page.getByRole('button', { name: 'Show events' }).click(), /\/staff\/audit\?/);
    const rows = page.locator('tbody tr');
    t.equal(await rows.count(), 1, 'one matching event');
    t.match((await rows.first().textContent()) ?? '', agent.username);
    t.match((await rows.first().textContent()) ?? '', 'Opened the request queue');
    await assertNoAxeViolations(t, page, `the filtered audit log (${label})`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /as a spreadsheet \(CSV\)/ }).click()]);
    const csv = readFileSync(await download.path());
    t.equal(csv.subarray(0, 3).toString('hex'), 'efbbbf', 'the export starts with a BOM');
    const lines = csv.toString('utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    t.equal(lines.length, 2, 'the header and the one event');
    t.match(lines[1], `,${agent.username},${agent.id},requests.listed,`);

    await navigate(page, () => page.getByRole('link', { name: "check the log's integrity" }).click(), /\/staff\/audit\/verify$/);
    t.equal(await h1(page), "Check the audit log's integrity");
    await assertNoAxeViolations(t, page, `the integrity check (${label})`);
    await navigate(page, () => page.getByRole('button', { name: "Check the log's integrity" }).click(), /\/staff\/audit\/verify$/);
    t.equal(await h1(page), 'The audit log is intact');
    await assertNoAxeViolations(t, page, `the integrity check's result (${label})`);

    const recorded = (await app.store.audit.search({ username: lead.username, limit: 20 })).map((e) => e.action);
    for (const action of ['audit.viewed', 'audit.exported', 'audit.verified']) t.ok(recorded.includes(action), `${action} is recorded`);
    t.same(errors, [], `no console errors (${label})`);
  });
}
