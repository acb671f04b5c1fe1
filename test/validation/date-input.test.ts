import t from 'tap';
import { checkDateInput, daysInMonth, isLeapYear, type DateInputCheck } from '../../src/validation/date-input.js';

// 23:30 UTC on 15 March 2024: still the 15th in UTC, already the 16th in, say, UTC+1.
const NOW = new Date('2024-03-15T23:30:00Z');
const LABEL = 'date of last successful access';
const opts = { label: LABEL, required: false, now: NOW, notInFuture: true };

const REAL = 'Date of last successful access must be a real date';

const cases: { day: string; month: string; year: string; expected: DateInputCheck; required?: boolean; notInFuture?: boolean }[] = [
  { day: '', month: '', year: '', expected: { ok: true, value: null } },
  { day: ' ', month: '  ', year: '', expected: { ok: true, value: null } },
  { day: '', month: '', year: '', required: true, expected: { ok: false, message: 'Enter date of last successful access', field: 'all' } },
  { day: '1', month: '2', year: '2024', expected: { ok: true, value: '2024-02-01' } },
  { day: ' 09 ', month: '03', year: '2024', expected: { ok: true, value: '2024-03-09' } },
  { day: '29', month: '2', year: '2024', expected: { ok: true, value: '2024-02-29' } },
  { day: '29', month: '2', year: '2023', expected: { ok: false, message: REAL, field: 'day' } },
  { day: '29', month: '2', year: '1900', expected: { ok: false, message: REAL, field: 'day' } },
  { day: '29', month: '2', year: '2000', expected: { ok: true, value: '2000-02-29' } },
  { day: '1', month: '1', year: '0000', expected: { ok: false, message: 'Date of last successful access must be in 1900 or later', field: 'year' } },
  { day: '31', month: '12', year: '1899', expected: { ok: false, message: 'Date of last successful access must be in 1900 or later', field: 'year' } },
  { day: '1', month: '1', year: '1900', expected: { ok: true, value: '1900-01-01' } },
  { day: '31', month: '2', year: '2024', expected: { ok: false, message: REAL, field: 'day' } },
  { day: '31', month: '4', year: '2023', expected: { ok: false, message: REAL, field: 'day' } },
  { day: '31', month: '12', year: '2023', expected: { ok: true, value: '2023-12-31' } },
  { day: '0', month: '1', year: '2023', expected: { ok: false, message: REAL, field: 'day' } },
  { day: '1', month: '13', year: '2023', expected: { ok: false, message: REAL, field: 'month' } },
  { day: '32', month: '13', year: '2023', expected: { ok: false, message: REAL, field: 'all' } },
  { day: 'x', month: 'y', year: '2023', expected: { ok: false, message: REAL, field: 'all' } },
  { day: 'first', month: '1', year: '2023', expected: { ok: false, message: REAL, field: 'day' } },
  { day: '1', month: 'Jan', year: '2023', expected: { ok: false, message: REAL, field: 'month' } },
  { day: '1', month: '1', year: '2O23', expected: { ok: false, message: REAL, field: 'year' } },
  { day: '1', month: '1', year: '23', expected: { ok: false, message: 'Date of last successful access must include a year with 4 numbers, like 2024', field: 'year' } },
  { day: '1', month: '1', year: '20234', expected: { ok: false, message: 'Date of last successful access must include a year with 4 numbers, like 2024', field: 'year' } },
  { day: '1', month: '', year: '2023', expected: { ok: false, message: 'Date of last successful access must include a month', field: 'month' } },
  { day: '', month: '1', year: '2023', expected: { ok: false, message: 'Date of last successful access must include a day', field: 'day' } },
  { day: '1', month: '1', year: '', expected: { ok: false, message: 'Date of last successful access must include a year', field: 'year' } },
  { day: '', month: '', year: '2023', expected: { ok: false, message: 'Date of last successful access must include a day and month', field: 'day' } },
  { day: '', month: '1', year: '', expected: { ok: false, message: 'Date of last successful access must include a day and year', field: 'day' } },
  { day: '1', month: '', year: '', expected: { ok: false, message: 'Date of last successful access must include a month and year', field: 'month' } },
  // Today (in UTC) is allowed; tomorrow is not, even though it is already tomorrow east of UTC.
  { day: '15', month: '3', year: '2024', expected: { ok: true, value: '2024-03-15' } },
  { day: '16', month: '3', year: '2024', expected: { ok: false, message: 'Date of last successful access must be today or in the past', field: 'all' } },
  { day: '1', month: '1', year: '2030', expected: { ok: false, message: 'Date of last successful access must be today or in the past', field: 'all' } },
  { day: '1', month: '1', year: '2030', notInFuture: false, expected: { ok: true, value: '2030-01-01' } },
];

t.test('checkDateInput', async (t) => {
  for (const c of cases) {
    const result = checkDateInput(
      { day: c.day, month: c.month, year: c.year },
      { ...opts, required: c.required ?? false, notInFuture: c.notInFuture ?? true },
    );
    t.same(result, c.expected, `${c.day}/${c.month}/${c.year}`);
  }
});

t.test('calendar helpers', async (t) => {
  t.same([2000, 1900, 2024, 2023].map(isLeapYear), [true, false, true, false]);
  t.same(
    Array.from({ length: 12 }, (_, i) => daysInMonth(2023, i + 1)),
    [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
  );
  t.equal(daysInMonth(2024, 2), 29);
});
