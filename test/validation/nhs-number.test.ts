import t from 'tap';
import fc from 'fast-check';
import { checkLast3, isValidNhsNumber, NHS_NUMBER_REDACTED, readNhsNumber, redactNhsNumbers } from '../../src/validation/nhs-number.js';

const FULL = 'Enter only the last 3 digits of the NHS number, not the full number';
const SHAPE = 'Last 3 digits of the NHS number must be 3 numbers, like 919';

t.test('checkLast3', async (t) => {
  const cases: { raw: string; expected: ReturnType<typeof checkLast3> }[] = [
    { raw: '919', expected: { ok: true, value: '919' } },
    { raw: ' 919 ', expected: { ok: true, value: '919' } },
    { raw: '000', expected: { ok: true, value: '000' } },
    { raw: '9434765919', expected: { ok: false, message: FULL, discard: true } },
    { raw: '943 476 5919', expected: { ok: false, message: FULL, discard: true } },
    { raw: '943-476-5919', expected: { ok: false, message: FULL, discard: true } },
    { raw: '943476591', expected: { ok: false, message: FULL, discard: true } },
    { raw: 'NHS no 94347659190', expected: { ok: false, message: FULL, discard: true } },
    { raw: '', expected: { ok: false, message: SHAPE, discard: false } },
    { raw: '91', expected: { ok: false, message: SHAPE, discard: false } },
    { raw: '9191', expected: { ok: false, message: SHAPE, discard: false } },
    // A letter or odd character where a digit belongs is named, as in every code field.
    { raw: '9 1 9', expected: { ok: false, message: `${SHAPE}. Character 2 is a space (U+0020), character 4 is a space (U+0020)`, discard: false } },
    { raw: 'abc', expected: { ok: false, message: `${SHAPE}. Character 1 is the small letter a (U+0061), character 2 is the small letter b, which looks like the digit 6 (U+0062), character 3 is the small letter c (U+0063)`, discard: false } },
    { raw: '9l9', expected: { ok: false, message: `${SHAPE}. Character 2 is the small letter l, which looks like the digit 1 (U+006C)`, discard: false } },
    { raw: 'O19', expected: { ok: false, message: `${SHAPE}. Character 1 is the capital letter O, which looks like the digit 0 (U+004F)`, discard: false } },
    { raw: '９１９', expected: { ok: false, message: `${SHAPE}. Character 1 is a full-width number ９ that looks like 9 (U+FF19), character 2 is a full-width number １ that looks like 1 (U+FF11), character 3 is a full-width number ９ that looks like 9 (U+FF19)`, discard: false } },
    { raw: '9–19', expected: { ok: false, message: `${SHAPE}. Character 2 is an en dash – (U+2013)`, discard: false } },
    { raw: '12345678', expected: { ok: false, message: SHAPE, discard: false } },
  ];
  for (const c of cases) t.same(checkLast3(c.raw), c.expected, JSON.stringify(c.raw));
});

t.test('isValidNhsNumber (Modulus 11)', async (t) => {
  const cases: [string, boolean][] = [
    ['9434765919', true], // NHS England's example number
    ['9434765918', false], // wrong check digit
    ['4010232137', true],
    ['4010232138', false],
    ['1000000001', true], // sum 10 -> 11 - 10 = 1
    ['0000000000', true], // sum 0 -> 11 -> 0
    ['1111111111', true], // sum 54 -> 54 mod 11 = 10 -> check 1
    ['5000000000', false], // sum 50 -> 50 mod 11 = 6 -> check 5
    ['5000000005', true],
    ['6000000000', false], // sum 60 -> 5 -> check 6
    ['1200000000', false], // sum 28 -> 6 -> check 5
    ['943476591', false],
    ['94347659190', false],
    // As people type it: the 3-3-4 form the NHS shows, with spaces or hyphens.
    ['943 476 5919', true],
    ['943-476-5919', true],
    [' 943 476 5919 ', true],
    ['943 476 5918', false], // wrong check digit, whatever the form
    ['9434 765 919', false], // not 3-3-4
    ['943 476-5919', false], // mixed separators
    ['943  476 5919', false],
    ['', false],
  ];
  for (const [digits, valid] of cases) t.equal(isValidNhsNumber(digits), valid, digits);
});

t.test('isValidNhsNumber refuses when the check digit would be 10', async (t) => {
  // 100000001: 1*10 + 1*2 = 12, 12 mod 11 = 1, 11 - 1 = 10: no check digit fits.
  for (let d = 0; d <= 9; d += 1) t.equal(isValidNhsNumber(`100000001${d}`), false, `100000001${d}`);
});

t.test('redactNhsNumbers', async (t) => {
  const cases: { text: string; expected: string; found: boolean }[] = [
    { text: 'No number here, just 919.', expected: 'No number here, just 919.', found: false },
    { text: 'NHS number 9434765919 given', expected: `NHS number ${NHS_NUMBER_REDACTED} given`, found: true },
    { text: 'NHS number 943 476 5919.', expected: `NHS number ${NHS_NUMBER_REDACTED}.`, found: true },
    { text: '943-476-5919', expected: NHS_NUMBER_REDACTED, found: true },
    { text: 'invalid check digit 9434765918', expected: `invalid check digit ${NHS_NUMBER_REDACTED}`, found: true },
    { text: 'two: 9434765919 and 4010232137', expected: `two: ${NHS_NUMBER_REDACTED} and ${NHS_NUMBER_REDACTED}`, found: true },
    { text: 'pasted 943\u00a0476\u00a05919', expected: `pasted ${NHS_NUMBER_REDACTED}`, found: true },
    { text: 'x9434765919y', expected: `x${NHS_NUMBER_REDACTED}y`, found: true },
    { text: 'phone 07700900123', expected: 'phone 07700900123', found: false }, // 11 digits
    { text: 'date 12/03/2024 at 10:30', expected: 'date 12/03/2024 at 10:30', found: false },
    { text: '943  476 5919', expected: '943  476 5919', found: false }, // double space breaks the run
    { text: '943476591', expected: '943476591', found: false },
  ];
  for (const c of cases) t.same(redactNhsNumbers(c.text), { text: c.expected, found: c.found }, c.text);
});

t.test('property: no 10-digit run survives redaction', async (t) => {
  const details = fc.check(
    fc.property(fc.string({ unit: fc.constantFrom('1', '2', '9', ' ', '-', 'a') }), (text) => {
      const { text: out, found } = redactNhsNumbers(text);
      const bare = out.split(NHS_NUMBER_REDACTED).join('|');
      return !/(?<![0-9])[0-9](?:[ -]?[0-9]){9}(?![0-9])/.test(bare) && found === (out !== text);
    }),
  );
  t.notOk(details.failed, fc.defaultReportMessage(details) ?? 'the property held');
});

t.test('property: the spaced and hyphenated forms read as the same number; nothing throws', async (t) => {
  const tenDigits = fc.stringMatching(/^[0-9]{10}$/);
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(tenDigits, fc.constantFrom(' ', '-'), (digits, sep) => {
        const typed = `${digits.slice(0, 3)}${sep}${digits.slice(3, 6)}${sep}${digits.slice(6)}`;
        return readNhsNumber(typed) === digits && isValidNhsNumber(typed) === isValidNhsNumber(digits);
      }),
    ),
  );
  t.doesNotThrow(() => fc.assert(fc.property(fc.string({ unit: 'binary' }), (typed) => (isValidNhsNumber(typed), checkLast3(typed), true))));
});
