import type { Test } from 'tap';
import { randomBytes } from 'node:crypto';
import { createRequestVault } from '../../src/requests/vault.js';
import { DuplicateKeyError, type NewStoredRequest, type Store } from '../../src/store/ports.js';
import { openSample, sampleCleansingRequest, sampleLookupHashes } from '../sample-cleansing-request.js';

/**
 * Requests of every kind in the store (src/store/ports.ts RequestRepository): one contract
 * for both adapters. The store keeps the details sealed and never opens them; these tests seal
 * with a test key and open what comes back to see that it is what went in.
 */
export function requestsContract(t: Test, open: () => Promise<Store>): void {
  let counter = 0;
  const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${++counter}`;
  const request = (overrides: Parameters<typeof sampleCleansingRequest>[0] = {}): NewStoredRequest =>
    sampleCleansingRequest({ idempotencyKey: unique('key'), lastAccessDate: '2026-01-31', ...overrides });
  const createdEvent = (stored: { reference: string; createdAt: Date }) => ({
    at: stored.createdAt,
    actor: { userId: null, username: null },
    action: 'request.created',
    reference: stored.reference,
    dedupeKey: `request.created:${stored.reference}`,
  });
  const also = { audit: createdEvent };
  const agent = { userId: 'agent-1', username: 'sam', displayName: 'Sam Agent' };

  t.test('requests: stored sealed, one per idempotency key, unique references', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const first = request();
    const created = await store.requests.create(first, also);
    t.match(created, { created: true, request: { status: 'new', version: 1, kind: 'cleansing', purgedAt: null, closedAt: null, assignee: null, source: { channel: 'public' } } });

    const again = await store.requests.create({ ...request(), idempotencyKey: first.idempotencyKey }, also);
    t.equal(again.created, false, 'a repeated submission is not stored twice');
    t.equal(again.request.reference, first.reference, 'and gets the first reference back');
    const events = (await store.audit.list({ limit: 50 })).filter((e) => e.reference === first.reference);
    t.same(events.map((e) => e.action), ['request.created'], 'the audit event is stored with it, once');

    await t.rejects(store.requests.create(request({ reference: first.reference }), also), new DuplicateKeyError('reference'));

    const found = await store.requests.findByReference(first.reference);
    t.match(found, { reference: first.reference, sealedDetails: first.sealedDetails, oldEmailHash: first.oldEmailHash, senderEmailHash: first.senderEmailHash, practiceOdsCode: 'Y12345' });
    t.equal(found?.createdAt.getTime(), first.createdAt.getTime());
    t.match(openSample(found!), { kind: 'cleansing', lastAccessDate: '2026-01-31', nhsNumberLast3: '919' }, 'the sealed value comes back as it went in');
    t.equal(await store.requests.findByReference('CLN-NOT-HERE'), null);
    t.ok((await store.requests.count()) >= 1);
  });

  t.test('requests sent at the same moment: each stands or falls alone', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const taken = request();
    await store.requests.create(taken, also);
    const batch = [request(), request({ reference: taken.reference }), request(), { ...request(), idempotencyKey: taken.idempotencyKey }];
    const results = await Promise.allSettled(batch.map((r) => store.requests.create(r, also)));
    t.same(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    t.same((results[1] as PromiseRejectedResult).reason, new DuplicateKeyError('reference'));
    t.equal((results[3] as PromiseFulfilledResult<{ created: boolean }>).value.created, false, 'the repeat finds the first');
    t.ok(await store.requests.findByReference(batch[0]!.reference), 'the others are stored');
    t.ok(await store.requests.findByReference(batch[2]!.reference));
    const events = await store.audit.list({ limit: 100 });
    t.ok(events.some((e) => e.reference === batch[2]!.reference), 'with their audit events');
  });

  t.test('requests: written up from a ticket by an agent; the draft replaced in the same write', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const draftId = unique('draft');
    const expiresAt = new Date(Date.now() + 60_000);
    const { request: stored } = await store.requests.create(request({ source: { channel: 'ticket', ticketReference: 'INC-4242' }, createdBy: agent }), {
      ...also,
      draft: (s) => ({ id: draftId, ciphertext: `sent:${s.reference}`, expiresAt }),
    });
    t.match(stored, { source: { channel: 'ticket', ticketReference: 'INC-4242' }, createdBy: agent, lastChange: { by: agent } });
    t.equal(await store.drafts.find(draftId, new Date()), `sent:${stored.reference}`);
    const queue = await store.requests.queue({
      statuses: ['new'], kind: null, assigned: { to: 'anyone' }, practiceOdsCode: null, createdBefore: null,
      search: { references: [], ticketReference: 'INC-4242' }, order: 'newest', after: null, limit: 10,
    });
    t.ok(queue.some((r) => r.reference === stored.reference), 'the queue finds it by its ticket reference');
  });

  t.test('requests: a change is stored with its audit event; a lost race stores neither', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const { request: stored } = await store.requests.create(request(), also);
    const entry = { type: 'status' as const, at: new Date(), by: agent, version: 2, from: 'new' as const, to: 'in-progress' as const, why: null };
    const changed = { audit: (s: { reference: string }) => ({ at: entry.at, actor: { userId: agent.userId, username: agent.username }, action: 'request.status-changed', reference: s.reference }) };
    const [won, lost] = await Promise.all([
      store.requests.change(stored.id, 1, { status: 'in-progress', assignee: null, closedAt: null, entry }, changed),
      store.requests.change(stored.id, 1, { status: 'in-progress', assignee: null, closedAt: null, entry }, changed),
    ]);
    t.ok((won === null) !== (lost === null), 'one of two changes on one version wins');
    const events = (await store.audit.list({ limit: 50 })).filter((e) => e.reference === stored.reference && e.action === 'request.status-changed');
    t.equal(events.length, 1, 'and only it is in the audit log');
  });

  t.test('requests: open ones with the same old email hash, linked both ways', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const oldEmail = `${unique('old')}@example.com`;
    const first = (await store.requests.create(request({ oldEmail }), also)).request;
    t.same(await store.requests.openWithOldEmail(sampleLookupHashes(oldEmail.toUpperCase()), 5), [first.reference], 'found by the hash of the address in any case');
    const secondRequest = request({ oldEmail, possibleDuplicates: [first.reference] });
    const second = (await store.requests.create(secondRequest, also)).request;
    t.same((await store.requests.findByReference(first.reference))?.possibleDuplicates, [second.reference], 'linked back by the same write');
    const again = await store.requests.create(secondRequest, also);
    t.equal(again.created, false, 'sent again');
    t.same((await store.requests.findByReference(first.reference))?.possibleDuplicates, [second.reference], 'linked once, however often sent');
    t.same((await store.requests.findByReference(second.reference))?.possibleDuplicates, [first.reference]);
    // A closed request is no longer a duplicate to point at.
    const entry = { type: 'status' as const, at: new Date(), by: agent, version: 2, from: 'new' as const, to: 'rejected' as const, why: { reason: 'other', text: 'x' } };
    await store.requests.change(first.id, 1, { status: 'rejected', assignee: null, closedAt: new Date(), entry });
    t.same(await store.requests.openWithOldEmail(sampleLookupHashes(oldEmail), 5), [second.reference]);
    t.same(await store.requests.openWithOldEmail([], 5), []);
    // Many open with the address: the newest, at most the limit.
    const later = [];
    for (let i = 0; i < 4; i++) later.push((await store.requests.create(request({ oldEmail, createdAt: new Date(Date.now() + (i + 1) * 1000) }), also)).request.reference);
    t.same(await store.requests.openWithOldEmail(sampleLookupHashes(oldEmail), 3), later.slice(1).reverse(), 'newest first, at most the limit');
  });

  t.test('requests: the retention purge erases sealed details, hashes, notes and free text; idempotent', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const closedAt = new Date('2020-01-10T10:00:00Z');
    const { request: old } = await store.requests.create(request({ createdAt: new Date('2020-01-01T10:00:00Z') }), also);
    const { request: recent } = await store.requests.create(request(), also);
    await store.requests.addNote(old.id, { at: closedAt, by: agent, text: 'Rang the practice', confirmedNotPatient: false });
    const entry = { type: 'status' as const, at: closedAt, by: agent, version: 2, from: 'new' as const, to: 'completed' as const, why: { reason: null, text: 'Old email removed' } };
    await store.requests.change(old.id, 1, { status: 'completed', assignee: null, closedAt, entry });
    const at = new Date('2020-05-01T00:00:00Z');
    const purged = await store.requests.purgeClosedBefore(new Date('2020-02-01T00:00:00Z'), at, (s) => JSON.stringify({ kind: s.kind, senderOdsCode: s.practiceOdsCode }));
    t.ok(purged.includes(old.reference));
    t.notOk(purged.includes(recent.reference), 'an open request is kept');
    const after = await store.requests.findByReference(old.reference);
    t.match(after, { sealedDetails: null, oldEmailHash: null, senderEmailHash: null, purgedDetails: JSON.stringify({ kind: 'cleansing', senderOdsCode: 'Y12345' }), status: 'completed', practiceOdsCode: 'Y12345' });
    t.equal(after?.purgedAt?.getTime(), at.getTime());
    t.same(await store.requests.notes(old.id), [], 'notes erased');
    t.match(await store.requests.history(old.id), [{ to: 'completed', why: { reason: null, text: null } }], 'the move kept, its words erased');
    t.notOk((await store.requests.purgeClosedBefore(new Date('2020-02-01T00:00:00Z'), new Date(), () => '{}')).includes(old.reference), 'a second run purges nothing again');
    t.equal((await store.requests.findByReference(old.reference))?.purgedAt?.getTime(), at.getTime(), 'nor changes the date');
  });

  t.test('requests: key rotation finds what is not under the current key and reseals it only once', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const { request: stored } = await store.requests.create(request(), also);
    const fresh = createRequestVault([randomBytes(32)]);
    const pending = await store.requests.sealedNotUnder(fresh.currentKeyId, 100_000);
    t.ok(pending.some((r) => r.id === stored.id), 'sealed under another key');
    const details = openSample(stored);
    const change = { id: stored.id, expectedSealed: stored.sealedDetails!, sealedDetails: fresh.seal(details, stored.reference), ...fresh.hashesOf(details) };
    t.equal(await store.requests.reseal(change), true);
    t.equal(await store.requests.reseal(change), false, 'a second writer that read the old value changes nothing');
    t.notOk((await store.requests.sealedNotUnder(fresh.currentKeyId, 100_000)).some((r) => r.id === stored.id), 'now under the current key');
    t.match(await store.requests.findByReference(stored.reference), { sealedDetails: change.sealedDetails, oldEmailHash: change.oldEmailHash });
  });

  t.test('requests: a random sample of those completed within a range', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const day = new Date('2021-03-03T00:00:00Z');
    const closedAt = new Date('2021-03-03T12:00:00Z');
    const made: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { request: r } = await store.requests.create(request(), also);
      const entry = { type: 'status' as const, at: closedAt, by: agent, version: 2, from: 'new' as const, to: 'completed' as const, why: null };
      await store.requests.change(r.id, 1, { status: 'completed', assignee: null, closedAt, entry });
      made.push(r.reference);
    }
    const next = new Date('2021-03-04T00:00:00Z');
    const sample = await store.requests.sampleClosed(day, next, 'completed', 2);
    t.equal(sample.length, 2);
    t.ok(sample.every((r) => made.includes(r.reference) && r.status === 'completed'));
    t.equal(new Set(sample.map((r) => r.reference)).size, 2, 'no request twice');
    t.equal((await store.requests.sampleClosed(day, next, 'completed', 10)).length, 4, 'never more than there are');
    t.same(await store.requests.sampleClosed(day, next, 'rejected', 10), []);
  });
}
