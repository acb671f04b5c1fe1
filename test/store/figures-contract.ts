import type { Test } from 'tap';
import { sampleCleansingRequest } from '../sample-cleansing-request.js';
import type { NewStoredRequest, NewTriage, Store } from '../../src/store/ports.js';

/**
 * The figures page's queries, on every adapter. The store file is shared with the rest of the
 * contract suite, so each check uses days no other test writes on (long past)
 * or compares before and after.
 */
export function figuresContract(t: Test, open: () => Promise<Store>): void {
  let counter = 0;
  const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${++counter}`;

  const request = (createdAt: Date, senderOdsCode: string): NewStoredRequest => sampleCleansingRequest({ idempotencyKey: unique('key'), senderOdsCode, createdAt });
  const agent = { userId: 'figures-agent-id', username: 'figures-agent' };
  const send = (store: Store, createdAt: string, ods: string, by: 'public' | 'agent') =>
    store.requests.create(request(new Date(createdAt), ods), {
      audit: (stored) => ({
        at: stored.createdAt,
        actor: by === 'public' ? { userId: null, username: null } : agent,
        action: 'request.created',
        reference: stored.reference,
        dedupeKey: `request.created:${stored.reference}`,
      }),
    });

  t.test('figures: requests by kind, status and source; repeat practices per kind; median time to complete; completed per agent', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const range = { from: '1996-05-01', to: '1996-05-31' };
    const at = (iso: string) => new Date(iso);
    const make = async (createdAt: string, practice: string, kind: 'cleansing' | 'contact', ticket: boolean) =>
      (
        await store.requests.create(
          { ...sampleCleansingRequest({ idempotencyKey: unique('key'), senderOdsCode: practice, createdAt: at(createdAt), ...(ticket ? { source: { channel: 'ticket', ticketReference: 'INC-9' } } : {}) }), kind },
          { audit: (stored) => ({ at: stored.createdAt, actor: { userId: null, username: null }, action: 'request.created', reference: stored.reference }) },
        )
      ).request;
    const complete = (r: { id: string }, closedAt: string, username: string) =>
      store.requests.change(r.id, 1, {
        status: 'completed',
        assignee: null,
        closedAt: at(closedAt),
        entry: { type: 'status', at: at(closedAt), by: { userId: `id-${username}`, username, displayName: username }, version: 2, from: 'new', to: 'completed', why: { reason: null, text: 'done' } },
      });
    const a = await make('1996-05-04T09:00:00Z', 'Y11111', 'cleansing', false);
    const b = await make('1996-05-04T09:00:00Z', 'Y11111', 'cleansing', true);
    const c = await make('1996-05-05T09:00:00Z', 'Y22222', 'contact', false);
    await make('1996-04-30T09:00:00Z', 'Y11111', 'cleansing', false); // before the range
    await complete(a, '1996-05-04T11:00:00Z', 'sam'); // 2 hours
    await complete(b, '1996-05-06T09:00:00Z', 'sam'); // 2 days
    await complete(c, '1996-05-05T10:00:00Z', 'alex'); // 1 hour

    t.same(await store.figures.requestsByKindStatusSource(range), [
      { kind: 'cleansing', status: 'completed', source: 'public', count: 1 },
      { kind: 'cleansing', status: 'completed', source: 'ticket', count: 1 },
      { kind: 'contact', status: 'completed', source: 'public', count: 1 },
    ]);
    t.same(await store.figures.requestsByPracticeOfKind(range, 'cleansing', 5), [{ odsCode: 'Y11111', count: 2 }], 'only that kind, only the range');
    t.same(await store.figures.requestsByPracticeOfKind(range, 'contact', 5), [{ odsCode: 'Y22222', count: 1 }]);
    t.same(await store.figures.completionTime(range), { completed: 3, medianMs: 2 * 3_600_000 }, 'the middle of 1 hour, 2 hours and 2 days');
    t.same(await store.figures.completionTime({ from: '1995-01-01', to: '1995-01-02' }), { completed: 0, medianMs: null });
    t.same(await store.figures.completedByAgent(range), [
      { username: 'sam', count: 2 },
      { username: 'alex', count: 1 },
    ]);
  });

  t.test('figures: journey tallies per day, within a range of days', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const treeId = unique('tree');
    const other = unique('tree');
    const tallies: Array<[string, string, 'reached' | 'ended', number, string]> = [
      // tree, node, event, count, day
      [treeId, 'start', 'reached', 3, '1992-12-31'],
      [treeId, 'start', 'reached', 5, '1993-01-01'],
      [treeId, 'start', 'reached', 2, '1993-01-02'],
      [treeId, 'start', 'reached', 1, '1993-01-02'],
      [treeId, 'fixed', 'ended', 4, '1993-01-02'],
      [other, 'start', 'reached', 7, '1993-01-03'],
      [treeId, 'start', 'reached', 9, '1993-01-04'],
    ];
    for (const [tree, node, event, count, day] of tallies) await store.journeys.add(tree, node, event, count, day);
    const range = { from: '1993-01-01', to: '1993-01-03' };

    const totals = (await store.figures.journeyTotals(range)).filter((c) => c.treeId === treeId || c.treeId === other);
    t.same(
      totals,
      [
        { treeId, nodeId: 'fixed', event: 'ended', count: 4 },
        { treeId, nodeId: 'start', event: 'reached', count: 8 },
        { treeId: other, nodeId: 'start', event: 'reached', count: 7 },
      ].sort((a, b) => (a.treeId < b.treeId ? -1 : a.treeId > b.treeId ? 1 : 0)),
      'summed over the days in the range, both ends included',
    );

    const days = await store.figures.journeyDays(range, [
      { treeId, nodeId: 'start', event: 'reached' },
      { treeId: other, nodeId: 'start', event: 'reached' },
    ]);
    t.same(days, [
      { treeId, nodeId: 'start', event: 'reached', day: '1993-01-01', count: 5 },
      { treeId, nodeId: 'start', event: 'reached', day: '1993-01-02', count: 3 },
      { treeId: other, nodeId: 'start', event: 'reached', day: '1993-01-03', count: 7 },
    ], 'only the points asked for, per day, in day order');
    t.same(await store.figures.journeyDays(range, []), [], 'no points, no rows');
    t.same(
      (await store.journeys.list()).filter((c) => c.treeId === treeId),
      [
        { treeId, nodeId: 'fixed', event: 'ended', count: 4 },
        { treeId, nodeId: 'start', event: 'reached', count: 20 },
      ],
      'the all-time list still adds every day up',
    );
  });

  t.test('figures: requests by practice (top N), by day and source, and open ones by age', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const sent: Array<[string, string, 'public' | 'agent']> = [
      // created at (UTC), practice, who sent it
      ['1991-05-31T23:59:59.999Z', 'A00001', 'public'],
      ['1991-06-01T00:00:00.000Z', 'B00002', 'public'],
      ['1991-06-01T08:00:00.000Z', 'B00002', 'agent'],
      ['1991-06-01T09:00:00.000Z', 'C00003', 'public'],
      ['1991-06-02T23:59:59.999Z', 'B00002', 'public'],
      ['1991-06-02T10:00:00.000Z', 'C00003', 'agent'],
      ['1991-06-02T11:00:00.000Z', 'D00004', 'public'],
      ['1991-06-03T00:00:00.000Z', 'A00001', 'public'],
    ];
    for (const [at, ods, by] of sent) await send(store, at, ods, by);
    const range = { from: '1991-06-01', to: '1991-06-02' };

    t.same(await store.figures.requestsByPractice(range, 2), [
      { odsCode: 'B00002', count: 3 },
      { odsCode: 'C00003', count: 2 },
    ], 'most first, at most N');
    t.same(await store.figures.requestsByPractice(range, 10), [
      { odsCode: 'B00002', count: 3 },
      { odsCode: 'C00003', count: 2 },
      { odsCode: 'D00004', count: 1 },
    ], 'ties by code; the days either side left out');
    t.same(await store.figures.requestsByDay(range), [
      { day: '1991-06-01', source: 'agent', count: 1 },
      { day: '1991-06-01', source: 'public', count: 2 },
      { day: '1991-06-02', source: 'agent', count: 1 },
      { day: '1991-06-02', source: 'public', count: 2 },
    ], 'per UTC day; an agent-sent request told apart by its audit event');

    const cutoffs = [new Date('1990-01-02T00:00:00Z'), new Date('1990-01-04T00:00:00Z')];
    const before = await store.figures.openCreatedBefore(cutoffs, ['new']);
    await send(store, '1990-01-01T12:00:00Z', 'A00001', 'public');
    await send(store, '1990-01-03T12:00:00Z', 'A00001', 'public');
    const after = await store.figures.openCreatedBefore(cutoffs, ['new']);
    t.same(after.map((n, i) => n - (before[i] ?? 0)), [1, 2], 'each cutoff counts the open requests created before it');
    t.same(await store.figures.openCreatedBefore(cutoffs, []), [0, 0], 'no open statuses, nothing open');
    t.same(await store.figures.openCreatedBefore(cutoffs, ['completed']), [0, 0], 'only the statuses asked for');
  });

  t.test('figures: triages finished per agent within the range', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const triage = (username: string): NewTriage => ({
      ticketReference: unique('INC'),
      treeId: 'lost-email',
      treeVersion: 1,
      agent: { userId: `${username}-id`, username },
      startedAt: new Date('1992-03-01T09:00:00Z'),
    });
    const finished: Array<[string, string | null]> = [
      // agent, ended at (null: still open)
      ['amy', '1992-03-01T10:00:00Z'],
      ['amy', '1992-03-02T23:59:00Z'],
      ['bob', '1992-03-02T10:00:00Z'],
      ['bob', null],
      ['cat', '1992-03-03T00:00:00Z'],
    ];
    for (const [username, endedAt] of finished) {
      const started = await store.triage.start(triage(username));
      if (endedAt) {
        await store.triage.update(started.id, 1, {
          steps: [],
          outcome: { nodeId: 'fixed', result: 'resolved', next: null },
          endedAt: new Date(endedAt),
        });
      }
    }
    t.same(await store.figures.triagesFinishedByAgent({ from: '1992-03-01', to: '1992-03-02' }), [
      { username: 'amy', count: 2 },
      { username: 'bob', count: 1 },
    ]);
  });
}
