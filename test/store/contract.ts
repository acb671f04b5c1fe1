import type { Test } from 'tap';
import { DuplicateKeyError, type NewCleansingRequest, type Store } from '../../src/store/ports.js';

/**
 * What every store adapter must do. Run by test/store/sqlite.test.ts (always) and
 * test/store/mongo.test.ts (when MONGODB_URI is set).
 */
export function storeContract(t: Test, open: () => Promise<Store>): void {
  let counter = 0;
  const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${++counter}`;

  const request = (overrides: Partial<NewCleansingRequest> = {}): NewCleansingRequest => ({
    reference: unique('CLN'),
    idempotencyKey: unique('key'),
    newEmail: 'new.address@example.com',
    oldEmail: 'old.address@example.com',
    nhsNumberLast3: '919',
    lastAccessDate: '2026-01-31',
    stepsTaken: 'Patient tried the forgotten password link; old mailbox was closed by the provider.',
    senderName: 'Pat Practice',
    senderOdsCode: 'Y12345',
    senderEmail: 'reception@example.nhs.uk',
    createdAt: new Date(),
    ...overrides,
  });

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
    await store.staff.setDisabled(user.id, true);
    t.equal((await store.staff.findById(user.id))?.disabled, true);
    t.ok((await store.staff.list()).some((u) => u.id === user.id));
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

  t.test('cleansing requests: stored in full, one per idempotency key, unique references', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const first = request();
    const created = await store.cleansing.create(first);
    t.equal(created.created, true);
    t.equal(created.request.status, 'new');
    t.equal(created.request.version, 1);

    const again = await store.cleansing.create({ ...request(), idempotencyKey: first.idempotencyKey });
    t.equal(again.created, false, 'a repeated submission is not stored twice');
    t.equal(again.request.reference, first.reference, 'and gets the first reference back');

    await t.rejects(store.cleansing.create(request({ reference: first.reference })), new DuplicateKeyError('reference'));

    const found = await store.cleansing.findByReference(first.reference);
    t.match(found, { ...first, createdAt: Date });
    t.equal(found?.createdAt.getTime(), first.createdAt.getTime());
    t.equal(await store.cleansing.findByReference('CLN-NOT-HERE'), null);

    const noDate = await store.cleansing.create(request({ lastAccessDate: null, nhsNumberLast3: '007' }));
    t.equal((await store.cleansing.findByReference(noDate.request.reference))?.lastAccessDate, null);
    t.equal((await store.cleansing.findByReference(noDate.request.reference))?.nhsNumberLast3, '007', 'leading zeros kept');
  });

  t.test('cleansing requests: listed newest first, counted', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const base = Date.now() + 10_000_000;
    const older = request({ createdAt: new Date(base) });
    const newer = request({ createdAt: new Date(base + 1000) });
    await store.cleansing.create(older);
    await store.cleansing.create(newer);
    const listed = await store.cleansing.list({ limit: 2 });
    t.same(listed.map((r) => r.reference), [newer.reference, older.reference]);
    t.ok((await store.cleansing.count()) >= 2);
  });

  t.test('audit: events kept newest first, a retried event stored once', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const at = new Date(Date.now() + 20_000_000);
    const reference = unique('CLN');
    const event = { at, actor: { userId: null, username: null }, action: 'cleansing-request.created', reference, dedupeKey: unique('dedupe') };
    await store.audit.record(event);
    await store.audit.record(event);
    await store.audit.record({ at: new Date(at.getTime() + 1), actor: { userId: 'u1', username: 'agent1' }, action: 'cleansing-request.viewed', reference });
    const events = (await store.audit.list({ limit: 10 })).filter((e) => e.reference === reference);
    t.same(events.map((e) => e.action), ['cleansing-request.viewed', 'cleansing-request.created']);
    t.same(events[0]?.actor, { userId: 'u1', username: 'agent1' });
    t.same(events[1]?.actor, { userId: null, username: null });
  });
}
