import type { Test } from 'tap';
import { sampleCleansingRequest } from '../sample-cleansing-request.js';
import { assignRequest, moveRequest } from '../../src/requests/changes.js';
import type { Actor, RequestState } from '../../src/requests/model.js';
import type { QueueFilter } from '../../src/requests/queue-query.js';
import { OPEN_STATUSES, STATUSES } from '../../src/requests/statuses.js';
import type { CleansingChange, StoredRequest, NewStoredRequest, Store } from '../../src/store/ports.js';

/**
 * Agents' work on cleansing requests, for every adapter: versioned changes with their
 * history, notes, and the queue's filters and keyset pages.
 */
export function caseworkContract(t: Test, open: () => Promise<Store>): void {
  let counter = 0;
  const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${++counter}`;
  // Each test works in a practice of its own, so the queue sees only its requests.
  const practice = () => `P${process.pid % 1000}${++counter}${Date.now() % 100000}`;

  type Overrides = Parameters<typeof sampleCleansingRequest>[0];
  const request = (overrides: Overrides = {}): NewStoredRequest =>
    sampleCleansingRequest({ idempotencyKey: unique('key'), newEmail: 'new.address@example.com', oldEmail: 'old.address@example.com', ...overrides });
  const event = (stored: { reference: string; createdAt: Date }) => ({
    at: stored.createdAt,
    actor: { userId: null, username: null },
    action: 'request.created',
    reference: stored.reference,
    dedupeKey: `request.created:${stored.reference}`,
  });
  const create = async (store: Store, overrides: Overrides = {}) => (await store.requests.create(request(overrides), { audit: event })).request;

  const sam: Actor = { userId: 'u-sam', username: 'sam', displayName: 'Sam Agent', role: 'agent' };
  const alex: Actor = { userId: 'u-alex', username: 'alex', displayName: 'Alex Agent', role: 'agent' };
  const state = (r: StoredRequest): RequestState => ({ kind: 'cleansing', status: r.status, version: r.version, assignee: r.assignee, closedAt: r.closedAt, lastChange: r.lastChange });

  /** A move checked by the domain, as the route makes it. */
  function move(r: StoredRequest, actor: Actor, to: string, at: Date, text = ''): CleansingChange {
    const result = moveRequest(state(r), { actor, to, expectedVersion: r.version, reason: '', text, confirmation: null, at });
    if (!result.ok) throw new Error(JSON.stringify(result.refusal));
    return { ...result.state, entry: result.entry };
  }

  t.test('casework: a new request is New, version 1, unassigned, with no history or notes', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const r = await create(store);
    t.match(await store.requests.findByReference(r.reference), { status: 'new', version: 1, assignee: null, closedAt: null, lastChange: { by: null } });
    t.same(await store.requests.history(r.id), []);
    t.same(await store.requests.notes(r.id), []);
  });

  t.test('casework: a change needs the current version and writes its history entry with it', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const r = await create(store);
    const at = new Date(Date.UTC(2026, 5, 1, 9, 30));
    const started = await store.requests.change(r.id, 1, move(r, sam, 'in-progress', at));
    t.match(started, { status: 'in-progress', version: 2, lastChange: { by: { userId: 'u-sam', displayName: 'Sam Agent' } } });
    t.equal(started?.lastChange.at.getTime(), at.getTime());
    t.equal(await store.requests.change(r.id, 1, move(r, alex, 'in-progress', at)), null, 'a stale version changes nothing');
    t.equal(await store.requests.change('no-such-id', 1, move(r, alex, 'in-progress', at)), null, 'an unknown id is null');

    const assign = assignRequest(state(started!), { actor: sam, assign: 'me', expectedVersion: 2, at: new Date(at.getTime() + 60_000) });
    if (!assign.ok) throw new Error('assign refused');
    const assigned = await store.requests.change(r.id, 2, { ...assign.state, entry: assign.entry });
    t.same(assigned?.assignee, { userId: 'u-sam', username: 'sam', displayName: 'Sam Agent' });

    const doneAt = new Date(at.getTime() + 120_000);
    const done = await store.requests.change(r.id, 3, move(assigned!, sam, 'completed', doneAt, 'Old email removed from the account'));
    t.match(done, { status: 'completed', version: 4 });
    t.equal(done?.closedAt?.getTime(), doneAt.getTime(), 'closing time kept');
    t.equal((await store.requests.findByReference(r.reference))?.version, 4);

    const history = await store.requests.history(r.id);
    t.same(history.map((e) => [e.type, e.version]), [['status', 2], ['assignment', 3], ['status', 4]], 'oldest first');
    t.match(history[2], { type: 'status', from: 'in-progress', to: 'completed', why: { reason: null, text: 'Old email removed from the account' }, by: { username: 'sam' } });
    t.ok(history[2]!.at instanceof Date && history[2]!.at.getTime() === doneAt.getTime(), 'times come back as Dates');
    t.match(history[1], { type: 'assignment', from: null, to: { userId: 'u-sam' } });
  });

  t.test('casework: two changes on one version at once: one wins, the other gets a conflict', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const r = await create(store);
    const at = new Date();
    const results = await Promise.all([
      store.requests.change(r.id, 1, move(r, sam, 'in-progress', at)),
      store.requests.change(r.id, 1, move(r, alex, 'in-progress', at)),
    ]);
    t.equal(results.filter((x) => x !== null).length, 1, 'exactly one wins');
    const winner = results.find((x) => x !== null)!;
    const history = await store.requests.history(r.id);
    t.equal(history.length, 1, 'one history entry');
    t.equal(history[0]!.by?.userId, winner.lastChange.by?.userId, "the winner's");
    t.equal((await store.requests.findByReference(r.reference))?.version, 2);
  });

  t.test('casework: notes append, oldest first, whoever writes them at once', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const r = await create(store);
    const at = new Date(Date.UTC(2026, 5, 1, 10));
    await store.requests.addNote(r.id, { at, by: sam, text: 'Called the practice', confirmedNotPatient: false });
    await Promise.all([
      store.requests.addNote(r.id, { at: new Date(at.getTime() + 1000), by: alex, text: 'Practice email is reception@example.nhs.uk', confirmedNotPatient: true }),
      store.requests.addNote(r.id, { at: new Date(at.getTime() + 2000), by: sam, text: 'Waiting for a call back', confirmedNotPatient: false }),
    ]);
    const notes = await store.requests.notes(r.id);
    t.same(notes.map((n) => n.text), ['Called the practice', 'Practice email is reception@example.nhs.uk', 'Waiting for a call back']);
    t.same(notes[0], { at, by: { userId: 'u-sam', username: 'sam', displayName: 'Sam Agent' }, text: 'Called the practice', confirmedNotPatient: false });
    t.equal(notes[1]!.confirmedNotPatient, true);
    t.same(await store.requests.notes((await create(store)).id), [], "notes are the request's own");
  });

  const filter = (overrides: Partial<QueueFilter>): QueueFilter => ({
    statuses: STATUSES,
    kind: null,
    assigned: { to: 'anyone' },
    practiceOdsCode: null,
    createdBefore: null,
    search: null,
    order: 'newest',
    after: null,
    limit: 50,
    ...overrides,
  });

  t.test('casework: the queue filters by status, assignee, practice, age and reference', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const ods = practice();
    const base = Date.UTC(2026, 3, 1, 9);
    const at = (hours: number) => new Date(base + hours * 3_600_000);
    const [a, b, c, d] = [await create(store, { senderOdsCode: ods, createdAt: at(0) }), await create(store, { senderOdsCode: ods, createdAt: at(1) }), await create(store, { senderOdsCode: ods, createdAt: at(2) }), await create(store, { senderOdsCode: ods, createdAt: at(3) })];
    await create(store, { createdAt: at(1) }); // another practice
    const b2 = await store.requests.change(b.id, 1, move(b, sam, 'in-progress', at(5)));
    const assign = assignRequest(state(b2!), { actor: sam, assign: 'me', expectedVersion: 2, at: at(6) });
    if (!assign.ok) throw new Error('refused');
    await store.requests.change(b.id, 2, { ...assign.state, entry: assign.entry });
    const c2 = await store.requests.change(c.id, 1, move(c, alex, 'in-progress', at(5)));
    await store.requests.change(c.id, 2, move(c2!, alex, 'completed', at(6), 'Done'));

    const refs = async (f: Partial<QueueFilter>) => (await store.requests.queue(filter({ practiceOdsCode: ods, ...f }))).map((r) => r.reference);
    const cases: [string, Partial<QueueFilter>, StoredRequest[]][] = [
      ['every status, newest first', {}, [d, c, b, a]],
      ['oldest first', { order: 'oldest' }, [a, b, c, d]],
      ['open only', { statuses: OPEN_STATUSES }, [d, b, a]],
      ['New only', { statuses: ['new'] }, [d, a]],
      ['assigned to Sam', { assigned: { to: 'user', userId: 'u-sam' } }, [b]],
      ['assigned to nobody', { assigned: { to: 'nobody' } }, [d, c, a]],
      ['created before hour 2', { createdBefore: at(2) }, [b, a]],
      ['one reference', { search: { references: [c.reference], ticketReference: c.reference } }, [c]],
      ['a search that is no reference', { search: { references: [], ticketReference: 'T-1' } }, []],
      ['the other kind', { kind: 'contact' }, []],
    ];
    for (const [name, f, expected] of cases) t.same(await refs(f), expected.map((r) => r.reference), name);
    t.ok((await store.requests.queue(filter({}))).length >= 5, 'without a practice, every practice');
  });

  t.test('casework: keyset pages meet without gaps or repeats, either order, same-time rows by id', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const ods = practice();
    const base = Date.UTC(2026, 2, 2, 9);
    const stored: StoredRequest[] = [];
    // Pairs share a creation time: the id breaks the tie.
    for (let i = 0; i < 7; i++) stored.push(await create(store, { senderOdsCode: ods, createdAt: new Date(base + Math.floor(i / 2) * 1000) }));
    for (const order of ['newest', 'oldest'] as const) {
      const seen: string[] = [];
      let after: QueueFilter['after'] = null;
      for (let page = 0; page < 10; page++) {
        const rows = await store.requests.queue(filter({ practiceOdsCode: ods, order, after, limit: 3 }));
        if (rows.length === 0) break;
        seen.push(...rows.map((r) => r.reference));
        const last = rows[rows.length - 1]!;
        after = { createdAt: last.createdAt, id: last.id };
      }
      t.equal(seen.length, 7, `${order}: every request once`);
      t.equal(new Set(seen).size, 7, `${order}: no repeats`);
      const sorted = [...stored].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || (x.id < y.id ? -1 : 1));
      t.same(seen, (order === 'oldest' ? sorted : sorted.reverse()).map((r) => r.reference), `${order}: in order`);
    }
  });
}
