import t from 'tap';
import fc from 'fast-check';
import type { RequestRecord } from '../../src/requests/model.js';
import {
  DEFAULT_RETENTION_DAYS,
  DETAIL_RETENTION,
  erasedFields,
  keptFields,
  purgeCutoff,
  purgeRequest,
  retentionOf,
} from '../../src/requests/retention.js';
import { REQUEST_KINDS } from '../../src/requests/kinds.js';
import { STATUSES, STATUS_INFO } from '../../src/requests/statuses.js';
import { holds } from './property.js';

const CLOSED = new Date('2026-09-02T10:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

t.test('due 90 days (by default) after Completed or Rejected', async (t) => {
  t.equal(DEFAULT_RETENTION_DAYS, 90);
  const purgeAt = new Date('2026-12-01T10:00:00Z');
  const cases: Array<{ name: string; status: (typeof STATUSES)[number]; closedAt: Date | null; now: Date; days?: number; expected: ReturnType<typeof retentionOf> }> = [
    { name: 'open', status: 'in-progress', closedAt: null, now: purgeAt, expected: { state: 'open' } },
    { name: 'waiting for practice is open', status: 'waiting-for-practice', closedAt: null, now: purgeAt, expected: { state: 'open' } },
    { name: 'completed, a second early', status: 'completed', closedAt: CLOSED, now: new Date(purgeAt.getTime() - 1000), expected: { state: 'waiting', purgeAt } },
    { name: 'completed, on time', status: 'completed', closedAt: CLOSED, now: purgeAt, expected: { state: 'due', purgeAt } },
    { name: 'rejected, long after', status: 'rejected', closedAt: CLOSED, now: new Date('2027-06-01T00:00:00Z'), expected: { state: 'due', purgeAt } },
    { name: 'a shorter retention', status: 'rejected', closedAt: CLOSED, now: CLOSED, days: 7, expected: { state: 'waiting', purgeAt: new Date('2026-09-09T10:00:00Z') } },
    { name: 'reopened: open again', status: 'in-progress', closedAt: null, now: new Date('2027-06-01T00:00:00Z'), expected: { state: 'open' } },
  ];
  for (const c of cases) t.same(retentionOf({ status: c.status, closedAt: c.closedAt, purgedAt: null }, c.now, c.days), c.expected, c.name);
  t.same(retentionOf({ status: 'completed', closedAt: CLOSED, purgedAt: purgeAt }, purgeAt), { state: 'purged', purgedAt: purgeAt });
});

t.test("property: due exactly when the store's cutoff says so", async (t) => {
  const arb = fc.tuple(fc.constantFrom(...STATUSES), fc.integer({ min: 0, max: 400 * DAY }), fc.integer({ min: 1, max: 365 }));
  holds(
    t,
    fc.property(arb, ([status, since, days]) => {
      const now = new Date(CLOSED.getTime() + since);
      const closedAt = STATUS_INFO[status].final ? CLOSED : null;
      const due = retentionOf({ status, closedAt, purgedAt: null }, now, days).state === 'due';
      return due === (closedAt !== null && closedAt.getTime() <= purgeCutoff(now, days).getTime());
    }),
    'rule and cutoff agree',
  );
});

t.test('every detail field is erased or kept, by kind', async (t) => {
  t.same(erasedFields('cleansing'), ['newEmail', 'oldEmail', 'nhsNumberLast3', 'lastAccessDate', 'stepsTaken', 'senderName', 'senderEmail']);
  t.same(keptFields('cleansing'), ['senderOdsCode']);
  t.same(erasedFields('contact'), ['senderName', 'senderEmail', 'description', 'nhsNumberLast3']);
  t.same(keptFields('contact'), ['senderOdsCode', 'errorCode', 'checked']);
  for (const kind of REQUEST_KINDS) {
    for (const field of ['senderName', 'senderEmail']) t.equal(DETAIL_RETENTION[kind][field as 'senderName'], 'erase', `${kind}: every email and name goes`);
  }
});

const at = new Date('2026-08-01T09:00:00Z');
const by = { userId: 'u1', username: 'sam', displayName: 'Sam Agent' };
const request: RequestRecord = {
  id: '1',
  reference: 'CLN-7KQ-4MX',
  kind: 'cleansing',
  status: 'rejected',
  version: 3,
  assignee: by,
  closedAt: CLOSED,
  lastChange: { at: CLOSED, by },
  kept: null,
  details: {
    kind: 'cleansing',
    newEmail: 'new.person@example.com',
    oldEmail: 'old.person@example.org',
    nhsNumberLast3: '919',
    lastAccessDate: '2024-02-01',
    stepsTaken: 'Patient cannot access the old email at all.',
    senderName: 'Pat Receptionist',
    senderOdsCode: 'B86022',
    senderEmail: 'pat@nhs.net',
  },
  source: { channel: 'public' },
  practiceOdsCode: 'B86022',
  createdAt: at,
  updatedAt: CLOSED,
  purgedAt: null,
  possibleDuplicates: ['CLN-9AC-DEF'],
  history: [
    { type: 'created', at, by: null, version: 1, status: 'new' },
    { type: 'status', at, by, version: 2, from: 'new', to: 'in-progress', why: null },
    { type: 'status', at: CLOSED, by, version: 3, from: 'in-progress', to: 'rejected', why: { reason: 'information-missing-or-wrong', text: 'Old email old.person@example.org is not on the account' } },
  ],
  notes: [{ at, by, text: 'Rang Pat at the practice', confirmedNotPatient: false }],
};

t.test('the purged record: reference, kind, dates, statuses, outcome, practice; nothing personal', async (t) => {
  const now = new Date('2026-12-01T10:00:00Z');
  const purged = purgeRequest(request, now);
  t.same(purged, {
    ...request,
    details: null,
    kept: { kind: 'cleansing', senderOdsCode: 'B86022' },
    history: [
      request.history[0],
      request.history[1],
      { type: 'status', at: CLOSED, by, version: 3, from: 'in-progress', to: 'rejected', why: { reason: 'information-missing-or-wrong', text: null } },
    ],
    notes: [],
    purgedAt: now,
  });
  const text = JSON.stringify(purged);
  for (const personal of ['new.person', 'old.person', 'Pat Receptionist', 'pat@nhs.net', '919', '2024-02-01', 'Rang Pat']) t.notOk(text.includes(personal), `no ${personal}`);
  t.same(purgeRequest(purged, new Date('2026-12-02T10:00:00Z')), purged, 'purging again changes nothing, not even the date');
});
