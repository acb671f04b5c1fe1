import t from 'tap';
import { daysOf, parseRange } from '../../src/figures/range.js';

const NOW = new Date('2026-03-10T23:30:00Z');

t.test('the date range as typed: defaults, both ends included, errors by field', async (t) => {
  const cases: Array<[string, string, string]> = [
    // from, to, expected ("from..to" or "field: message")
    ['', '', '2025-12-11..2026-03-10'],
    ['2026-03-01', '', '2026-03-01..2026-05-29'],
    ['', '2026-03-31', '2026-01-01..2026-03-31'],
    [' 2026-03-01 ', '2026-03-01', '2026-03-01..2026-03-01'],
    ['2025-03-11', '2026-03-11', '2025-03-11..2026-03-11'],
    ['2025-03-10', '2026-03-11', 'to: The date range must be 366 days or fewer'],
    ['2026-02-29', '', 'from: Enter the start date as a real date, for example 2026-03-01'],
    ['1/3/2026', '', 'from: Enter the start date as a real date, for example 2026-03-01'],
    ['2026-03-02', '2026-03-01', 'to: The end date must be the same as or after the start date'],
  ];
  for (const [from, to, expected] of cases) {
    const result = parseRange({ from, to }, NOW);
    const got = result.ok ? `${result.range.from}..${result.range.to}` : result.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    t.equal(got, expected, `${from || '(empty)'} to ${to || '(empty)'}`);
  }
});

t.test('every day of a range, across a month end', async (t) => {
  t.same(daysOf({ from: '2026-02-27', to: '2026-03-02' }), ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
});
