import t from 'tap';
import { isOverdue, reviewForPage, ukDate } from '../../src/trees/review.js';
import { overdueContent } from '../../src/plugins/trees.js';

const review = { owner: 'Knowledge team', lastReviewed: '2026-12-01', nextReview: '2027-06-01' };

const when: Array<[moment: string, overdue: boolean]> = [
  ['2027-05-31T12:00:00Z', false],
  ['2027-06-01T22:59:00Z', false], // 23:59 in London (BST): still the due day
  ['2027-06-01T23:00:00Z', true], // midnight in London: the day after
  ['2027-06-02T09:00:00Z', true],
];

t.test('a review is overdue from the day after its due date, on the UK calendar', async (t) => {
  for (const [moment, overdue] of when) t.equal(isOverdue(review, new Date(moment)), overdue, moment);
  t.equal(isOverdue(review, new Date('nope')), false, 'an unreadable clock never claims overdue');
  t.equal(ukDate(new Date('2027-06-01T23:30:00Z')), '2027-06-02');
});

t.test('pages show the dates as NHS.UK content does', async (t) => {
  t.same(reviewForPage(review, new Date('2027-01-01T00:00:00Z')), {
    owner: 'Knowledge team',
    lastReviewed: '1 December 2026',
    nextReview: '1 June 2027',
    overdue: false,
  });
});

t.test('the start log names each file past its date, with its owner', async (t) => {
  const items = [
    { name: 'tree a', review },
    { name: 'tree b', review: { ...review, nextReview: '2028-01-01' } },
  ];
  t.same(overdueContent(items, new Date('2027-07-01T00:00:00Z')), ['tree a (next review was due 2027-06-01, owner: Knowledge team)']);
  t.same(overdueContent(items, new Date('2027-01-01T00:00:00Z')), []);
});
