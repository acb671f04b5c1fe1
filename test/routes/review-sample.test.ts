import t from 'tap';
import { moveRequest } from '../../src/requests/changes.js';
import { RequestDesk } from '../../src/requests/desk.js';
import { submitSample } from '../sample-cleansing-request.js';
import { build, createStaff, errorSummary, login } from '../helpers.js';

t.test('a team lead draws a random sample of the requests completed on a day, and the draw is recorded', async (t) => {
  const day = new Date('2026-03-03T10:00:00Z');
  const { app } = await build(t, {}, () => day);
  const agent = await createStaff(app, 'agent');
  const actor = { userId: agent.id, username: agent.username, displayName: agent.displayName, role: agent.role };
  const completed: string[] = [];
  for (let i = 0; i < 6; i++) {
    let state = await submitSample(app);
    for (const [to, text] of [['in-progress', ''], ['completed', 'Old email removed']] as const) {
      const result = moveRequest(RequestDesk.state(state), { actor, to, expectedVersion: state.version, reason: '', text, confirmation: null, at: day });
      if (!result.ok) throw new Error('move refused');
      state = (await app.requests.change(state, { ...result.state, entry: result.entry }))!;
    }
    completed.push(state.reference);
  }
  const open = await submitSample(app);
  const { client } = await login(app, 'team-lead');
  t.match((await client.get('/staff/figures')).body, 'href="/staff/review-sample"');
  const page = await client.get('/staff/review-sample?day=2026-03-03&size=3');
  t.equal(page.statusCode, 200);
  const shown = [...page.body.matchAll(/href="\/staff\/requests\/(CLN-[A-Z0-9-]+)"/g)].map((m) => m[1]!);
  t.equal(shown.length, 3, 'as many as asked for');
  t.ok(shown.every((ref) => completed.includes(ref)), 'only completed ones');
  t.notOk(shown.includes(open.reference));
  t.match(page.body, agent.displayName, 'with who completed each');
  const events = (await app.store.audit.list({ limit: 50 })).filter((e) => e.action === 'requests.sample-drawn');
  t.same(events.map((e) => e.reference), ['2026-03-03']);
  const bad = await client.get('/staff/review-sample?day=2026-02-30&size=0');
  t.equal(bad.statusCode, 422);
  t.same(errorSummary(bad.body).map((e) => e.href), ['#sample-day', '#sample-size']);
  const { client: agentClient } = await login(app, 'agent');
  t.equal((await agentClient.get('/staff/review-sample?day=2026-03-03&size=3')).statusCode, 403);
});
