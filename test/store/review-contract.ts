import type { Test } from 'tap';
import type { StaffRef } from '../../src/requests/model.js';
import type { NewReviewQuery, Store } from '../../src/store/ports.js';

/**
 * Four-eyes review, for every adapter: team leads' marks (a request or a day, one per lead and
 * target) and their queries to agents (open until answered; the first answer stays).
 */
export function reviewContract(t: Test, open: () => Promise<Store>): void {
  let counter = 0;
  const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${++counter}`;
  const staff = (name: string): StaffRef => ({ userId: unique(`u-${name}`), username: unique(name), displayName: name });
  const at = (minutes: number) => new Date(Date.UTC(2026, 10, 2, 9, minutes));
  /** Days far from any other test's (the store is shared): a year of its own per call. */
  let year = 2100 + (process.pid % 500);
  const day = (d: number) => `${year}-03-${String(d).padStart(2, '0')}`;

  t.test('review marks: one per lead and target, the first kept; listed oldest first', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const lee = staff('Lee Lead');
    const kim = staff('Kim Lead');
    const reference = unique('CLN');
    const first = await store.reviews.mark({ targetKind: 'request', target: reference, by: lee, at: at(0), comment: 'Checked the steps' });
    t.equal(first.created, true);
    t.same(first.mark, { targetKind: 'request', target: reference, by: lee, at: at(0), comment: 'Checked the steps' });
    const again = await store.reviews.mark({ targetKind: 'request', target: reference, by: lee, at: at(5), comment: 'Second go' });
    t.equal(again.created, false, 'the same lead marking again stores nothing');
    t.same(again.mark, first.mark, 'and gets the first mark back');
    await store.reviews.mark({ targetKind: 'request', target: reference, by: kim, at: at(2), comment: null });
    const marks = await store.reviews.marksOf('request', reference);
    t.same(marks.map((m) => [m.by.displayName, m.comment]), [['Lee Lead', 'Checked the steps'], ['Kim Lead', null]], 'each lead once, oldest first');
    t.ok(marks[0]!.at instanceof Date, 'times come back as Dates');
    t.same(await store.reviews.marksOf('day', reference), [], 'a day and a request are different targets');
    t.same(await store.reviews.marksOf('request', unique('CLN')), []);
  });

  t.test('review marks at the same moment by the same lead: one stored', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const lee = staff('Lee Lead');
    const target = day(1);
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => store.reviews.mark({ targetKind: 'day', target, by: lee, at: at(i), comment: null })));
    t.equal(results.filter((r) => r.created).length, 1, 'one of them created it');
    t.equal(new Set(results.map((r) => r.mark.at.getTime())).size, 1, 'all see the same mark');
    t.equal((await store.reviews.marksOf('day', target)).length, 1);
  });

  t.test('days reviewed: newest day first, each day its marks oldest first, at most the limit', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    year = 9000 + (process.pid % 900);
    const lee = staff('Lee Lead');
    const kim = staff('Kim Lead');
    await store.reviews.mark({ targetKind: 'day', target: day(3), by: lee, at: at(10), comment: null });
    await store.reviews.mark({ targetKind: 'day', target: day(5), by: kim, at: at(30), comment: null });
    await store.reviews.mark({ targetKind: 'day', target: day(5), by: lee, at: at(20), comment: null });
    await store.reviews.mark({ targetKind: 'request', target: `${year}-03-09`, by: lee, at: at(1), comment: null });
    const listed = (await store.reviews.dayMarks({ limit: 1000 })).filter((m) => m.target.startsWith(`${year}-`));
    t.same(listed.map((m) => [m.target, m.by.displayName]), [[day(5), 'Lee Lead'], [day(5), 'Kim Lead'], [day(3), 'Lee Lead']], 'only day marks');
    t.ok((await store.reviews.dayMarks({ limit: 2 })).length <= 2, 'the limit holds');
    t.same(await store.reviews.dayMarks({ limit: 0 }), []);
  });

  const query = (overrides: Partial<NewReviewQuery> = {}): NewReviewQuery => ({
    reference: unique('CLN'),
    raisedBy: staff('Lee Lead'),
    to: staff('Sam Agent'),
    comment: 'Why was this completed without the practice confirming the old email?',
    raisedAt: at(0),
    ...overrides,
  });

  t.test('review queries: raised, found, listed per request and as open per addressee, counted', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const sam = staff('Sam Agent');
    const alex = staff('Alex Agent');
    const input = query({ to: sam, raisedAt: at(1) });
    const raised = await store.reviews.raise(input);
    t.type(raised.id, 'string');
    t.same(raised, { ...input, id: raised.id, answer: null });
    t.same(await store.reviews.findQuery(raised.id), raised, 'found as stored');
    t.equal(await store.reviews.findQuery('00000000-0000-4000-8000-000000000000'), null);

    const second = await store.reviews.raise(query({ reference: input.reference, to: alex, raisedAt: at(2), comment: 'And the assignment?' }));
    const third = await store.reviews.raise(query({ to: sam, raisedAt: at(3) }));
    t.same((await store.reviews.queriesAbout(input.reference)).map((q) => q.id), [raised.id, second.id], "one request's queries, oldest first");
    t.same((await store.reviews.openQueries({ toUserId: sam.userId, limit: 10 })).map((q) => q.id), [raised.id, third.id], "Sam's open queries");
    t.same((await store.reviews.openQueries({ toUserId: sam.userId, limit: 1 })).map((q) => q.id), [raised.id], 'at most the limit');
    t.equal(await store.reviews.countOpen(sam.userId), 2);
    t.equal(await store.reviews.countOpen(alex.userId), 1);
    t.equal(await store.reviews.countOpen(unique('nobody')), 0);
    const everyone = (await store.reviews.openQueries({ limit: 10_000 })).map((q) => q.id);
    t.ok([raised.id, second.id, third.id].every((id) => everyone.includes(id)), "a team lead's list has everyone's");
  });

  t.test('figures: open review queries per agent, answered ones not counted', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const first = staff(unique('Agent'));
    const second = staff(unique('Agent'));
    const a = await store.reviews.raise(query({ to: first }));
    await store.reviews.raise(query({ to: first }));
    await store.reviews.raise(query({ to: second }));
    await store.reviews.answer(a.id, { text: 'The practice confirmed it by phone.', by: first, at: at(5) });
    const mine = (await store.figures.openQueriesByAgent()).filter((row) => row.username === first.username || row.username === second.username);
    t.same(mine.sort((x, y) => x.username.localeCompare(y.username)), [{ username: first.username, count: 1 }, { username: second.username, count: 1 }].sort((x, y) => x.username.localeCompare(y.username)));
  });

  t.test('review queries: an answer closes the query; a second answer keeps the first', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const sam = staff('Sam Agent');
    const raised = await store.reviews.raise(query({ to: sam }));
    const answer = { text: 'The practice confirmed by phone; see the note.', by: sam, at: at(40) };
    const first = await store.reviews.answer(raised.id, answer);
    t.same(first, { outcome: 'answered', query: { ...raised, answer } });
    const second = await store.reviews.answer(raised.id, { text: 'A second tab', by: sam, at: at(41) });
    t.same(second, { outcome: 'already-answered', query: { ...raised, answer } }, 'the second is refused with the first answer');
    t.same((await store.reviews.findQuery(raised.id))?.answer, answer);
    t.equal(await store.reviews.countOpen(sam.userId), 0, 'no longer open');
    t.same(await store.reviews.openQueries({ toUserId: sam.userId, limit: 10 }), []);
    t.same(await store.reviews.answer('00000000-0000-4000-8000-000000000000', answer), { outcome: 'not-found' });
  });

  t.test('review queries answered from two tabs at once: exactly one answer lands', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const sam = staff('Sam Agent');
    const raised = await store.reviews.raise(query({ to: sam }));
    const texts = ['From tab one', 'From tab two', 'From tab three'];
    const results = await Promise.all(texts.map((text, i) => store.reviews.answer(raised.id, { text, by: sam, at: at(50 + i) })));
    const won = results.filter((r) => r.outcome === 'answered');
    t.equal(won.length, 1, 'one answered');
    t.equal(results.filter((r) => r.outcome === 'already-answered').length, 2, 'the others were told');
    const kept = (await store.reviews.findQuery(raised.id))?.answer?.text;
    t.ok(results.every((r) => r.outcome !== 'not-found' && r.query.answer?.text === kept), 'everyone sees the answer that was kept');
  });
}
