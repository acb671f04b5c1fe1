import type { Test } from 'tap';
import { DuplicateKeyError, type NewTriage, type Store } from '../../src/store/ports.js';
import { auditChainContract, type OpenTamperable } from './audit-contract.js';
import { caseworkContract } from './casework-contract.js';
import { figuresContract } from './figures-contract.js';
import { requestsContract } from './requests-contract.js';
import { reviewContract } from './review-contract.js';

/**
 * What every store adapter must do. Run by test/store/sqlite.test.ts (always) and
 * test/store/mongo.test.ts (when MONGODB_URI is set).
 */
export function storeContract(t: Test, open: () => Promise<Store>, openTamperable: OpenTamperable): void {
  auditChainContract(t, open, openTamperable);
  caseworkContract(t, open);
  requestsContract(t, open);
  figuresContract(t, open);
  reviewContract(t, open);
  let counter = 0;
  const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${++counter}`;

  t.test('staff: create, find case-insensitively, refuse a duplicate username, disable', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const before = await store.staff.count();
    const username = unique('Lead');
    const user = await store.staff.create({ username, displayName: 'Lee Lead', role: 'team-lead', passwordHash: 'hash' });
    t.equal(await store.staff.count(), before + 1);
    t.same((await store.staff.findByUsername(username.toUpperCase()))?.id, user.id);
    t.same((await store.staff.findById(user.id))?.role, 'team-lead');
    t.equal(await store.staff.findById('no-such-id'), null);
    await t.rejects(
      store.staff.create({ username: username.toLowerCase(), displayName: 'Other', role: 'agent', passwordHash: 'h' }),
      new DuplicateKeyError('username'),
    );
    t.equal(user.mustChangePassword, false, 'a new account has its own password');
    t.equal(user.lastSignInAt, null, 'and has never signed in');
    // Another active team lead, so disabling this one leaves one (see the guard below).
    await store.staff.create({ username: unique('Lead'), displayName: 'Other Lead', role: 'team-lead', passwordHash: 'h' });
    t.equal(await store.staff.setDisabled(user.id, true), 'changed');
    t.equal((await store.staff.findById(user.id))?.disabled, true);
    t.ok((await store.staff.list()).some((u) => u.id === user.id));
    t.equal(await store.staff.setDisabled(user.id, false), 'changed', 're-enabled');
    t.equal((await store.staff.findById(user.id))?.disabled, false);
    t.equal(await store.staff.setDisabled('no-such-id', true), 'not-found');
  });

  t.test('staff: a password reset marks it temporary, a change clears that; the last sign-in is kept', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const user = await store.staff.create({ username: unique('agent'), displayName: 'A', role: 'agent', passwordHash: 'old' });
    t.equal(await store.staff.setPassword(user.id, 'temporary', true), 'changed');
    t.match(await store.staff.findById(user.id), { passwordHash: 'temporary', mustChangePassword: true });
    t.equal(await store.staff.setPassword(user.id, 'chosen', false), 'changed');
    t.match(await store.staff.findById(user.id), { passwordHash: 'chosen', mustChangePassword: false });
    t.equal(await store.staff.setPassword('no-such-id', 'x', false), 'not-found');
    const at = new Date('2026-11-30T08:15:00.000Z');
    await store.staff.recordSignIn(user.id, at);
    t.same((await store.staff.findById(user.id))?.lastSignInAt, at);
    t.same((await store.staff.findByUsername(user.username))?.lastSignInAt, at, 'found by username too');
    t.same((await store.staff.list()).find((u) => u.id === user.id)?.lastSignInAt, at, 'and in the list');
  });

  t.test('staff: roles change, but the last active team lead is never disabled or demoted, even by two leads at once', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const activeLeads = async () => (await store.staff.list()).filter((u) => u.role === 'team-lead' && !u.disabled);
    const a = await store.staff.create({ username: unique('lead-a'), displayName: 'A', role: 'team-lead', passwordHash: 'h' });
    const b = await store.staff.create({ username: unique('lead-b'), displayName: 'B', role: 'team-lead', passwordHash: 'h' });
    // The store is shared with other tests: leave a and b the only active team leads.
    for (const other of await activeLeads()) if (other.id !== a.id && other.id !== b.id) t.equal(await store.staff.setDisabled(other.id, true), 'changed');
    const agent = await store.staff.create({ username: unique('agent'), displayName: 'C', role: 'agent', passwordHash: 'h' });

    t.equal(await store.staff.setRole(agent.id, 'team-lead'), 'changed', 'an agent becomes a team lead');
    t.equal(await store.staff.setRole(agent.id, 'agent'), 'changed', 'and back: two other leads remain');
    t.equal((await store.staff.findById(agent.id))?.role, 'agent');
    t.equal(await store.staff.setRole('no-such-id', 'agent'), 'not-found');

    t.equal(await store.staff.setDisabled(b.id, true), 'changed', 'one of two leads disabled');
    t.equal(await store.staff.setDisabled(a.id, true), 'last-team-lead', 'the last active lead cannot be disabled');
    t.equal(await store.staff.setRole(a.id, 'agent'), 'last-team-lead', 'nor demoted');
    t.match(await store.staff.findById(a.id), { role: 'team-lead', disabled: false }, 'and is unchanged');
    t.equal(await store.staff.setRole(b.id, 'agent'), 'changed', 'a disabled lead can be demoted: it leaves no fewer active leads');
    t.equal(await store.staff.setRole(b.id, 'team-lead'), 'changed');
    t.equal(await store.staff.setDisabled(b.id, false), 'changed');

    // Each lead disables the other, and then each demotes the other, at the same moment.
    for (const [what, change] of [
      ['disable', (id: string) => store.staff.setDisabled(id, true)],
      ['demote', (id: string) => store.staff.setRole(id, 'agent')],
    ] as const) {
      const [toB, toA] = await Promise.all([change(b.id), change(a.id)]);
      const leads = (await activeLeads()).map((u) => u.id);
      t.ok(leads.length >= 1, `${what} each other: an active team lead remains`);
      t.equal(toB === 'changed', !leads.includes(b.id), `${what}: b's answer says what happened to b`);
      t.equal(toA === 'changed', !leads.includes(a.id), `${what}: a's answer says what happened to a`);
      // Back to two active leads for the next round.
      for (const id of [a.id, b.id]) {
        await store.staff.setDisabled(id, false);
        await store.staff.setRole(id, 'team-lead');
      }
    }
  });

  t.test('sessions: found until they expire or are deleted', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const user = await store.staff.create({ username: unique('agent'), displayName: 'A', role: 'agent', passwordHash: 'h' });
    const now = new Date();
    const live = { tokenHash: unique('live'), userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + 60_000) };
    const other = { ...live, tokenHash: unique('other') };
    await store.sessions.create(live);
    await store.sessions.create(other);
    t.equal((await store.sessions.find(live.tokenHash, now))?.userId, user.id);
    t.equal(await store.sessions.find(live.tokenHash, new Date(now.getTime() + 61_000)), null, 'expired');
    await store.sessions.delete(live.tokenHash);
    t.equal(await store.sessions.find(live.tokenHash, now), null, 'deleted');
    await store.sessions.deleteForUser(user.id);
    t.equal(await store.sessions.find(other.tokenHash, now), null, 'all sessions of a user deleted');
  });

  t.test('audit: events kept newest first, a retried event stored once', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const at = new Date(Date.now() + 20_000_000);
    const reference = unique('CLN');
    const event = { at, actor: { userId: null, username: null }, action: 'request.created', reference, dedupeKey: unique('dedupe') };
    await store.audit.record(event);
    await store.audit.record(event);
    await store.audit.record({ at: new Date(at.getTime() + 1), actor: { userId: 'u1', username: 'agent1' }, action: 'request.viewed', reference });
    const events = (await store.audit.list({ limit: 10 })).filter((e) => e.reference === reference);
    t.same(events.map((e) => e.action), ['request.viewed', 'request.created']);
    t.same(events[0]?.actor, { userId: 'u1', username: 'agent1' });
    t.same(events[1]?.actor, { userId: null, username: null });
  });

  const triage = (overrides: Partial<NewTriage> = {}): NewTriage => ({
    ticketReference: unique('INC'),
    treeId: 'login-problems',
    treeVersion: 3,
    agent: { userId: unique('agent-id'), username: 'agent1' },
    startedAt: new Date(),
    ...overrides,
  });

  t.test('triage: started, found by id, unknown id is null', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const before = await store.triage.count();
    const input = triage();
    const started = await store.triage.start(input);
    t.type(started.id, 'string');
    t.equal(started.version, 1);
    t.same(started.steps, []);
    t.equal(started.outcome, null);
    t.equal(started.endedAt, null);

    const found = await store.triage.findById(started.id);
    t.ok(found, 'found');
    t.equal(found?.id, started.id);
    t.equal(found?.ticketReference, input.ticketReference);
    t.equal(found?.treeId, 'login-problems');
    t.equal(found?.treeVersion, 3);
    t.same(found?.agent, input.agent, 'agent actor kept');
    t.ok(found?.startedAt instanceof Date);
    t.equal(found?.startedAt.getTime(), input.startedAt.getTime());
    t.same(found?.steps, []);
    t.equal(found?.outcome, null);
    t.equal(found?.endedAt, null);
    t.equal(found?.version, 1);

    t.equal(await store.triage.findById('no-such-triage'), null);
    t.equal(await store.triage.count(), before + 1);
  });

  t.test('triage: updates need the current version, steps are replaced, finishing stores the outcome', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const started = await store.triage.start(triage());
    const first = { nodeId: 'start', answer: 'cannot-log-in', at: new Date(started.startedAt.getTime() + 1000) };
    const second = { nodeId: 'password-reset', answer: 'no', at: new Date(started.startedAt.getTime() + 2000) };

    const updated = await store.triage.update(started.id, 1, { steps: [first], outcome: null, endedAt: null });
    t.equal(updated?.version, 2, 'version bumped');
    t.same(updated?.steps, [first]);
    t.ok(updated?.steps[0]?.at instanceof Date, 'step time is a Date');

    const appended = await store.triage.update(started.id, 2, { steps: [first, second], outcome: null, endedAt: null });
    t.equal(appended?.version, 3);
    t.same(appended?.steps.map((s) => s.nodeId), ['start', 'password-reset']);

    const stale = await store.triage.update(started.id, 2, {
      steps: [first],
      outcome: { nodeId: 'x', result: 'resolved', next: null },
      endedAt: new Date(),
    });
    t.equal(stale, null, 'a stale version is refused');
    const unchanged = await store.triage.findById(started.id);
    t.equal(unchanged?.version, 3, 'and changes nothing');
    t.same(unchanged?.steps, [first, second]);
    t.equal(unchanged?.outcome, null);
    t.equal(unchanged?.endedAt, null);

    t.equal(
      await store.triage.update('no-such-triage', 1, { steps: [], outcome: null, endedAt: null }),
      null,
      'an unknown id is null',
    );

    const endedAt = new Date(started.startedAt.getTime() + 3000);
    const outcome = { nodeId: 'escalate', result: 'not-resolved' as const, next: 'cleansing-request' };
    const finished = await store.triage.update(started.id, 3, { steps: [first, second], outcome, endedAt });
    t.equal(finished?.version, 4);
    const stored = await store.triage.findById(started.id);
    t.same(stored?.outcome, outcome, 'outcome stored');
    t.ok(stored?.endedAt instanceof Date);
    t.equal(stored?.endedAt?.getTime(), endedAt.getTime(), 'end time stored');
    t.same(stored?.steps, [first, second]);
    t.equal(stored?.steps[1]?.at.getTime(), second.at.getTime());

    const resolved = await store.triage.start(triage());
    const done = await store.triage.update(resolved.id, 1, {
      steps: [first],
      outcome: { nodeId: 'start', result: 'resolved', next: null },
      endedAt,
    });
    t.same(done?.outcome, { nodeId: 'start', result: 'resolved', next: null }, 'a null next is kept');
  });

  t.test('triage: listed newest first, filtered by agent, counted', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const before = await store.triage.count();
    const base = Date.now() + 30_000_000;
    const agent = { userId: unique('agent-id'), username: 'listed' };
    const other = { userId: unique('agent-id'), username: 'other' };
    const oldest = await store.triage.start(triage({ agent, startedAt: new Date(base) }));
    const middle = await store.triage.start(triage({ agent: other, startedAt: new Date(base + 1000) }));
    const newest = await store.triage.start(triage({ agent, startedAt: new Date(base + 2000) }));

    t.same((await store.triage.list({ limit: 3 })).map((r) => r.id), [newest.id, middle.id, oldest.id]);
    t.same((await store.triage.list({ limit: 2 })).map((r) => r.id), [newest.id, middle.id], 'limited');
    t.same((await store.triage.list({ limit: 10, agentId: agent.userId })).map((r) => r.id), [newest.id, oldest.id]);
    t.same((await store.triage.list({ limit: 1, agentId: agent.userId })).map((r) => r.id), [newest.id]);
    t.same((await store.triage.list({ limit: 10, agentId: other.userId })).map((r) => r.id), [middle.id]);
    t.same(await store.triage.list({ limit: 10, agentId: unique('nobody') }), []);
    t.equal(await store.triage.count(), before + 3);
  });

  t.test('journey counts: tallies per tree, node and event, added up over the days', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const treeId = unique('tree');
    await store.journeys.add(treeId, 'start', 'reached', 1, '2026-03-01');
    await store.journeys.add(treeId, 'start', 'reached', 2, '2026-03-02');
    await store.journeys.add(treeId, 'start', 'ended', 1, '2026-03-01');
    await store.journeys.add(treeId, 'done', 'ended', 1, '2026-03-02');
    const counts = (await store.journeys.list()).filter((c) => c.treeId === treeId);
    t.same(counts, [
      { treeId, nodeId: 'done', event: 'ended', count: 1 },
      { treeId, nodeId: 'start', event: 'ended', count: 1 },
      { treeId, nodeId: 'start', event: 'reached', count: 3 },
    ]);
  });

  t.test('journey counts: concurrent additions are all counted', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const treeId = unique('tree');
    await Promise.all(Array.from({ length: 20 }, () => store.journeys.add(treeId, 'start', 'reached', 1, '2026-03-01')));
    const counts = (await store.journeys.list()).filter((c) => c.treeId === treeId);
    t.same(counts, [{ treeId, nodeId: 'start', event: 'reached', count: 20 }]);
  });

  t.test('sessions: looked up after expiry (to record it), touched for the idle timeout', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const user = await store.staff.create({ username: unique('agent'), displayName: 'A', role: 'agent', passwordHash: 'h' });
    const now = new Date();
    const session = { tokenHash: unique('s'), userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + 60_000) };
    await store.sessions.create(session);
    t.equal((await store.sessions.find(session.tokenHash, now))?.lastSeenAt?.getTime(), now.getTime(), 'last seen starts at creation');
    const later = new Date(now.getTime() + 30_000);
    await store.sessions.touch(session.tokenHash, later);
    t.equal((await store.sessions.find(session.tokenHash, now))?.lastSeenAt?.getTime(), later.getTime());
    t.equal((await store.sessions.lookup(session.tokenHash))?.userId, user.id, 'lookup ignores expiry');
    t.equal(await store.sessions.lookup(unique('none')), null);
  });

  t.test('set-up tokens: live until they expire; of many concurrent claims on two connections, exactly one wins', async (t) => {
    const [one, two] = [await open(), await open()];
    t.teardown(async () => {
      await one.close();
      await two.close();
    });
    const now = new Date();
    const first = unique('setup');
    const second = unique('setup');
    await one.setupTokens.issue(first, new Date(now.getTime() + 60_000));
    await two.setupTokens.issue(second, new Date(now.getTime() + 60_000));
    t.equal(await two.setupTokens.isLive(first, now), true, 'a token issued by one process is live in the other');
    t.equal(await one.setupTokens.isLive(first, new Date(now.getTime() + 61_000)), false, 'expired');
    t.equal(await one.setupTokens.claim(first, new Date(now.getTime() + 61_000)), false, 'an expired token cannot be claimed');
    t.equal(await one.setupTokens.claim(unique('guess'), now), false, 'nor an unknown one');

    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).setupTokens.claim(i % 3 ? first : second, now)));
    t.equal(claims.filter(Boolean).length, 1, 'one winner among claims of either token');
    t.equal(await one.setupTokens.isLive(first, now), false, 'and every token has ended');
    t.equal(await one.setupTokens.isLive(second, now), false);
  });

  t.test('sign-in attempts: counted per key within the window, forgotten on success, locks lifted', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const key = unique('user:someone');
    const other = unique('ip:192.0.2.1');
    const start = new Date(Date.now() + 5_000_000);
    const windowMs = 15 * 60_000;
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    t.equal((await store.signInAttempts.begin(key, at(0), windowMs)).recent, 1);
    const success = await store.signInAttempts.begin(key, at(1), windowMs);
    t.equal(success.recent, 2);
    await store.signInAttempts.forget(success.id);
    t.equal((await store.signInAttempts.begin(key, at(2), windowMs)).recent, 2, 'a forgotten attempt does not count');
    t.equal((await store.signInAttempts.begin(other, at(2), windowMs)).recent, 1, 'keys are counted apart');
    t.equal((await store.signInAttempts.begin(key, at(16), windowMs)).recent, 2, 'attempts older than the window drop out');

    const concurrent = await Promise.all(Array.from({ length: 10 }, () => store.signInAttempts.begin(other, at(3), windowMs)));
    t.same(concurrent.map((c) => c.recent).sort((a, b) => a - b), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 'concurrent attempts each count those before them');

    t.equal(await store.signInAttempts.lockedUntil(key, at(16)), null);
    await store.signInAttempts.lock(key, at(31));
    t.equal((await store.signInAttempts.lockedUntil(key, at(16)))?.getTime(), at(31).getTime());
    t.ok((await store.signInAttempts.locked(at(16))).some((l) => l.key === key), 'listed as locked');
    t.equal(await store.signInAttempts.lockedUntil(key, at(31)), null, 'the lock ends');
    await store.signInAttempts.clear(key);
    t.equal(await store.signInAttempts.lockedUntil(key, at(16)), null, 'lifted');
    t.equal((await store.signInAttempts.begin(key, at(17), windowMs)).recent, 1, 'and its failures forgotten');
  });

  t.test('drafts: saved, replaced, found until they expire, deleted, purged', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const id = unique('draft');
    const now = new Date();
    await store.drafts.save(id, 'k1:first', new Date(now.getTime() + 60_000));
    await store.drafts.save(id, 'k1:second', new Date(now.getTime() + 60_000));
    t.equal(await store.drafts.find(id, now), 'k1:second', 'the newest version');
    t.equal(await store.drafts.find(id, new Date(now.getTime() + 60_000)), null, 'expired');
    t.ok((await store.drafts.purgeExpired(new Date(now.getTime() + 60_000))) >= 1, 'purged once expired');
    t.equal(await store.drafts.find(id, now), null, 'gone after the purge');
    const kept = unique('draft');
    await store.drafts.save(kept, 'k1:kept', new Date(now.getTime() + 60_000));
    await store.drafts.purgeExpired(now);
    t.equal(await store.drafts.find(kept, now), 'k1:kept', 'a live draft survives the purge');
    await store.drafts.delete(kept);
    t.equal(await store.drafts.find(kept, now), null, 'deleted');
  });

  t.test('health: the readiness probe writes and reads back, again and again', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    for (let i = 0; i < 3; i++) await t.resolves(store.health(new Date(Date.now() + i)));
  });

  t.test('whole numbers of 2^31 and more are stored and read back as numbers', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const treeId = unique('tree');
    await store.journeys.add(treeId, 'start', 'reached', 2 ** 31, '2026-03-01');
    await store.journeys.add(treeId, 'start', 'reached', 2 ** 31 + 5, '2026-03-01');
    const [count] = (await store.journeys.list()).filter((c) => c.treeId === treeId);
    t.equal(count?.count, 2 ** 32 + 5);
    const started = await store.triage.start(triage({ treeVersion: 2 ** 33 }));
    t.equal((await store.triage.findById(started.id))?.treeVersion, 2 ** 33);
  });
}
