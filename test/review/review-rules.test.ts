import t from 'tap';
import { randomInt } from 'node:crypto';
import { referenceHref } from '../../src/audit/actions.js';
import { reviewableDay, singleDay } from '../../src/review/day.js';
import { formIds, textRule } from '../../src/review/forms.js';
import { parseSampleQuery, pickSample, sampleSize, type SampleValues } from '../../src/review/sample.js';
import { addresseeChoices, chooseAddressee, defaultAddressee, mayAnswer, mayMark, mayRaise, type WorkedBy } from '../../src/review/rules.js';
import { checkReviewText } from '../../src/review/text.js';
import type { ReviewQuery, Role, StaffUser } from '../../src/store/ports.js';

const person = (id: string, role: Role, disabled = false): StaffUser => ({
  id,
  username: id,
  displayName: id.toUpperCase(),
  role,
  passwordHash: 'h',
  disabled,
  createdAt: new Date(0),
  mustChangePassword: false,
  lastSignInAt: null,
});
const ref = (user: StaffUser) => ({ userId: user.id, username: user.username, displayName: user.displayName });

const lee = person('lee', 'team-lead');
const kim = person('kim', 'team-lead');
const sam = person('sam', 'agent');
const alex = person('alex', 'agent');
const gone = person('gone', 'agent', true);
const everyone = [lee, kim, sam, alex, gone];

t.test('who marks, raises and answers', async (t) => {
  t.same([mayMark('team-lead'), mayMark('agent'), mayRaise('team-lead'), mayRaise('agent')], [true, false, true, false], 'team leads review; agents do not');
  const query: ReviewQuery = { id: 'q', reference: 'CLN-1', raisedBy: ref(lee), to: ref(sam), comment: 'Why?', raisedAt: new Date(0), answer: null };
  const cases: [string, ReviewQuery, StaffUser, ReturnType<typeof mayAnswer>][] = [
    ['the agent asked, while it is open', query, sam, 'allowed'],
    ['another agent', query, alex, 'not-addressed'],
    ['the lead who raised it', query, lee, 'not-addressed'],
    ['the agent asked, once answered', { ...query, answer: { text: 'Because', by: ref(sam), at: new Date(1) } }, sam, 'answered'],
  ];
  for (const [what, q, who, expected] of cases) t.equal(mayAnswer(q, who), expected, what);
});

t.test('whom a query goes to', async (t) => {
  const worked = (assignee: StaffUser | null, lastChangeBy: StaffUser | null): WorkedBy => ({ assignee: assignee && ref(assignee), lastChangeBy: lastChangeBy && ref(lastChangeBy) });
  const defaults: [string, WorkedBy, StaffUser | null][] = [
    ['the assignee', worked(sam, alex), sam],
    ['else whoever changed it last', worked(null, alex), alex],
    ['a team lead who worked on it is asked too', worked(kim, null), kim],
    ['never the lead raising it: then the last changer', worked(lee, alex), alex],
    ['nor someone disabled', worked(gone, null), null],
    ['nobody when it came from the public form and nobody took it', worked(null, null), null],
  ];
  for (const [what, w, expected] of defaults) t.equal(defaultAddressee(w, lee, everyone)?.id ?? null, expected?.id ?? null, what);

  t.same(addresseeChoices(worked(kim, null), lee, everyone).map((u) => u.id), ['kim', 'sam', 'alex'], 'the default first, then every active agent');
  t.same(addresseeChoices(worked(null, null), lee, everyone).map((u) => u.id), ['sam', 'alex']);

  const picks: [string, string, WorkedBy, string | RegExp][] = [
    ['the default', '', worked(sam, null), 'sam'],
    ['any active agent', 'alex', worked(sam, null), 'alex'],
    ['no default and no pick', '', worked(null, null), /^Select the agent/],
    ['themselves', 'lee', worked(null, null), /^Select someone else/],
    ['another lead who did not work on it', 'kim', worked(sam, null), /^Select an agent from the list/],
    ['a disabled agent', 'gone', worked(null, null), /^Select an agent from the list/],
    ['an unknown id', 'nobody', worked(null, null), /^Select an agent from the list/],
  ];
  for (const [what, picked, w, expected] of picks) {
    const result = chooseAddressee(picked, w, lee, everyone);
    if (typeof expected === 'string') t.equal(result.ok && result.to.id, expected, what);
    else t.match(!result.ok && result.message, expected, what);
  }
});

t.test('the words of a review: limits, control characters and the personal-data guard', async (t) => {
  const now = new Date('2026-12-01T10:00:00Z');
  const rule = (kind: 'mark' | 'query' | 'answer') => textRule(kind, formIds(kind, 'q1'));
  const cases: [string, ReturnType<typeof rule>, string, string | null | RegExp][] = [
    ['a mark needs no comment', rule('mark'), '  ', null],
    ['a query does', rule('query'), '', /^Enter the query/],
    ['an answer does', rule('answer'), '\n', /^Enter your answer/],
    ['trimmed', rule('query'), '  Why closed?  ', 'Why closed?'],
    ['1,000 characters for a query', rule('query'), 'a'.repeat(1000), 'a'.repeat(1000)],
    ['not 1,001', rule('query'), 'a'.repeat(1001), /^The query must be 1,000 characters or fewer$/],
    ['2,000 for an answer', rule('answer'), 'b'.repeat(2001), /^Your answer must be 2,000 characters or fewer$/],
    ['lines are fine', rule('answer'), 'One\nTwo', 'One\nTwo'],
    ['control characters are not', rule('mark'), 'esc\u001b', /^The comment must not include control characters: character 4/],
    ['a full NHS number is refused', rule('answer'), 'It was 9434765919', /^Remove the NHS number at character 8\. Your answer must not contain a full NHS number$/],
  ];
  for (const [what, r, typed, expected] of cases) {
    const result = checkReviewText(typed, r, now, null);
    if (expected instanceof RegExp) t.match(!result.ok && result.errors[0]?.message, expected, what);
    else t.equal(result.ok && result.text, expected, what);
  }
  const held = checkReviewText('Sent to pm@example.nhs.uk', rule('query'), now, null);
  t.ok(!held.ok && held.heldToken, 'an email address is held');
  t.same(!held.ok && held.errors.map((e) => e.href), ['#query-review-text'], 'linked to the field');
  const confirmed = checkReviewText('Sent to pm@example.nhs.uk', rule('query'), now, held.ok ? null : held.heldToken);
  t.match(confirmed, { ok: true, text: 'Sent to pm@example.nhs.uk', confirmed: 1 }, 'and goes once confirmed');
  t.match(checkReviewText('Sent to other@example.nhs.uk', rule('query'), now, held.ok ? null : held.heldToken), { ok: false }, 'a confirmation covers only what was held');
});

t.test("a day's events: one real day that has started", async (t) => {
  const days: [string, string, ReturnType<typeof reviewableDay>][] = [
    ['2026-11-30', '2026-12-01', { ok: true, day: '2026-11-30' }],
    ['2026-12-01', '2026-12-01', { ok: true, day: '2026-12-01' }],
    ['2026-12-02', '2026-12-01', { ok: false, reason: 'future' }],
    ['2026-02-30', '2026-12-01', { ok: false, reason: 'not-a-day' }],
    ['1 Dec 2026', '2026-12-01', { ok: false, reason: 'not-a-day' }],
  ];
  for (const [value, today, expected] of days) t.same(reviewableDay(value, today), expected, value);
  const filters: [{ from: string; to: string }, string | null][] = [
    [{ from: '2026-11-19', to: '2026-11-19' }, '2026-11-19'],
    [{ from: ' 2026-11-19', to: '2026-11-19 ' }, '2026-11-19'],
    [{ from: '2026-11-19', to: '2026-11-20' }, null],
    [{ from: '2026-11-19', to: '' }, null],
    [{ from: '', to: '' }, null],
    [{ from: '2026-02-30', to: '2026-02-30' }, null],
  ];
  for (const [values, expected] of filters) t.equal(singleDay(values), expected, JSON.stringify(values));
});

t.test('review a sample: the form, how many, a fair pick', async (t) => {
  const today = '2026-12-01';
  const forms: [SampleValues, { day: string; size: number | null } | RegExp][] = [
    [{ day: '2026-11-30', size: '' }, { day: '2026-11-30', size: null }],
    [{ day: ' 2026-11-30 ', size: ' 7 ' }, { day: '2026-11-30', size: 7 }],
    [{ day: '', size: '5' }, /^Enter the day the requests were completed$/],
    [{ day: '2026-11-31', size: '' }, /^Enter the day as a real date/],
    [{ day: '2026-12-02', size: '' }, /^Enter a day that has started/],
    [{ day: '2026-11-30', size: '0' }, /^Enter how many as a number from 1 to 100$/],
    [{ day: '2026-11-30', size: '101' }, /^Enter how many as a number from 1 to 100$/],
    [{ day: '2026-11-30', size: 'five' }, /^Enter how many as a whole number/],
  ];
  for (const [values, expected] of forms) {
    const parsed = parseSampleQuery(values, today);
    if (expected instanceof RegExp) t.match(!parsed.ok && parsed.errors[0]?.message, expected, JSON.stringify(values));
    else t.match(parsed, { ok: true, ...expected }, JSON.stringify(values));
  }
  const sizes: [number, number | null, number][] = [
    [0, null, 0],
    [1, null, 1],
    [20, null, 1],
    [21, null, 2],
    [200, null, 10],
    [3, 5, 3],
    [200, 7, 7],
  ];
  for (const [total, asked, expected] of sizes) t.equal(sampleSize(total, asked), expected, `${String(asked ?? '5%')} of ${total}`);

  const items = ['a', 'b', 'c', 'd', 'e'];
  t.same(pickSample(items, 2, () => 0), ['a', 'b'], 'the random source decides');
  t.same(pickSample(items, 2, (n) => n - 1), ['e', 'a'], 'each pick from what is left');
  t.same(pickSample(items, 9, () => 0), items, 'never more than there are');
  // Every item is as likely to be picked as any other.
  const counts = new Map(items.map((i) => [i, 0]));
  for (let run = 0; run < 5000; run++) for (const picked of pickSample(items, 2, (n) => randomInt(n))) counts.set(picked, counts.get(picked)! + 1);
  for (const [item, count] of counts) t.ok(count > 1700 && count < 2300, `${item} picked ${count} times of an expected 2,000`);
  t.same(items, ['a', 'b', 'c', 'd', 'e'], 'the list given is left as it was');
});

t.test("a day's review in the audit log links to that day's events", async (t) => {
  t.equal(referenceHref('review.day-reviewed', '2026-11-19'), '/staff/audit?from=2026-11-19&to=2026-11-19');
  t.equal(referenceHref('review.sample-drawn', '2026-11-19'), '/staff/audit?from=2026-11-19&to=2026-11-19');
  t.equal(referenceHref('review.query-raised', 'CLN-ABC-123'), '/staff/requests/CLN-ABC-123');
});
