import { join } from 'node:path';
import t from 'tap';
import { loadBankHolidays } from '../../src/calendar/working-days.js';
import { ROOT } from '../../src/paths.js';
import { newRecord } from './record-fixture.js';
import type { HistoryEntry, RequestDetails } from '../../src/requests/model.js';
import { queueRow } from '../../src/requests/queue-row.js';
import { purgeRequest, retentionOf } from '../../src/requests/retention.js';
import { retentionWords, timelineRows } from '../../src/requests/timeline.js';

const NOW = new Date('2026-12-07T09:00:00Z'); // Monday
const { holidays } = await loadBankHolidays(join(ROOT, 'fixtures', 'bank-holidays.json'), NOW);
const sam = { userId: 'u1', username: 'sam', displayName: 'Sam Agent' };
const alex = { userId: 'u2', username: 'alex', displayName: 'Alex Agent' };
const at = new Date('2026-12-01T10:00:00Z'); // Tuesday, 10am GMT

t.test('the timeline: who, when, what and why', async (t) => {
  const history: HistoryEntry[] = [
    { type: 'created', at, by: null, version: 1, status: 'new' },
    { type: 'assignment', at, by: sam, version: 2, from: null, to: sam },
    { type: 'status', at, by: sam, version: 3, from: 'new', to: 'in-progress', why: null },
    { type: 'assignment', at, by: alex, version: 4, from: sam, to: alex },
    { type: 'status', at, by: alex, version: 5, from: 'in-progress', to: 'rejected', why: { reason: 'information-missing-or-wrong', text: 'The old email is not on the account.' } },
    { type: 'assignment', at, by: alex, version: 6, from: alex, to: null },
  ];
  t.same(timelineRows(history), [
    { at: '1 December 2026, 10:00am', who: 'GP practice staff, online', what: 'Request received: New', why: [] },
    { at: '1 December 2026, 10:00am', who: 'Sam Agent', what: 'Assigned to Sam Agent', why: [] },
    { at: '1 December 2026, 10:00am', who: 'Sam Agent', what: 'New → In progress', why: [] },
    { at: '1 December 2026, 10:00am', who: 'Alex Agent', what: 'Reassigned from Sam Agent to Alex Agent', why: [] },
    { at: '1 December 2026, 10:00am', who: 'Alex Agent', what: 'In progress → Rejected', why: ['The information is missing or wrong', 'The old email is not on the account.'] },
    { at: '1 December 2026, 10:00am', who: 'Alex Agent', what: 'Unassigned from Alex Agent', why: [] },
  ]);
});

t.test('what a closed request says about its personal data', async (t) => {
  const closed = { status: 'completed' as const, closedAt: new Date('2026-12-01T10:00:00Z'), purgedAt: null };
  t.equal(retentionWords(retentionOf(closed, NOW)), 'Personal details will be erased on 1 March 2027');
  t.equal(retentionWords(retentionOf(closed, new Date('2027-03-02T00:00:00Z'))), 'Personal details are due to be erased at the next purge');
  t.equal(retentionWords(retentionOf({ ...closed, purgedAt: new Date('2027-03-01T10:05:00Z') }, NOW)), 'Personal details were erased on 1 March 2027');
  t.equal(retentionWords(retentionOf({ status: 'new', closedAt: null, purgedAt: null }, NOW)), null);
});

const cleansing: RequestDetails = {
  kind: 'cleansing',
  newEmail: 'new.person@example.com',
  oldEmail: 'old.person@example.org',
  nhsNumberLast3: '919',
  lastAccessDate: null,
  stepsTaken: 'Patient cannot get into the old email at all.',
  senderName: 'Pat Receptionist',
  senderOdsCode: 'B86022',
  senderEmail: 'pat@nhs.net',
};

t.test('a queue row: age in working days, marked when open and old, emails masked', async (t) => {
  const record = newRecord({ details: cleansing, source: { channel: 'public' }, reference: 'CLN-7KQ-4MX', at, by: null, possibleDuplicates: ['CLN-9AC-DEF'] });
  const context = { now: NOW, holidays, ageingWorkingDays: 3 };
  t.same(queueRow(record, context), {
    reference: 'CLN-7KQ-4MX',
    kind: 'Account cleansing',
    status: 'New',
    received: '1 December 2026, 10:00am',
    ageWorkingDays: 4,
    ageing: true,
    practiceOdsCode: 'B86022',
    assignee: null,
    emails: ['n•••@example.com', 'o•••@example.org'],
    possibleDuplicates: ['CLN-9AC-DEF'],
  });
  t.equal(queueRow(record, { ...context, ageingWorkingDays: 4 }).ageing, false, 'the number of days is configurable');
  const completed = { ...record, status: 'completed' as const, closedAt: new Date('2026-12-03T10:00:00Z') };
  t.same([queueRow(completed, context).ageWorkingDays, queueRow(completed, context).ageing], [2, false], 'a closed request stops ageing');
  const purged = purgeRequest(completed, NOW);
  t.same(queueRow(purged, context).emails, [], 'nothing to mask once purged');
  t.notOk(JSON.stringify(queueRow(record, context)).includes('person@'), 'no whole email');
});
