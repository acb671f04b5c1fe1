import t from 'tap';
import fc from 'fast-check';
import { assessOdsCode, checkOdsCode, type CheckLevel, type OdsKind } from '../../src/validation/ods-code.js';

// Codes from the public sources in domain.md: Y12345 and B86022 (format examples), V81997 /
// V81998 / V81999 (placeholders), K81003001 (a branch of K81003).
const assessed: Array<[typed: string, level: CheckLevel, kind: OdsKind, value: string, message: string | RegExp]> = [
  ['Y12345', 'pass', 'practice', 'Y12345', ''],
  ['b86022', 'pass', 'practice', 'B86022', ''],
  ['  B86022 ', 'pass', 'practice', 'B86022', ''],
  ['V81997', 'warning', 'placeholder', 'V81997', 'V81997 is a placeholder code meaning no registered GP practice: it has the form of an ODS code but names no GP practice.'],
  ['V81998', 'warning', 'placeholder', 'V81998', 'V81998 is a placeholder code meaning a GP practice does not apply: it has the form of an ODS code but names no GP practice.'],
  ['v81999', 'warning', 'placeholder', 'V81999', 'V81999 is a placeholder code meaning the GP practice is not known: it has the form of an ODS code but names no GP practice.'],
  ['K81003001', 'warning', 'branch', 'K81003001', 'K81003001 looks like a branch code. The NHS App connects to the main practice code, probably K81003.'],
  ['k81003001', 'warning', 'branch', 'K81003001', /probably K81003\.$/],
  ['', 'fail', 'empty', '', 'No ODS code was entered.'],
  ['Y1234O', 'fail', 'malformed', 'Y1234O', 'An ODS code is one letter followed by 5 numbers, like Y12345. Character 6 is the capital letter O, which looks like the digit 0 (U+004F). It was probably the digit 0.'],
  ['YI2345', 'fail', 'malformed', 'YI2345', /Character 2 is the capital letter I, which looks like the digit 1 \(U\+0049\)\. It was probably the digit 1\.$/],
  ['012345', 'fail', 'malformed', '012345', /Character 1 is the digit 0 \(zero\), which looks like the letter O \(U\+0030\)\. It was probably the letter O\.$/],
  ['Y12 345', 'fail', 'malformed', 'Y12 345', /Character 4 is a space \(U\+0020\)\. It should not be there\.$/],
  ['Y1234', 'fail', 'malformed', 'Y1234', 'An ODS code is one letter followed by 5 numbers, like Y12345.'],
  ['YY2345', 'fail', 'malformed', 'YY2345', /Character 2 is the capital letter Y \(U\+0059\)\. It should not be there\.$/],
  ['В86022', 'fail', 'malformed', 'В86022', /Character 1 is a Cyrillic letter В that looks like the Latin B \(U\+0412\)\. It was probably the letter B\.$/],
  ['Ｙ12345', 'fail', 'malformed', 'Ｙ12345', /Character 1 is a full-width letter Ｙ that looks like Y \(U\+FF39\)\. It was probably the letter Y\.$/],
  ['OOOOOO', 'fail', 'malformed', 'OOOOOO', /It was probably the digit 0\. And 2 more\.$/],
];

t.test('assessOdsCode: one rule for the form and the checker', async (t) => {
  for (const [typed, level, kind, value, message] of assessed) {
    const ods = assessOdsCode(typed);
    t.match({ level: ods.level, kind: ods.kind, value: ods.value }, { level, kind, value }, JSON.stringify(typed));
    if (typeof message === 'string') t.equal(ods.message, message, JSON.stringify(typed));
    else t.match(ods.message, message, JSON.stringify(typed));
  }
  t.equal(assessOdsCode('K81003001').mainCode, 'K81003');
});

const FORMAT = 'Enter the ODS code in the correct format: one letter followed by 5 numbers, like Y12345';

// The cleansing form asks for the sender's own practice. A warning there is refused with the
// same words: the sender knows their own code and can put it right at once.
const formCases: { raw: string; expected: ReturnType<typeof checkOdsCode> }[] = [
  { raw: 'Y12345', expected: { ok: true, value: 'Y12345' } },
  { raw: 'b86022', expected: { ok: true, value: 'B86022' } },
  { raw: '  B86022 ', expected: { ok: true, value: 'B86022' } },
  { raw: '', expected: { ok: false, message: "Enter your practice's ODS code" } },
  { raw: '   ', expected: { ok: false, message: "Enter your practice's ODS code" } },
  {
    raw: 'V81999',
    expected: { ok: false, message: "V81999 is a placeholder code meaning the GP practice is not known: it has the form of an ODS code but names no GP practice. Enter your practice's own ODS code" },
  },
  {
    raw: 'K81003001',
    expected: { ok: false, message: "K81003001 looks like a branch code. The NHS App connects to the main practice code, probably K81003. Enter your practice's main ODS code" },
  },
  { raw: 'Y1234O', expected: { ok: false, message: `${FORMAT}. Character 6 is the capital letter O, which looks like the digit 0 (U+004F). It was probably the digit 0.` } },
  { raw: 'Y1234l', expected: { ok: false, message: `${FORMAT}. Character 6 is the small letter l, which looks like the digit 1 (U+006C). It was probably the digit 1.` } },
  { raw: 'O1234', expected: { ok: false, message: FORMAT } },
  { raw: 'Y1234', expected: { ok: false, message: FORMAT } },
  { raw: 'Y123456', expected: { ok: false, message: FORMAT } },
];

t.test('checkOdsCode (the cleansing form)', async (t) => {
  for (const c of formCases) t.same(checkOdsCode(c.raw), c.expected, JSON.stringify(c.raw));
});

t.test('property: no input makes the ODS rule throw, and every flagged position is right', async (t) => {
  const unit = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom(' ', 'O', 'I', 'l', '0', '1', 'V', '8', '\u00a0', '\u200b', 'Ｙ'));
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), (typed) => {
        const ods = assessOdsCode(typed);
        const chars = Array.from(typed);
        checkOdsCode(typed);
        return ods.flags.every((f) => chars[f.position - 1] === f.char) && (ods.level === 'fail') === (ods.kind === 'empty' || ods.kind === 'malformed');
      }),
    ),
  );
});
