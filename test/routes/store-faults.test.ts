import t from 'tap';
import { join } from 'node:path';
import type { Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import type { Store } from '../../src/store/ports.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { VALID_ANSWERS } from '../cleansing-answers.js';
import { Client, createStaff, errorSummary, heading, inputValue, login, TEST_PASSWORD, textareaValue } from '../helpers.js';

const WRITES = new Set(['create', 'save', 'delete', 'issue', 'claim', 'begin', 'forget', 'lock', 'clear', 'record', 'touch', 'update', 'add', 'start', 'setDisabled', 'deleteForUser', 'setRole', 'setPassword', 'recordSignIn']);

/**
 * A real SQLite store whose writes fail (as a full or read-only disk makes them) while
 * `failing` names them: 'all', or 'repository.method' names.
 */
function faultyStore(store: Store) {
  const state = { failing: new Set<string>() };
  const wrap = <R extends object>(name: string, repository: R): R =>
    new Proxy(repository, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || typeof property !== 'string' || !WRITES.has(property)) return value;
        return (...args: unknown[]) => {
          if (state.failing.has('all') || state.failing.has(`${name}.${property}`)) {
            return Promise.reject(new StoreUnavailableError(`${name}.${property}`, { cause: new Error('SQLITE_READONLY') }));
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const wrapped = Object.fromEntries(
    Object.entries(store).map(([key, value]) => [key, value && typeof value === 'object' ? wrap(key, value as object) : value]),
  ) as unknown as Store;
  return { store: { ...wrapped, close: () => store.close() } as Store, state };
}

async function buildFaulty(t: Test) {
  const dir = t.testdir({});
  const config = { ...configSchema.parse({}), SQLITE_PATH: join(dir, 'test.sqlite'), LOG_LEVEL: 'warn' as const };
  const { store, state } = faultyStore(openSqliteStore(config.SQLITE_PATH));
  const lines: string[] = [];
  const app = await buildApp({ config, store, logStream: { write: (line: string) => void lines.push(line) } });
  await app.ready();
  t.teardown(() => app.close());
  return { app, state, lines };
}

const WARNING = 'We could not save this just now, so nothing was sent or changed. What you typed is still here: try again in a moment.';

const valid = VALID_ANSWERS;

t.test('cleansing form: a failed save re-renders the form with what was typed (503), and works once the store does', async (t) => {
  const { app, state } = await buildFaulty(t);
  const gp = new Client(app);
  await gp.get('/cleansing-request');
  state.failing = new Set(['all']);
  const failed = await gp.post('/cleansing-request', valid);
  t.equal(failed.statusCode, 503);
  t.match(failed.body, WARNING);
  t.equal(inputValue(failed.body, 'new-email'), valid.newEmail);
  t.equal(textareaValue(failed.body, 'steps-taken'), valid.stepsTaken);
  state.failing = new Set();
  const saved = await gp.post('/cleansing-request', valid);
  t.equal(saved.statusCode, 303);
  t.equal(saved.headers.location, '/cleansing-request/check');
});

t.test('cleansing submit: a failed write re-renders the check page (503); the answers are kept and the next try sends once', async (t) => {
  const { app, state } = await buildFaulty(t);
  const gp = new Client(app);
  await gp.get('/cleansing-request');
  await gp.post('/cleansing-request', valid);
  await gp.get('/cleansing-request/check');
  state.failing = new Set(['requests.create']);
  const failed = await gp.submit('/cleansing-request/submit');
  t.equal(failed.statusCode, 503);
  t.equal(heading(failed.body), 'Check your answers before sending the request');
  t.match(failed.body, WARNING);
  t.match(failed.body, valid.newEmail, 'the answers are still there');
  state.failing = new Set();
  const sent = await gp.submit('/cleansing-request/submit');
  t.equal(sent.statusCode, 303);
  t.match(String(sent.headers.location), /^\/cleansing-request\/confirmation\?ref=CLN-/);
  t.equal(await app.store.requests.count(), 1);
});

t.test('set-up: a failed write keeps the form and the link (503); the next try creates the team lead', async (t) => {
  const { app, state, lines } = await buildFaulty(t);
  const link = lines.map((l) => JSON.parse(l) as { setupLink?: string }).find((l) => l.setupLink)?.setupLink;
  const path = new URL(link!).pathname;
  const lead = new Client(app);
  await lead.get(path);
  const form = { username: 'lead', displayName: 'Lee Lead', password: TEST_PASSWORD, confirmPassword: TEST_PASSWORD };
  for (const failing of [['all'], ['staff.create']]) {
    state.failing = new Set(failing);
    const failed = await lead.post(path, form);
    t.equal(failed.statusCode, 503, `failing: ${failing.join()}`);
    t.match(failed.body, WARNING);
    t.equal(inputValue(failed.body, 'display-name'), 'Lee Lead');
  }
  state.failing = new Set();
  t.equal((await lead.post(path, form)).statusCode, 303, 'the link was not used up');
  t.equal(await app.store.staff.count(), 1);
});

t.test('sign-in and adding a staff account: a failed write re-renders the form (503) with what was typed', async (t) => {
  const { app, state } = await buildFaulty(t);
  const user = await createStaff(app, 'agent');
  const client = new Client(app);
  await client.get('/staff/sign-in');
  state.failing = new Set(['all']);
  const failed = await client.post('/staff/sign-in', { username: user.username, password: TEST_PASSWORD });
  t.equal(failed.statusCode, 503);
  t.match(failed.body, WARNING);
  t.equal(inputValue(failed.body, 'username'), user.username);
  state.failing = new Set();
  t.equal((await client.post('/staff/sign-in', { username: user.username, password: TEST_PASSWORD })).statusCode, 303);

  const { client: lead } = await login(app, 'team-lead');
  await lead.get('/staff/users/new');
  state.failing = new Set(['staff.create']);
  const added = await lead.post('/staff/users/new', { username: 'sam', displayName: 'Sam Agent', role: 'agent', password: TEST_PASSWORD, confirmPassword: TEST_PASSWORD });
  t.equal(added.statusCode, 503);
  t.match(added.body, WARNING);
  t.equal(inputValue(added.body, 'display-name'), 'Sam Agent');
  t.same(errorSummary(added.body), []);
});

t.test('staff admin: a failed write on a password reset, a role change or a password change re-renders the form (503); nothing changed', async (t) => {
  const { app, state } = await buildFaulty(t);
  const { client: lead } = await login(app, 'team-lead');
  const { client: agentClient, user: agent } = await login(app, 'agent');
  await lead.get(`/staff/users/${agent.id}/password`);
  state.failing = new Set(['staff.setPassword']);
  const reset = await lead.post(`/staff/users/${agent.id}/password`, { password: 'velvet tractor umbrella' });
  t.equal(reset.statusCode, 503);
  t.match(reset.body, WARNING);
  t.equal(inputValue(reset.body, 'password'), 'velvet tractor umbrella', 'what the team lead typed is kept');
  state.failing = new Set(['staff.setRole']);
  const role = await lead.post(`/staff/users/${agent.id}/role`, { role: 'team-lead' });
  t.equal(role.statusCode, 503);
  t.match(role.body, WARNING);
  state.failing = new Set(['staff.setPassword']);
  await agentClient.get('/staff/account/password');
  const changed = await agentClient.post('/staff/account/password', { currentPassword: TEST_PASSWORD, password: 'marmalade lighthouse orbit', confirmPassword: 'marmalade lighthouse orbit' });
  t.equal(changed.statusCode, 503);
  t.match(changed.body, WARNING);
  state.failing = new Set();
  t.match(await app.store.staff.findById(agent.id), { role: 'agent', mustChangePassword: false });
  t.equal((await agentClient.get('/staff/requests')).statusCode, 200, 'still signed in');
});
