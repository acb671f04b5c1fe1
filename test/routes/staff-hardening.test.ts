import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { build, Client, createStaff, errorSummary, heading, hiddenField, login, TEST_PASSWORD } from '../helpers.js';
import { loadConfig } from '../../src/config.js';

const setupPath = (logs: Record<string, unknown>[]): string => {
  const line = logs.find((l) => typeof l.setupLink === 'string');
  return new URL(String(line!.setupLink)).pathname;
};

const leadForm = (i: number) => ({ username: `lead${i}`, displayName: `Lead ${i}`, password: TEST_PASSWORD, confirmPassword: TEST_PASSWORD });

/** A clock the test moves. */
function clock(start = Date.now()) {
  let at = start;
  return { now: () => new Date(at), advance: (ms: number) => (at += ms) };
}

t.test('set-up race: of six concurrent POSTs to the link (app.inject), exactly one creates a team lead', async (t) => {
  const built = await build(t);
  const path = setupPath(built.logs);
  const client = new Client(built.app);
  await client.get(path);
  const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => client.post(path, leadForm(i))));
  const statuses = responses.map((r) => r.statusCode).sort();
  t.same(statuses, [303, 404, 404, 404, 404, 404], 'one wins, the others see the used-link page');
  for (const lost of responses.filter((r) => r.statusCode === 404)) t.equal(heading(lost.body), 'This set-up link has been used or has expired');
  t.equal(await built.app.store.staff.count(), 1, 'one account');
  t.equal((await built.app.store.staff.list())[0]!.role, 'team-lead');
});

t.test('set-up race against a listening server: real sockets, still exactly one team lead', async (t) => {
  const built = await build(t);
  const path = setupPath(built.logs);
  const address = await built.app.listen({ host: '127.0.0.1', port: 0 });
  const form = await fetch(address + path);
  const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = hiddenField(await form.text(), '_csrf')!;
  const post = (i: number) =>
    fetch(address + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: csrf, ...leadForm(i) }).toString(),
    });
  const statuses = (await Promise.all(Array.from({ length: 8 }, (_, i) => post(i)))).map((r) => r.status).sort();
  t.same(statuses, [303, 404, 404, 404, 404, 404, 404, 404]);
  t.equal(await built.app.store.staff.count(), 1);
});

t.test('the set-up link expires (SETUP_TOKEN_HOURS), and a form error does not use it up', async (t) => {
  const time = clock();
  const built = await build(t, { SETUP_TOKEN_HOURS: 2 }, time.now);
  const path = setupPath(built.logs);
  const client = new Client(built.app);
  await client.get(path);
  const weak = await client.post(path, { ...leadForm(1), password: 'password1234', confirmPassword: 'password1234' });
  t.equal(weak.statusCode, 422);
  t.match(errorSummary(weak.body)[0]?.message, /harder to guess/);
  const csrf = client.csrfToken()!;
  time.advance(2 * 3_600_000 + 1000);
  t.equal((await client.get(path)).statusCode, 404, 'expired after 2 hours');
  t.equal((await client.post(path, { _csrf: csrf, ...leadForm(1) })).statusCode, 404);
  t.equal(await built.app.store.staff.count(), 0);
});

/** Signs in from a fresh browser; returns the status. */
async function signIn(app: FastifyInstance, username: string, password: string, ip = '192.0.2.10') {
  const client = new Client(app);
  await client.get('/staff/sign-in');
  const response = await app.inject({
    method: 'POST',
    url: '/staff/sign-in',
    remoteAddress: ip,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: client.cookieHeaderValue() },
    payload: new URLSearchParams({ _csrf: client.csrfToken()!, username, password }).toString(),
  });
  return response;
}

t.test('per-IP limit counts failures only: the 11th and 30th good sign-in from one address in 15 minutes work', async (t) => {
  const { app } = await build(t);
  const user = await createStaff(app, 'agent');
  const statuses = [];
  for (let i = 0; i < 30; i++) statuses.push((await signIn(app, user.username, TEST_PASSWORD)).statusCode);
  t.same(new Set(statuses), new Set([303]));
});

t.test('per-IP limit: after SIGN_IN_RATE_LIMIT failures from one address, even a good password from it waits', async (t) => {
  const { app } = await build(t, { SIGN_IN_RATE_LIMIT: 3 });
  const user = await createStaff(app, 'agent');
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await signIn(app, `nobody${i}`, 'wrong password!')).statusCode);
  statuses.push((await signIn(app, user.username, TEST_PASSWORD)).statusCode);
  statuses.push((await signIn(app, user.username, TEST_PASSWORD, '198.51.100.7')).statusCode);
  t.same(statuses, [422, 422, 422, 429, 303], 'another address is not affected');
});

t.test('per-account lock: 5 failures from 5 addresses lock the username for 15 minutes; the person is told; a team lead lifts it', async (t) => {
  const time = clock();
  const built = await build(t, {}, time.now);
  const { app } = built;
  const user = await createStaff(app, 'agent', 'pat.agent');
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await signIn(app, 'Pat.Agent', `wrong password ${i}`, `203.0.113.${i}`)).statusCode);
  t.same(statuses, [422, 422, 422, 422, 429], 'the fifth failure locks');

  const locked = await signIn(app, user.username, TEST_PASSWORD, '203.0.113.99');
  t.equal(locked.statusCode, 429, 'the right password from a new address is refused while locked');
  t.match(errorSummary(locked.body)[0]?.message, /This account is locked for 15 minutes after 5 failed sign-ins.*ask a team lead to lift the lock/);
  t.notMatch(built.logText(), /wrong password/, 'passwords never logged');

  const events = await app.store.audit.list({ limit: 50 });
  t.equal(events.filter((e) => e.action === 'staff.sign-in-failed:wrong-password' && e.reference === 'Pat.Agent' && e.actor.userId === null).length, 5, 'each failure audited with the username as typed');
  t.ok(built.logs.some((l) => l.msg === 'sign-in failed' && l.username === 'Pat.Agent'), 'and logged');

  const { client: lead, user: leadUser } = await login(app, 'team-lead');
  const page = await lead.get('/staff/users');
  t.match(page.body, 'Lift sign-in lock<span class="nhsuk-u-visually-hidden"> for pat.agent');
  t.equal((await lead.post(`/staff/users/${user.id}/unlock`, {}, { csrf: false })).statusCode, 403, 'CSRF checked');
  t.equal((await lead.post(`/staff/users/${user.id}/unlock`, {})).statusCode, 303);
  t.ok((await app.store.audit.list({ limit: 5 })).some((e) => e.action === 'staff.sign-in-lock-lifted' && e.reference === 'pat.agent' && e.actor.userId === leadUser.id));
  t.equal((await signIn(app, user.username, TEST_PASSWORD)).statusCode, 303, 'lifted');
});

t.test('per-account lock ends by itself after SIGN_IN_LOCK_MINUTES; unknown usernames lock the same way', async (t) => {
  const time = clock();
  const { app } = await build(t, { SIGN_IN_LOCK_FAILURES: 2, SIGN_IN_LOCK_MINUTES: 10 }, time.now);
  const user = await createStaff(app, 'agent');
  for (const name of [user.username, 'no-such-person']) {
    t.equal((await signIn(app, name, 'wrong password!')).statusCode, 422);
    t.equal((await signIn(app, name, 'wrong password!')).statusCode, 429, `${name}: locked`);
  }
  time.advance(10 * 60_000 + 1000);
  t.equal((await signIn(app, user.username, TEST_PASSWORD)).statusCode, 303, 'unlocked after 10 minutes');
});

t.test('concurrent guesses cannot slip past the account limit while argon2 runs', async (t) => {
  const { app } = await build(t, { SIGN_IN_RATE_LIMIT: 1000 });
  const user = await createStaff(app, 'agent');
  const client = new Client(app);
  await client.get('/staff/sign-in');
  const guesses = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      app.inject({
        method: 'POST',
        url: '/staff/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: client.cookieHeaderValue() },
        payload: new URLSearchParams({ _csrf: client.csrfToken()!, username: user.username, password: `guess number ${i}` }).toString(),
      }),
    ),
  );
  const checked = (await app.store.audit.list({ limit: 100 })).filter((e) => e.action === 'staff.sign-in-failed:wrong-password').length;
  t.equal(checked, 5, 'only five passwords were checked');
  t.equal(guesses.filter((g) => g.statusCode === 422).length, 4, 'four told the details are wrong');
  t.equal(guesses.filter((g) => g.statusCode === 429).length, 8, 'the fifth, and the seven unchecked, told the account is locked');
});

t.test('STAFF_SESSION_HOURS=1.1 works: the cookie lasts 3960 whole seconds', async (t) => {
  const { app } = await build(t, { STAFF_SESSION_HOURS: 1.1 });
  const user = await createStaff(app, 'agent');
  const response = await signIn(app, user.username, TEST_PASSWORD);
  t.equal(response.statusCode, 303);
  t.match(String(response.headers['set-cookie']), /sid=[^;]+;.*Max-Age=3960/);
});

t.test('set-up with STAFF_SESSION_HOURS=1.1 signs in too (and does not burn the link on a 500)', async (t) => {
  const built = await build(t, { STAFF_SESSION_HOURS: 1.1 });
  const path = setupPath(built.logs);
  const client = new Client(built.app);
  await client.get(path);
  t.equal((await client.post(path, leadForm(1))).statusCode, 303);
  t.equal((await client.get('/staff/users')).statusCode, 200);
});

t.test('time settings the config accepts all work, and the ones it refuses name the variable', async (t) => {
  for (const hours of ['1.1', '0.5', '0.0167', '8784', '24']) t.doesNotThrow(() => loadConfig({ STAFF_SESSION_HOURS: hours }), hours);
  const refusals: [Record<string, string>, RegExp][] = [
    [{ STAFF_SESSION_HOURS: '0.001' }, /STAFF_SESSION_HOURS: STAFF_SESSION_HOURS must be at least one minute/],
    [{ STAFF_SESSION_HOURS: '100000' }, /STAFF_SESSION_HOURS/],
    [{ STAFF_SESSION_HOURS: 'Infinity' }, /STAFF_SESSION_HOURS/],
    [{ STAFF_IDLE_MINUTES: '1.5' }, /STAFF_IDLE_MINUTES/],
    [{ SIGN_IN_RATE_WINDOW: 'a while' }, /SIGN_IN_RATE_WINDOW: must be a duration/],
    [{ PUBLIC_SUBMIT_RATE_WINDOW: '0' }, /PUBLIC_SUBMIT_RATE_WINDOW/],
    [{ SIGN_IN_LOCK_MINUTES: '0' }, /SIGN_IN_LOCK_MINUTES/],
    [{ SETUP_TOKEN_HOURS: '-1' }, /SETUP_TOKEN_HOURS/],
    [{ DRAFT_MINUTES: '0.5' }, /DRAFT_MINUTES/],
    [{ DATA_KEY: 'too short' }, /DATA_KEY: DATA_KEY must be 32 bytes/],
  ];
  for (const [env, message] of refusals) t.throws(() => loadConfig(env), { message }, JSON.stringify(env));
});

t.test('signing in again from a browser with a live session deletes the old session', async (t) => {
  const { app } = await build(t);
  const { client, user } = await login(app, 'agent');
  const firstCookie = client.cookieHeaderValue();
  await client.get('/staff/sign-in');
  // Already signed in: the sign-in page redirects, but a second POST is still possible (say, another tab).
  await client.get('/staff/requests');
  const again = await client.post('/staff/sign-in', { username: user.username, password: TEST_PASSWORD });
  t.equal(again.statusCode, 303);
  const old = await app.inject({ method: 'GET', url: '/staff/requests', headers: { cookie: firstCookie } });
  t.equal(old.statusCode, 303, 'the old session no longer works');
  t.equal((await client.get('/staff/requests')).statusCode, 200, 'the new one does');
});

t.test('the CSRF secret changes at sign-in, sign-out and set-up', async (t) => {
  const csrfCookie = (c: Client) => /_csrf=([^;]+)/.exec(c.cookieHeaderValue())?.[1];
  const { app } = await build(t);
  const user = await createStaff(app, 'agent');
  const client = new Client(app);
  await client.get('/staff/sign-in');
  const before = csrfCookie(client);
  const oldToken = client.csrfToken()!;
  t.ok(before);
  await client.post('/staff/sign-in', { username: user.username, password: TEST_PASSWORD });
  const signedIn = csrfCookie(client);
  t.not(signedIn, before, 'new secret at sign-in');
  t.equal((await client.post('/staff/sign-out', { _csrf: oldToken })).statusCode, 403, 'a token from before sign-in no longer works');
  await client.get('/staff/requests');
  await client.post('/staff/sign-out', {});
  t.not(csrfCookie(client), signedIn, 'new secret at sign-out');

  const built = await build(t);
  const path = setupPath(built.logs);
  const lead = new Client(built.app);
  await lead.get(path);
  const atForm = csrfCookie(lead);
  await lead.post(path, leadForm(1));
  t.not(csrfCookie(lead), atForm, 'new secret at set-up');
});

t.test('idle timeout (sliding) and absolute lifetime end sessions, and each is audited', async (t) => {
  const time = clock();
  const { app } = await build(t, { STAFF_IDLE_MINUTES: 30, STAFF_SESSION_HOURS: 2 }, time.now);
  const { client, user } = await login(app, 'agent');
  for (let i = 0; i < 4; i++) {
    time.advance(25 * 60_000);
    t.equal((await client.get('/staff/requests')).statusCode, 200, `still signed in after ${(i + 1) * 25} minutes of use`);
  }
  time.advance(21 * 60_000); // 2h 1min: past the absolute lifetime, not idle for 30 minutes
  t.equal((await client.get('/staff/requests')).statusCode, 303, 'absolute lifetime');
  t.ok((await app.store.audit.list({ limit: 5 })).some((e) => e.action === 'staff.session-expired-absolute' && e.actor.userId === user.id));

  const { client: idle, user: idler } = await login(app, 'agent');
  time.advance(31 * 60_000);
  const ended = await idle.get('/staff/requests');
  t.equal(ended.statusCode, 303, 'idle for 31 minutes');
  t.equal(ended.headers.location, '/staff/sign-in?next=%2Fstaff%2Frequests&ended=idle');
  t.match((await idle.get(String(ended.headers.location))).body, 'You were signed out because the service had not been used for 30 minutes.', 'the person is told why');
  t.ok((await app.store.audit.list({ limit: 5 })).some((e) => e.action === 'staff.session-expired-idle' && e.actor.userId === idler.id));
});

t.test('HEAD on staff routes answers as GET does; bad UTF-8 in a URL gets the HTML 400 page; X-Frame-Options is DENY', async (t) => {
  const { app } = await build(t);
  const head = await app.inject({ method: 'HEAD', url: '/staff/requests' });
  t.equal(head.statusCode, 303);
  t.equal(head.headers.location, '/staff/sign-in?next=%2Fstaff%2Frequests');
  for (const url of ['/problems/%E0%A4%A', '/staff/requests/%E0%A4%A', '/%C0%AF']) {
    const bad = await app.inject({ method: 'GET', url });
    t.equal(bad.statusCode, 400, url);
    t.match(bad.headers['content-type'], /^text\/html/);
    t.equal(heading(bad.body), 'There is a problem with what was sent');
  }
  const bad = await app.inject({ method: 'GET', url: '/problems/%E0%A4%A' });
  t.match(bad.headers['content-security-policy'], "frame-ancestors 'none'", 'the bad-URL page carries the security headers too');
  const page = await app.inject({ method: 'GET', url: '/' });
  t.equal(page.headers['x-frame-options'], 'DENY');
  t.match(page.headers['content-security-policy'], "frame-ancestors 'none'");
});

t.test('control characters in staff free text are refused with a clear message', async (t) => {
  const { app } = await build(t);
  const { client: lead } = await login(app, 'team-lead');
  await lead.get('/staff/users/new');
  const response = await lead.post('/staff/users/new', { username: 'sam', displayName: 'Sam\u0000Agent', role: 'agent', password: TEST_PASSWORD, confirmPassword: TEST_PASSWORD });
  t.equal(response.statusCode, 422);
  t.match(errorSummary(response.body)[0], { href: '#display-name', message: /Full name must not include control characters: character 4 is a null character/ });
  await lead.get('/staff/triage');
  const triage = await lead.post('/staff/triage', { ticketReference: 'INC-1', treeId: '', errorCode: '3R\u0000' });
  t.equal(triage.statusCode, 422);
  t.match(errorSummary(triage.body)[0]?.message, /Error code must not include control characters/);
  const signInNul = await signIn(app, 'sam\u0000', 'anything at all');
  t.equal(signInNul.statusCode, 422);
  t.match(errorSummary(signInNul.body)[0]?.message, /Username must not include control characters/);
});
