import t from 'tap';
import { build, Client, createStaff, errorSummary, heading, login, TEST_PASSWORD, title } from '../helpers.js';

t.test('first start: one log line with a one-time set-up link that creates the first team lead', async (t) => {
  const built = await build(t);
  const lines = built.logs.filter((l) => typeof l.setupLink === 'string');
  t.equal(lines.length, 1, 'one set-up line');
  const path = new URL(String(lines[0]!.setupLink)).pathname;

  const client = new Client(built.app);
  const form = await client.get(path);
  t.equal(heading(form.body), 'Create the first team lead');

  const weak = await client.post(path, { username: 'lead', displayName: 'Lee Lead', password: 'short', confirmPassword: 'short' });
  t.equal(weak.statusCode, 422);
  t.same(errorSummary(weak.body).map((e) => e.href), ['#password']);

  const created = await client.post(path, { username: 'lead', displayName: 'Lee Lead', password: TEST_PASSWORD, confirmPassword: TEST_PASSWORD });
  t.equal(created.statusCode, 303);
  t.equal(created.headers.location, '/staff/users');
  const users = await client.get('/staff/users');
  t.equal(users.statusCode, 200, 'signed in as the new team lead');
  t.match(users.body, 'Lee Lead');
  t.match((await built.app.store.staff.findByUsername('lead'))?.passwordHash, /^\$argon2id\$/, 'password hashed with argon2id');

  t.equal((await new Client(built.app).get(path)).statusCode, 404, 'the link works once');
});

t.test('no set-up link once staff accounts exist', async (t) => {
  const built = await build(t);
  await createStaff(built.app, 'team-lead');
  t.equal((await new Client(built.app).get('/setup/anything')).statusCode, 404);
});

t.test('sign in: wrong details get one message that does not say which was wrong', async (t) => {
  const { app } = await build(t);
  const user = await createStaff(app, 'agent');
  for (const [username, password] of [[user.username, 'wrong password!'], ['nobody', TEST_PASSWORD]] as const) {
    const client = new Client(app);
    await client.get('/staff/sign-in');
    const response = await client.post('/staff/sign-in', { username, password });
    t.equal(response.statusCode, 422);
    t.match(title(response.body), /^Error: Sign in/);
    t.same(errorSummary(response.body), [{ href: '#username', message: 'Enter a correct username and password' }]);
  }
});

t.test('the staff area needs a sign-in, and sign-out ends it at once', async (t) => {
  const { app } = await build(t);
  const anonymous = await new Client(app).get('/staff/requests');
  t.equal(anonymous.statusCode, 303);
  t.equal(anonymous.headers.location, '/staff/sign-in?next=%2Fstaff%2Frequests');

  const { client } = await login(app, 'agent');
  t.equal((await client.get('/staff/requests')).statusCode, 200);
  const before = client.csrfToken()!;
  const out = await client.post('/staff/sign-out', { _csrf: before });
  t.equal(out.statusCode, 303);
  t.equal((await client.get('/staff/requests')).statusCode, 303, 'signed out');
});

t.test('disabling an account signs that person out at once', async (t) => {
  const { app } = await build(t);
  const { client: lead } = await login(app, 'team-lead');
  const { client: agent, user } = await login(app, 'agent');
  t.equal((await agent.get('/staff/requests')).statusCode, 200);

  await lead.get('/staff/users');
  const disabled = await lead.post(`/staff/users/${user.id}/disable`, {});
  t.equal(disabled.statusCode, 303);
  t.equal((await agent.get('/staff/requests')).statusCode, 303, 'the agent is signed out');

  const again = new Client(app);
  await again.get('/staff/sign-in');
  t.equal((await again.post('/staff/sign-in', { username: user.username, password: TEST_PASSWORD })).statusCode, 422, 'and cannot sign in');
});

t.test('agents cannot manage staff accounts', async (t) => {
  const { app } = await build(t);
  const { client } = await login(app, 'agent');
  t.equal((await client.get('/staff/users')).statusCode, 403);
  t.equal((await client.post('/staff/users/new', { username: 'x', displayName: 'x', role: 'team-lead', password: TEST_PASSWORD, confirmPassword: TEST_PASSWORD })).statusCode, 403);
});

t.test('a team lead adds an agent, who can then sign in', async (t) => {
  const { app } = await build(t);
  const { client: lead } = await login(app, 'team-lead');
  await lead.get('/staff/users/new');
  const taken = await lead.post('/staff/users/new', { username: '', displayName: '', role: '', password: '', confirmPassword: '' });
  t.equal(taken.statusCode, 422);
  t.same(errorSummary(taken.body).map((e) => e.href), ['#username', '#display-name', '#role', '#password']);
  const added = await lead.post('/staff/users/new', { username: 'sam.agent', displayName: 'Sam Agent', role: 'agent', password: TEST_PASSWORD, confirmPassword: TEST_PASSWORD });
  t.equal(added.statusCode, 303);
  const sam = new Client(app);
  await sam.get('/staff/sign-in');
  t.equal((await sam.post('/staff/sign-in', { username: 'Sam.Agent', password: TEST_PASSWORD })).statusCode, 303, 'usernames are case-insensitive');
});

t.test('sign-in is rate limited', async (t) => {
  const { app } = await build(t, { SIGN_IN_RATE_LIMIT: 3 });
  const client = new Client(app);
  await client.get('/staff/sign-in');
  const token = client.csrfToken()!;
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await client.post('/staff/sign-in', { _csrf: token, username: 'x', password: 'y' })).statusCode);
  t.same(statuses, [422, 422, 422, 429]);
});

t.test('a queue view and a full view are both in the audit log, with no personal data', async (t) => {
  const { app } = await build(t);
  const { client, user } = await login(app, 'agent');
  await client.get('/staff/requests');
  t.equal((await client.get('/staff/requests/CLN-AAA-AAA')).statusCode, 404, 'an unknown reference');
  t.equal((await client.get('/staff/requests/not-a-reference')).statusCode, 404);
  const events = await app.store.audit.list({ limit: 10 });
  t.ok(events.some((e) => e.action === 'requests.listed' && e.actor.userId === user.id));
  t.ok(events.some((e) => e.action === 'staff.signed-in'));
});
