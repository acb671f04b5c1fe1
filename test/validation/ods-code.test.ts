import t from 'tap';
import { checkOdsCode } from '../../src/validation/ods-code.js';

const FORMAT = 'Enter the ODS code in the correct format: one letter followed by 5 numbers, like Y12345';

const cases: { raw: string; expected: ReturnType<typeof checkOdsCode> }[] = [
  { raw: 'Y12345', expected: { ok: true, value: 'Y12345' } },
  { raw: 'b86022', expected: { ok: true, value: 'B86022' } },
  { raw: '  B86022 ', expected: { ok: true, value: 'B86022' } },
  { raw: 'V81999', expected: { ok: true, value: 'V81999' } },
  { raw: '', expected: { ok: false, message: "Enter your practice's ODS code" } },
  { raw: '   ', expected: { ok: false, message: "Enter your practice's ODS code" } },
  { raw: 'Y1234O', expected: { ok: false, message: `${FORMAT}. Character 6 is the letter O: did you mean 0 (zero)?` } },
  { raw: 'b86o22', expected: { ok: false, message: `${FORMAT}. Character 4 is the letter o: did you mean 0 (zero)?` } },
  { raw: 'Y1234l', expected: { ok: false, message: `${FORMAT}. Character 6 is the letter l: did you mean 1 (one)?` } },
  { raw: 'YI2345', expected: { ok: false, message: `${FORMAT}. Character 2 is the letter I: did you mean 1 (one)?` } },
  // A leading O is a real letter (O is a valid first character), so no hint for it.
  { raw: 'O1234', expected: { ok: false, message: FORMAT } },
  { raw: 'Y1234', expected: { ok: false, message: FORMAT } },
  { raw: 'Y123456', expected: { ok: false, message: FORMAT } },
  { raw: '123456', expected: { ok: false, message: FORMAT } },
  { raw: 'YY2345', expected: { ok: false, message: FORMAT } },
  { raw: 'Y12 345', expected: { ok: false, message: FORMAT } },
  {
    raw: 'В86022',
    expected: { ok: false, message: `${FORMAT}. Character 1 is a Cyrillic letter В that looks like the Latin B (U+0412).` },
  },
  {
    raw: 'Ｙ12345',
    expected: { ok: false, message: `${FORMAT}. Character 1 is a full-width letter Ｙ that looks like Y (U+FF39).` },
  },
];

t.test('checkOdsCode', async (t) => {
  for (const c of cases) t.same(checkOdsCode(c.raw), c.expected, JSON.stringify(c.raw));
});
