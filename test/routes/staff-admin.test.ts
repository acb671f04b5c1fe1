import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { build, Client, createStaff, errorSummary, heading, inputValue, login, TEST_PASSWORD, title } from '../helpers.js';
import { checkNewPassword } from '../../src/staff/password-policy.js';
import { temporaryPassword } from '../../src/staff/temporary-password.js';

const NEW_PASSWORD = 'marmalade lighthouse orbit';

/** The audit events recorded for a reference (a username), oldest first: [action, by]. */
async function eventsFor(app: FastifyInstance, reference: string): Promise<[string, string | null][]> {
  return (await app.store.audit.search({ reference, limit: 50 })).reverse().map((e) => [e.action, e.actor.username]);
}

async function signIn(app: FastifyInstance, username: string, password: string): Promise<{ client: Client; status: number; location: string }> {
  const client = new Client(app);
  await client.get('/staff/sign-in');
  const response = await client.post('/staff/sign-in', { username, password, next: '/staff/requests' });
  return { client, status: response.statusCode, location: String(response.headers.location) };
}

t.test('temporary passwords: 19 characters in groups of four, each passing the NCSC checks, never the same twice', async (t) => {
  const made = Array.from({ length: 50 }, temporaryPassword);
  for (const password of made) {
    t.match(password, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    t.equal(checkNewPassword(password), null, `${password} passes the password rules`);
  }
  t.equal(new Set(made).size, made.length);
});

t.test('a team lead resets an agent\'s password (made by the service): shown once, the agent is signed out and must choose a new one', async (t) => {
  const { app } = await build(t);
  const { client: lead, user: leadUser } = await login(app, 'team-lead');
  const { client: agentBefore, user: agent } = await login(app, 'agent');

  const form = await lead.get(`/staff/users/${agent.id}/password`);
  t.equal(form.statusCode, 200);
  t.equal(heading(form.body), `Reset the password of ${agent.displayName}`);
  const done = await lead.post(`/staff/users/${agent.id}/password`, { password: '' });
  t.equal(done.statusCode, 200);
  const temporary = /id="temporary-password"[^>]*>([^<]+)</.exec(done.body)?.[1];
  t.ok(temporary, 'the temporary password is shown');
  t.equal((await agentBefore.get('/staff/requests')).statusCode, 303, 'the agent was signed out at once');
  t.equal((await signIn(app, agent.username, TEST_PASSWORD)).status, 422, 'the old password no longer works');

  // Signing in with the temporary password leads to the change-password page, from every staff page.
  const { client, status } = await signIn(app, agent.username, temporary!);
  t.equal(status, 303);
  for (const path of ['/staff/requests', '/staff/triage', '/staff/account']) {
    const page = await client.get(path);
    t.equal(page.statusCode, 303, `${path} redirects`);
    t.equal(page.headers.location, '/staff/account/password');
  }
  const change = await client.get('/staff/account/password');
  t.equal(change.statusCode, 200);
  t.match(change.body, 'A team lead has reset your password');
  const same = await client.post('/staff/account/password', { currentPassword: temporary!, password: temporary!, confirmPassword: temporary! });
  t.equal(same.statusCode, 422);
  t.same(errorSummary(same.body), [{ href: '#password', message: 'Choose a new password that is different from your current one' }]);
  const changed = await client.post('/staff/account/password', { currentPassword: temporary!, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
  t.equal(changed.statusCode, 303);
  t.equal(changed.headers.location, '/staff/account?changed=password');
  t.equal((await client.get('/staff/requests')).statusCode, 200, 'the staff area is open again');
  t.match((await client.get('/staff/account?changed=password')).body, 'Your password has been changed');

  t.same(await eventsFor(app, agent.username), [
    ['staff.password-reset', leadUser.username],
    ['staff.sign-in-failed:wrong-password', null],
    ['staff.password-changed', agent.username],
  ]);
});

t.test('a team lead may type the temporary password; it must pass the same rules', async (t) => {
  const { app } = await build(t);
  const { client: lead } = await login(app, 'team-lead');
  const agent = await createStaff(app, 'agent');
  await lead.get(`/staff/users/${agent.id}/password`);
  for (const [typed, message] of [
    ['short', 'Password must be 12 characters or more'],
    ['password1234', /^Choose a password that is harder to guess/],
    [`${agent.username} is me`, 'Password must not contain the username'],
  ] as const) {
    const refused = await lead.post(`/staff/users/${agent.id}/password`, { password: typed });
    t.equal(refused.statusCode, 422, typed);
    t.match(title(refused.body), /^Error: /);
    t.match(errorSummary(refused.body), [{ href: '#password', message }]);
    t.equal(inputValue(refused.body, 'password'), typed, 'what was typed is kept');
  }
  const done = await lead.post(`/staff/users/${agent.id}/password`, { password: 'velvet tractor umbrella' });
  t.equal(done.statusCode, 200);
  t.notMatch(done.body, 'velvet tractor umbrella', 'a typed password is not shown back');
  t.notMatch(done.body, 'Their sign-in is locked', 'not locked: nothing said');
  t.equal((await signIn(app, agent.username, 'velvet tractor umbrella')).status, 303);
  t.equal((await app.store.staff.findById(agent.id))?.mustChangePassword, true);
});

t.test('a team lead changes a role; it takes effect on the next page; audited', async (t) => {
  const { app } = await build(t);
  const { client: lead, user: leadUser } = await login(app, 'team-lead');
  const { client: agentClient, user: agent } = await login(app, 'agent');
  t.equal((await agentClient.get('/staff/users')).statusCode, 403);
  const form = await lead.get(`/staff/users/${agent.id}/role`);
  t.equal(heading(form.body), `Change the role of ${agent.displayName}`);
  const empty = await lead.post(`/staff/users/${agent.id}/role`, {});
  t.equal(empty.statusCode, 422);
  t.same(errorSummary(empty.body), [{ href: '#role', message: 'Select a role' }]);
  t.equal((await lead.post(`/staff/users/${agent.id}/role`, { role: 'team-lead' })).statusCode, 303);
  t.equal((await agentClient.get('/staff/users')).statusCode, 200, 'now a team lead, without signing in again');
  // The same role again changes nothing and records nothing.
  t.equal((await lead.post(`/staff/users/${agent.id}/role`, { role: 'team-lead' })).statusCode, 303);
  t.same(await eventsFor(app, agent.username), [['staff.role-changed', leadUser.username]]);
});

t.test('nobody disables, demotes or resets themselves here; the pages say why', async (t) => {
  const { app } = await build(t);
  const { client: lead, user } = await login(app, 'team-lead');
  await createStaff(app, 'team-lead');
  const list = await lead.get('/staff/users');
  t.notMatch(list.body, `/staff/users/${user.id}/`, 'no actions on your own row');
  for (const [method, path, message] of [
    ['POST', 'disable', 'You cannot disable your own account'],
    ['GET', 'role', 'You cannot change your own role'],
    ['POST', 'role', 'You cannot change your own role'],
    ['GET', 'password', 'You cannot reset your own password here'],
  ] as const) {
    await lead.get('/staff/users');
    const response = method === 'GET' ? await lead.get(`/staff/users/${user.id}/${path}`) : await lead.post(`/staff/users/${user.id}/${path}`, { role: 'agent' });
    t.equal(response.statusCode, 409, `${method} ${path}`);
    t.match(heading(response.body), message);
  }
  t.match(await app.store.staff.findById(user.id), { role: 'team-lead', disabled: false });
});

t.test('two team leads disabling, or demoting, each other at once: one active team lead remains, and the other is told why', async (t) => {
  for (const [what, path, form] of [
    ['disable', 'disable', {}],
    ['demote', 'role', { role: 'agent' }],
  ] as const) {
    const { app } = await build(t);
    const a = await login(app, 'team-lead');
    const b = await login(app, 'team-lead');
    await a.client.get('/staff/users');
    await b.client.get('/staff/users');
    const [toB, toA] = await Promise.all([a.client.post(`/staff/users/${b.user.id}/${path}`, form), b.client.post(`/staff/users/${a.user.id}/${path}`, form)]);
    const active = (await app.store.staff.list()).filter((u) => u.role === 'team-lead' && !u.disabled);
    t.equal(active.length, 1, `${what}: exactly one active team lead left`);
    const refused = [toB, toA].find((r) => r.statusCode !== 303)!;
    t.ok(refused, `${what}: one was refused`);
    // Refused by the store's guard (409, with the reason), or signed out first by the other's change (401).
    if (refused.statusCode === 409) t.match(errorSummary(refused.body)[0]?.message, /is the only active team lead, so they cannot be (disabled|made an agent)/);
    else t.equal(refused.statusCode, 401);
  }
});

t.test('disabling ends the person\'s sessions at once; the staff list shows the last sign-in', async (t) => {
  const now = new Date('2026-11-30T09:05:00Z');
  const { app } = await build(t, {}, () => now);
  const { client: lead } = await login(app, 'team-lead');
  const { client: agentClient, user: agent } = await login(app, 'agent');
  const never = await createStaff(app, 'agent');
  const list = await lead.get('/staff/users');
  t.match(list.body, 'Last sign-in');
  t.match(list.body, '30 November 2026, 9:05am', 'the agent\'s sign-in time');
  t.match(list.body, new RegExp(`${never.username}</td>[\\s\\S]*?Never`), 'never signed in');
  t.equal((await app.store.staff.findById(agent.id))?.lastSignInAt?.toISOString(), now.toISOString());

  t.equal((await lead.post(`/staff/users/${agent.id}/disable`, {})).statusCode, 303);
  t.equal((await agentClient.get('/staff/requests')).statusCode, 303, 'signed out at once');
  // Re-enabling does not bring the old session back.
  await lead.get('/staff/users');
  t.equal((await lead.post(`/staff/users/${agent.id}/enable`, {})).statusCode, 303);
  t.equal((await agentClient.get('/staff/requests')).statusCode, 303, 'the session is gone, not just refused');
});

t.test('every staff member changes their own password: the current one is checked, other sessions end, the CSRF secret changes', async (t) => {
  const { app } = await build(t);
  const { client, user } = await login(app, 'agent');
  const other = await signIn(app, user.username, TEST_PASSWORD);
  t.equal((await other.client.get('/staff/requests')).statusCode, 200);

  const form = await client.get('/staff/account/password');
  t.match(form.body, 'href="/staff/account/password"', 'the header links to it');
  const wrong = await client.post('/staff/account/password', { currentPassword: 'not my password', password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
  t.equal(wrong.statusCode, 422);
  t.same(errorSummary(wrong.body), [{ href: '#current-password', message: 'Your current password is not right' }]);
  const mismatch = await client.post('/staff/account/password', { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD, confirmPassword: 'something else' });
  t.same(errorSummary(mismatch.body), [{ href: '#confirm-password', message: 'Passwords do not match' }]);
  const weak = await client.post('/staff/account/password', { currentPassword: '', password: 'qwertyuiop12', confirmPassword: 'qwertyuiop12' });
  t.same(errorSummary(weak.body).map((e) => e.href), ['#current-password', '#password']);

  const before = client.csrfToken()!;
  const changed = await client.post('/staff/account/password', { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
  t.equal(changed.statusCode, 303);
  t.equal((await other.client.get('/staff/requests')).statusCode, 303, 'the other session ended');
  const after = await client.get('/staff/account?changed=password');
  t.equal(after.statusCode, 200, 'this browser stays signed in');
  t.not(client.csrfToken(), before, 'with a new CSRF token');
  t.equal((await client.post('/staff/sign-out', { _csrf: before })).statusCode, 403, 'the old token no longer works');
  t.equal((await signIn(app, user.username, NEW_PASSWORD)).status, 303, 'the new password works');
  t.same(await eventsFor(app, user.username), [['staff.password-changed', user.username]]);
});

t.test('resetting the password of a locked username says so, and where to lift the lock', async (t) => {
  const { app } = await build(t);
  const { client: lead } = await login(app, 'team-lead');
  const agent = await createStaff(app, 'agent');
  for (let i = 0; i < app.config.SIGN_IN_LOCK_FAILURES; i++) await signIn(app, agent.username, 'not the password');
  await lead.get(`/staff/users/${agent.id}/password`);
  const done = await lead.post(`/staff/users/${agent.id}/password`, { password: '' });
  t.match(done.body, /Their sign-in is locked after too many failed tries, until [^.]+\. Lift the lock on the staff accounts page/);
});
