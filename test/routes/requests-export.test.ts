import t from 'tap';
import { submitSample } from '../sample-cleansing-request.js';
import { build, login } from '../helpers.js';

const lines = (body: string) => body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');

t.test('a team lead exports the filtered requests: no personal data unless asked for, each export recorded', async (t) => {
  const { app } = await build(t);
  await submitSample(app, { senderOdsCode: 'Y12345', senderName: '=HYPERLINK("x")' });
  await submitSample(app, { senderOdsCode: 'B86022' });
  const { client: lead } = await login(app, 'team-lead');
  const queue = await lead.get('/staff/requests?ods=Y12345');
  t.match(queue.body, 'href="/staff/requests/export.csv?ods=Y12345"');

  const plain = await lead.get('/staff/requests/export.csv?ods=Y12345');
  t.equal(plain.statusCode, 200);
  t.match(plain.headers['content-type'], 'text/csv');
  t.equal(plain.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf', 'with a BOM for Excel');
  const rows = lines(plain.body);
  t.equal(rows.length, 2, 'the header and the one matching request');
  t.notMatch(plain.body, /@example|HYPERLINK/, 'no email or name');

  const full = await lead.get('/staff/requests/export.csv?ods=Y12345&personal=yes');
  t.match(full.body, 'jo.old@example.com');
  t.match(full.body, `"'=HYPERLINK(""x"")"`, 'a cell that would be a formula is neutralised');
  const actions = (await app.store.audit.list({ limit: 20 })).map((e) => e.action);
  t.ok(actions.includes('requests.exported'));
  t.ok(actions.includes('requests.exported-with-personal-data'), 'asking for personal data is recorded as such');

  const { client: agent } = await login(app, 'agent');
  t.equal((await agent.get('/staff/requests/export.csv')).statusCode, 403, 'agents cannot export');
  t.notMatch((await agent.get('/staff/requests')).body, 'export.csv', 'nor are they offered it');
});
