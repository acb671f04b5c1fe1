import t from 'tap';
import fc from 'fast-check';
import { findPersonalData, guardText, heldToken, type FindingKind } from '../../src/requests/note-guard.js';
import { isValidNhsNumber } from '../../src/validation/nhs-number.js';
import { holds } from './property.js';

const NOW = new Date('2026-12-01T10:00:00Z');

t.test('what the guard finds in a note', async (t) => {
  const cases: Array<[string, Array<[FindingKind, string]>]> = [
    ['Called the practice, they will re-issue the PIN document.', []],
    // Full NHS numbers that pass Modulus 11, however they are written.
    ['NHS number 9434765919', [['nhs-number', '9434765919']]],
    ['NHS number 943 476 5919', [['nhs-number', '943 476 5919']]],
    ['NHS number 943-476-5919', [['nhs-number', '943-476-5919']]],
    ['pasted 943\u00a0476\u00a05919', [['nhs-number', '943\u00a0476\u00a05919']]],
    ['two: 9434765919 and 401 023 2137', [['nhs-number', '9434765919'], ['nhs-number', '401 023 2137']]],
    // Ten digits that fail the check digit, and other numbers, are not NHS numbers.
    ['9434765918 is not valid', []],
    ['phone 07700 900123', []],
    ['ticket 1234567', []],
    ['last 3 digits 919', []],
    // Email addresses, whoever's.
    ['reply to pm@nhs.net please', [['email', 'pm@nhs.net']]],
    ['old: Jo.Bloggs+nhs@Example.co.uk.', [['email', 'Jo.Bloggs+nhs@Example.co.uk']]],
    ['an @ on its own, or name@host', []],
    // Dates that look like a date of birth: 13 or more years ago (NHS login's youngest users)...
    ['seen 03/04/1975 at the desk', [['date-of-birth', '03/04/1975']]],
    ['3-4-75', [['date-of-birth', '3-4-75']]],
    ['1975-04-03', [['date-of-birth', '1975-04-03']]],
    ['3rd April 1975', [['date-of-birth', '3rd April 1975']]],
    ['3 Apr. 1975', [['date-of-birth', '3 Apr. 1975']]],
    ['04/25/1975', [['date-of-birth', '04/25/1975']]], // month first still reads as a date
    ['1 December 2013', [['date-of-birth', '1 December 2013']]], // exactly 13 years
    // ...or any past date right after words that say so.
    ['DOB 12/03/2020', [['date-of-birth', '12/03/2020']]],
    ['d.o.b.: 2 June 2019', [['date-of-birth', '2 June 2019']]],
    ['born 1/1/2024', [['date-of-birth', '1/1/2024']]],
    // Recent case dates, future dates, impossible dates and times are not.
    ['last logged in 12/03/2024', []],
    ['2 December 2013', []],
    ['follow up on 02/01/2027', []],
    ['DOB 02/01/2027', []],
    ['31/02/1975', []],
    ['called at 10.30', []],
    ['version 1.2.3', []],
  ];
  for (const [text, expected] of cases) t.same(findPersonalData(text, NOW).map((f) => [f.kind, f.text]), expected, text);
});

t.test('positions are characters, as the page says them', async (t) => {
  t.same(findPersonalData('é pm@nhs.net', NOW).map((f) => f.position), [3]);
  t.same(findPersonalData('👍 9434765919', NOW).map((f) => f.position), [3], 'an emoji is one character');
});

t.test('refused, held, accepted', async (t) => {
  t.same(guardText('All fine here', NOW), { outcome: 'accepted', confirmed: [] });
  const refused = guardText('9434765919 and pm@nhs.net', NOW);
  t.same(refused, { outcome: 'refused', findings: [{ kind: 'nhs-number', text: '9434765919', position: 1 }] }, 'an NHS number is refused, even with a confirmation');
  t.equal(guardText('9434765919 and pm@nhs.net', NOW, heldToken(findPersonalData('9434765919 and pm@nhs.net', NOW))).outcome, 'refused');
  const held = guardText('DOB 03/04/1975', NOW);
  t.equal(held.outcome, 'held');
  const token = held.outcome === 'held' ? held.token : '';
  t.same(guardText('DOB 03/04/1975', NOW, token), { outcome: 'accepted', confirmed: [{ kind: 'date-of-birth', text: '03/04/1975', position: 5 }] });
  t.equal(guardText('DOB 03/04/1976', NOW, token).outcome, 'held', 'another date needs its own confirmation');
  t.equal(guardText('DOB 03/04/1975', NOW, 'forged').outcome, 'held');
});

t.test('property: every valid 10-digit NHS number is refused, spaced, hyphenated or not', async (t) => {
  const nine = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 });
  const number = nine.chain((digits) => fc.integer({ min: 0, max: 9 }).map((last) => [...digits, last].join(''))).filter(isValidNhsNumber);
  const written = fc.tuple(number, fc.constantFrom('', ' ', '-')).map(([n, sep]) => `${n.slice(0, 3)}${sep}${n.slice(3, 6)}${sep}${n.slice(6)}`);
  holds(t, fc.property(written, fc.string({ maxLength: 20 }).map((s) => s.replace(/[0-9]/g, 'x')), (n, words) => guardText(`${words} ${n} ${words}`, NOW).outcome === 'refused'), 'refused');
});
