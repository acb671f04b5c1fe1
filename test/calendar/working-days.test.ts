import { join } from 'node:path';
import t from 'tap';
import fc from 'fast-check';
import {
  bankHolidayWarnings,
  dayNumber,
  isOlderThan,
  isoDay,
  isWorkingDay,
  loadBankHolidays,
  londonDayNumber,
  londonMidnight,
  olderThanCutoff,
  parseBankHolidays,
  workingDaysAge,
  workingDaysBetween,
  type BankHolidays,
} from '../../src/calendar/working-days.js';
import { ROOT } from '../../src/paths.js';
import { holds } from '../requests/property.js';

const FILE = join(ROOT, 'fixtures', 'bank-holidays.json');
const NOW = new Date('2026-12-01T10:00:00Z');
const { holidays, warnings } = await loadBankHolidays(FILE, NOW);

const day = (iso: string): number => {
  const n = dayNumber(iso);
  if (n === null) throw new Error(`not a date: ${iso}`);
  return n;
};

t.test('the shipped file: England and Wales, 2024 to 2027, 8 a year', async (t) => {
  t.same(warnings, [], 'covers more than a year from now');
  t.equal(holidays.days.length, 32);
  t.equal(holidays.coversUntil, '2027-12-31');
  const byYear = new Map<string, string[]>();
  for (const n of holidays.days) byYear.set(isoDay(n).slice(0, 4), [...(byYear.get(isoDay(n).slice(0, 4)) ?? []), isoDay(n)]);
  t.same([...byYear.keys()], ['2024', '2025', '2026', '2027']);
  // Good Friday and Easter Monday around each Easter Sunday (computus, checked by hand).
  const easter: Array<[string, string, string]> = [
    ['2024-03-31', '2024-03-29', '2024-04-01'],
    ['2025-04-20', '2025-04-18', '2025-04-21'],
    ['2026-04-05', '2026-04-03', '2026-04-06'],
    ['2027-03-28', '2027-03-26', '2027-03-29'],
  ];
  for (const [sunday, friday, monday] of easter) {
    t.equal(day(friday), day(sunday) - 2, `Good Friday ${friday}`);
    t.ok(isoDayIn(holidays, friday) && isoDayIn(holidays, monday), `Easter ${sunday}`);
  }
  // Christmas at a weekend moves to the next weekdays.
  for (const substitute of ['2026-12-28', '2027-12-27', '2027-12-28']) t.ok(isoDayIn(holidays, substitute), `substitute day ${substitute}`);
  for (const weekend of ['2026-12-26', '2027-12-25', '2027-12-26']) t.notOk(isoDayIn(holidays, weekend), `${weekend} is at a weekend`);
});

function isoDayIn(h: BankHolidays, iso: string): boolean {
  return h.days.includes(day(iso));
}

t.test('working days', async (t) => {
  const cases: Array<[string, boolean]> = [
    ['2026-12-01', true], // Tuesday
    ['2026-12-05', false], // Saturday
    ['2026-12-06', false], // Sunday
    ['2026-12-25', false], // Christmas Day
    ['2026-12-28', false], // Boxing Day, substitute
    ['2026-12-29', true],
    ['2028-12-25', true], // beyond the data: every weekday counts (the loader warns ahead)
  ];
  for (const [iso, working] of cases) t.equal(isWorkingDay(day(iso), holidays), working, iso);
});

t.test("a request's age in working days (UK time)", async (t) => {
  const cases: Array<[created: string, now: string, age: number]> = [
    ['2026-12-01T09:00:00Z', '2026-12-01T17:00:00Z', 0], // same day
    ['2026-12-01T09:00:00Z', '2026-12-02T09:00:00Z', 1],
    ['2026-12-04T16:00:00Z', '2026-12-07T09:00:00Z', 1], // Friday to Monday
    ['2026-12-05T10:00:00Z', '2026-12-07T09:00:00Z', 0], // sent on Saturday: starts Monday
    ['2026-12-05T10:00:00Z', '2026-12-08T09:00:00Z', 1],
    ['2026-12-24T10:00:00Z', '2026-12-29T09:00:00Z', 1], // over Christmas and the substitute Boxing Day
    ['2026-12-24T10:00:00Z', '2027-01-04T09:00:00Z', 4], // 29, 30, 31 December, then New Year's Day off
    ['2026-04-02T10:00:00Z', '2026-04-07T09:00:00Z', 1], // over Easter
    // 11:30pm UTC on a summer Thursday is already Friday in the UK.
    ['2026-07-02T23:30:00Z', '2026-07-06T09:00:00Z', 1],
    ['2026-07-02T22:30:00Z', '2026-07-06T09:00:00Z', 2],
    ['2026-12-02T09:00:00Z', '2026-12-01T09:00:00Z', 0], // a clock behind the data is never negative
  ];
  for (const [created, now, age] of cases) t.equal(workingDaysAge(new Date(created), new Date(now), holidays), age, `${created} → ${now}`);
});

t.test('older than N working days (default 3)', async (t) => {
  const created = new Date('2026-12-01T09:00:00Z'); // Tuesday
  t.equal(isOlderThan(created, new Date('2026-12-04T09:00:00Z'), holidays), false, 'Friday: 3 working days');
  t.equal(isOlderThan(created, new Date('2026-12-07T09:00:00Z'), holidays), true, 'Monday: 4');
  t.equal(isOlderThan(created, new Date('2026-12-02T09:00:00Z'), holidays, 0), true, 'older than 0 the next working day');
});

t.test("the queue's cutoff: before it exactly when older than N", async (t) => {
  // Monday 7 December 2026 at 9am, N = 3: Tuesday's requests are 4 working days old, Wednesday's 3.
  const cutoff = olderThanCutoff(new Date('2026-12-07T09:00:00Z'), holidays, 3);
  t.same(cutoff, new Date('2026-12-02T00:00:00Z'));
  const summer = olderThanCutoff(new Date('2026-07-06T09:00:00Z'), holidays, 0);
  t.same(summer, new Date('2026-07-03T23:00:00Z'), 'UK midnight in summer is 11pm UTC');

  const from = Date.UTC(2024, 0, 1);
  const to = Date.UTC(2028, 0, 1);
  const moment = fc.integer({ min: from, max: to }).map((ms) => new Date(ms));
  holds(
    t,
    fc.property(moment, fc.integer({ min: 0, max: 40 * 24 }), fc.integer({ min: 0, max: 10 }), (now, hoursBack, n) => {
      const created = new Date(now.getTime() - hoursBack * 60 * 60 * 1000);
      return isOlderThan(created, now, holidays, n) === created.getTime() < olderThanCutoff(now, holidays, n).getTime();
    }),
    'isOlderThan and the cutoff agree',
    1000,
  );
});

t.test('property: counting by weeks equals counting day by day', async (t) => {
  const start = day('2023-06-01');
  holds(
    t,
    fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 400 }), (offset, length) => {
      const a = start + offset;
      let slow = 0;
      for (let d = a + 1; d <= a + length; d += 1) if (isWorkingDay(d, holidays)) slow += 1;
      return workingDaysBetween(a, a + length, holidays) === slow;
    }),
    'fast count is exact',
  );
});

t.test('UK days and midnights', async (t) => {
  t.equal(isoDay(londonDayNumber(new Date('2026-07-02T23:30:00Z'))), '2026-07-03');
  t.equal(isoDay(londonDayNumber(new Date('2026-12-02T23:30:00Z'))), '2026-12-02');
  const cases: Array<[string, string]> = [
    ['2026-03-29', '2026-03-29T00:00:00.000Z'], // clocks go forward at 1am that day
    ['2026-03-30', '2026-03-29T23:00:00.000Z'],
    ['2026-10-25', '2026-10-24T23:00:00.000Z'], // clocks go back at 2am BST that day
    ['2026-10-26', '2026-10-26T00:00:00.000Z'],
  ];
  for (const [iso, utc] of cases) t.equal(londonMidnight(day(iso)).toISOString(), utc, iso);
  t.equal(dayNumber('2026-02-30'), null);
  t.equal(dayNumber('26-02-03'), null);
});

t.test('the loader checks the file and lists every problem', async (t) => {
  const event = (date: string, title = 'A holiday') => ({ title, date, notes: '', bunting: true });
  const file = (events: unknown[]) => ({ source: 'https://www.gov.uk/bank-holidays.json', 'england-and-wales': { division: 'england-and-wales', events } });
  t.throws(() => parseBankHolidays(file([event('2026-12-26', 'Boxing Day'), event('2026-02-30'), event('2026-12-25'), event('2026-12-25')]), 'bh.json'), {
    message: [
      'bh.json is not valid:',
      '  england-and-wales.events.0.date: 2026-12-26 (Boxing Day) is at a weekend: give the substitute day',
      '  england-and-wales.events.1.date: 2026-02-30 is not a real date',
      '  england-and-wales.events.3.date: 2026-12-25 is listed twice',
    ].join('\n'),
  });
  t.throws(() => parseBankHolidays({ 'england-and-wales': { division: 'scotland', events: [] }, extra: 1 }, 'bh.json'), /division: Invalid input[\s\S]*events: has no bank holidays[\s\S]*Unrecognized key: "extra"/);
  t.throws(() => parseBankHolidays(file([{ ...event('25/12/2026') }])), /events\.0\.date: must be a date like 2026-12-25/);
  // GOV.UK's whole file, pasted in, is read too.
  const govUk = { 'england-and-wales': file([event('2026-12-25')])['england-and-wales'], scotland: { division: 'scotland', events: [event('2026-01-02')] } };
  t.same(parseBankHolidays(govUk).days, [day('2026-12-25')]);
});

t.test('the loader warns when the data runs out within a year', async (t) => {
  t.same(bankHolidayWarnings(holidays, new Date('2026-12-31T12:00:00Z')), []);
  t.same(bankHolidayWarnings(holidays, new Date('2027-01-01T12:00:00Z')), [
    'The bank holidays in fixtures/bank-holidays.json run out after 2027-12-31: working days after that count every weekday. Update the file from https://www.gov.uk/bank-holidays.json',
  ]);
  t.equal(bankHolidayWarnings(holidays, new Date('2029-01-01T12:00:00Z')).length, 1, 'and when it already has');
});
