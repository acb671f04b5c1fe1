import t from 'tap';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { moveRequest } from '../../src/requests/changes.js';
import { RequestDesk } from '../../src/requests/desk.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { submitSample } from '../sample-cleansing-request.js';
import { createStaff, login } from '../helpers.js';

/** Retention: RETENTION_DAYS after a request is closed, its personal fields are erased, at start and on a timer. */
t.test('a completed request says when its details go; a start after that erases them, audits the run once, and keeps the record', async (t) => {
  const path = join(t.testdir({}), 'store.sqlite');
  let now = new Date('2026-03-02T10:00:00Z');
  const start = async () => {
    const config = { ...configSchema.parse({}), SQLITE_PATH: path, LOG_LEVEL: 'silent' as const, PRESSURE_MAX_EVENT_LOOP_DELAY_MS: 0, RETENTION_DAYS: 30 };
    const app = await buildApp({ config, store: openSqliteStore(path), logStream: new Writable({ write: (_c, _e, done) => done() }), now: () => now });
    await app.ready();
    return app;
  };
  let app = await start();
  const stored = await submitSample(app, { oldEmail: 'kept.until.purge@example.com' });
  const agent = await createStaff(app, 'agent');
  const actor = { userId: agent.id, username: agent.username, displayName: agent.displayName, role: agent.role };
  let state = stored;
  for (const [to, text] of [['in-progress', ''], ['completed', 'Old email removed from the account']] as const) {
    const result = moveRequest(RequestDesk.state(state), { actor, to, expectedVersion: state.version, reason: '', text, confirmation: null, at: now });
    if (!result.ok) throw new Error(JSON.stringify(result.refusal));
    state = (await app.requests.change(state, { ...result.state, entry: result.entry }))!;
  }
  const { client } = await login(app, 'agent');
  t.match((await client.get(`/staff/requests/${stored.reference}`)).body, 'Personal details will be erased on 1 April 2026');
  await app.close();

  now = new Date('2026-04-02T10:00:00Z');
  app = await start();
  t.teardown(() => app.close());
  const after = await app.store.requests.findByReference(stored.reference);
  t.match(after, { status: 'completed', sealedDetails: null, oldEmailHash: null, practiceOdsCode: 'Y12345' });
  const { client: lead } = await login(app, 'team-lead');
  const page = (await lead.get(`/staff/requests/${stored.reference}`)).body;
  t.match(page, 'Personal details were erased on 2 April 2026');
  t.notMatch(page, 'kept.until.purge');
  t.match(page, 'In progress → Completed', 'the timeline stays');
  t.notMatch(page, 'Old email removed from the account', 'without its words');
  const runs = (await app.store.audit.list({ limit: 50 })).filter((e) => e.action === 'requests.purged');
  t.same(runs.map((e) => e.reference), ['1'], 'one event for the run, with its count');
  t.equal((await app.requests.purge(now, 30)).length, 0, 'a second run finds nothing to do');
});
