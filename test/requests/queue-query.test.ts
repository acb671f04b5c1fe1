import { join } from 'node:path';
import t from 'tap';
import fc from 'fast-check';
import { loadBankHolidays, olderThanCutoff } from '../../src/calendar/working-days.js';
import { ROOT } from '../../src/paths.js';
import { decodeCursor, encodeCursor, parseQueueQuery, QUEUE_FIELDS, type QueueValues } from '../../src/requests/queue-query.js';
import { OPEN_STATUSES, STATUSES } from '../../src/requests/statuses.js';
import { holds } from './property.js';

const NOW = new Date('2026-12-07T09:00:00Z');
const { holidays } = await loadBankHolidays(join(ROOT, 'fixtures', 'bank-holidays.json'), NOW);
const context = { userId: 'u1', now: NOW, holidays };
const empty = Object.fromEntries(QUEUE_FIELDS.map((f) => [f, ''])) as QueueValues;
const query = (overrides: Partial<QueueValues>) => parseQueueQuery({ ...empty, ...overrides }, context);

t.test('no filters: open requests, anyone, newest first, first page', async (t) => {
  t.same(query({}), {
    ok: true,
    filter: { statuses: OPEN_STATUSES, kind: null, assigned: { to: 'anyone' }, practiceOdsCode: null, createdBefore: null, search: null, order: 'newest', after: null, limit: 50 },
  });
});

t.test('each filter', async (t) => {
  const filterOf = (overrides: Partial<QueueValues>) => {
    const result = query(overrides);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return result.filter;
  };
  t.same(filterOf({ status: 'all' }).statuses, STATUSES);
  t.same(filterOf({ status: 'waiting-for-practice' }).statuses, ['waiting-for-practice']);
  t.equal(filterOf({ kind: 'contact' }).kind, 'contact');
  t.same(filterOf({ assigned: 'me' }).assigned, { to: 'user', userId: 'u1' });
  t.same(filterOf({ assigned: 'nobody' }).assigned, { to: 'nobody' });
  t.equal(filterOf({ ods: ' b86022 ' }).practiceOdsCode, 'B86022');
  t.same(filterOf({ older: '3' }).createdBefore, olderThanCutoff(NOW, holidays, 3));
  t.same(filterOf({ q: 'cln 7kq 4mx' }).search, { references: ['CLN-7KQ-4MX'], ticketReference: 'cln 7kq 4mx' });
  t.same(filterOf({ q: 'INC-1234' }).search, { references: [], ticketReference: 'INC-1234' });
  t.equal(filterOf({ order: 'oldest' }).order, 'oldest');
});

t.test('forged or mistyped values get a message, never a query', async (t) => {
  const cases: Array<[Partial<QueueValues>, Array<[string, string]>]> = [
    [{ status: 'deleted' }, [['#filter-status', 'Select a status from the list']]],
    [{ status: 'constructor' }, [['#filter-status', 'Select a status from the list']]],
    [{ kind: 'other' }, [['#filter-kind', 'Select a kind of request from the list']]],
    [{ assigned: 'u2' }, [['#filter-assigned', 'Select who the requests are assigned to']]],
    [{ ods: 'Y1234O' }, [['#filter-ods', 'Enter the ODS code in the correct format: one letter followed by 5 numbers, like Y12345. Character 6 is the capital letter O, which looks like the digit 0 (U+004F). It was probably the digit 0.']]],
    [{ older: 'three' }, [['#filter-older', 'Enter a whole number of working days from 0 to 250, like 3']]],
    [{ older: '251' }, [['#filter-older', 'Enter a whole number of working days from 0 to 250, like 3']]],
    [{ q: 'x'.repeat(41) }, [['#filter-q', 'Search for a reference or ticket reference of 40 characters or fewer']]],
    [{ order: 'random' }, [['#filter-order', 'Select newest or oldest first']]],
    [{ status: 'x', order: 'y' }, [['#filter-status', 'Select a status from the list'], ['#filter-order', 'Select newest or oldest first']]],
  ];
  for (const [overrides, errors] of cases) {
    const result = query(overrides);
    t.same(result.ok ? [] : result.errors.map((e) => [e.href, e.message]), errors, JSON.stringify(overrides));
  }
});

t.test('keyset cursors', async (t) => {
  const row = { createdAt: new Date('2026-12-01T10:00:00.123Z'), id: '65a1f0c2e4b0a1b2c3d4e5f6' };
  const cursor = encodeCursor(row, 'newest');
  t.same(decodeCursor(cursor, 'newest'), row);
  t.equal(decodeCursor(cursor, 'oldest'), null, 'a cursor for the other order starts again');
  const result = query({ after: cursor });
  t.same(result.ok && result.filter.after, row);
  for (const bad of ['', 'garbage', Buffer.from('n.12.ab.cd').toString('base64url'), Buffer.from('n.-1.ab').toString('base64url'), Buffer.from('n.1.a b').toString('base64url')]) {
    t.equal(decodeCursor(bad, 'newest'), null, bad);
  }
  const ids = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
  holds(t, fc.property(fc.date({ min: new Date(0), max: new Date('2100-01-01'), noInvalidDate: true }), ids, (createdAt, id) => {
    const back = decodeCursor(encodeCursor({ createdAt, id }, 'oldest'), 'oldest');
    return back?.id === id && back.createdAt.getTime() === createdAt.getTime();
  }), 'round trip');
});
