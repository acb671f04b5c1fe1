import { join } from 'node:path';
import fc from 'fast-check';
import t from 'tap';
import {
  checkLinkage,
  linkageResult,
  type LinkageInput,
  type LinkageReport,
  type LinkageRuleId,
  type LinkageRuleResult,
  type CheckLevel,
} from '../../src/linkage/check.js';
import { loadLinkageRules, parseLinkageRules, type LinkageRules } from '../../src/linkage/rules.js';
import { ROOT } from '../../src/paths.js';

const rules = await loadLinkageRules(join(ROOT, 'fixtures', 'linkage-rules.json'));
const TODAY = new Date('2026-03-20T12:00:00Z');

/** Details that pass every rule; each case changes one thing. */
const good: LinkageInput = { linkage: 'Ab/cd!ef9', accountId: '1234567890', odsCode: 'Y12345' };

function check(change: Partial<LinkageInput>, today = TODAY, withRules: LinkageRules = rules): LinkageReport {
  return checkLinkage({ ...good, ...change }, withRules, today);
}

/** The rule's result, or its not-checked note (which has no `level`). */
function result(report: LinkageReport, rule: LinkageRuleId): Partial<LinkageRuleResult> | undefined {
  return report.results.find((r) => r.rule === rule) ?? report.notChecked.find((r) => r.rule === rule);
}

t.test('good details pass every rule', async (t) => {
  const report = check({});
  t.equal(report.level, 'pass');
  t.equal(linkageResult(report), 'pass');
  t.same(report.flags, { linkage: [], accountId: [], odsCode: [] });
  t.same(
    report.results.map((r) => [r.rule, r.level]),
    [
      ['linkage-length', 'pass'],
      ['linkage-characters', 'pass'],
      ['account-id-length', 'pass'],
      ['account-id-characters', 'pass'],
      ['ods-code-format', 'pass'],
      ['ods-code-characters', 'pass'],
    ],
  );
  t.same(report.notChecked.map((r) => r.rule), ['differs-from-previous', 'not-expired'], 'optional inputs not given');
});

const CAVEAT = rules.accountId.caveat ?? '';
const lengths: Array<[description: string, change: Partial<LinkageInput>, rule: LinkageRuleId, level: CheckLevel, message: string]> = [
  ['linkage of 5', { linkage: 'Abcde' }, 'linkage-length', 'fail', 'The linkage key or passphrase is 5 characters. It should be 6 to 15 characters.'],
  ['linkage of 6', { linkage: 'Abcdef' }, 'linkage-length', 'pass', 'The linkage key or passphrase is 6 characters, within the expected 6 to 15 characters.'],
  ['linkage of 15', { linkage: 'A'.repeat(15) }, 'linkage-length', 'pass', 'The linkage key or passphrase is 15 characters, within the expected 6 to 15 characters.'],
  ['linkage of 16', { linkage: 'A'.repeat(16) }, 'linkage-length', 'fail', 'The linkage key or passphrase is 16 characters. It should be 6 to 15 characters.'],
  ['no linkage', { linkage: '' }, 'linkage-length', 'fail', 'No linkage key or passphrase was entered. It should be 6 to 15 characters.'],
  ['Account ID of 10', { accountId: '0123456789' }, 'account-id-length', 'pass', 'The Account ID is 10 characters, within the expected 10 to 15 characters.'],
  ['Account ID of 16: nothing published contradicts the upper limit', { accountId: '0'.repeat(16) }, 'account-id-length', 'fail', 'The Account ID is 16 characters. It should be 10 to 15 characters.'],
  [
    "NHS England's quick guide's 7-character Account ID: a warning that explains the contradiction, never a fail",
    { accountId: '0123456' },
    'account-id-length',
    'warning',
    `The Account ID is 7 characters. The guide expects 10 to 15 characters. ${CAVEAT}`,
  ],
  ['no Account ID at all is a fail, not a short one', { accountId: '' }, 'account-id-length', 'fail', 'No Account ID was entered. It should be 10 to 15 characters.'],
  [
    'lengths count characters, not UTF-16 units',
    { linkage: '😀😀😀😀😀😀' },
    'linkage-length',
    'pass',
    'The linkage key or passphrase is 6 characters, within the expected 6 to 15 characters.',
  ],
  [
    'a count that includes a flagged character says so',
    { linkage: 'Abcd\u200b' },
    'linkage-length',
    'fail',
    'The linkage key or passphrase is 5 characters. It should be 6 to 15 characters. That count includes 1 character named below.',
  ],
  [
    'spaces at the ends are not counted: the other rules run on the trimmed value',
    { linkage: '  Abcdef ' },
    'linkage-length',
    'pass',
    'The linkage key or passphrase is 6 characters (not counting what was trimmed at the ends), within the expected 6 to 15 characters.',
  ],
];

for (const [description, change, rule, level, message] of lengths) {
  t.test(`length: ${description}`, async (t) => {
    t.same(result(check(change), rule), { rule, field: rule === 'linkage-length' ? 'linkage' : 'accountId', level, message });
  });
}

t.test('punctuation and capitals in a linkage key are never flagged', async (t) => {
  for (const linkage of ['Ab/cd!ef', 'ABC-def_12', "it's#OK$%", 'a.b,c;d:e?']) {
    const report = check({ linkage });
    t.equal(report.level, 'pass', linkage);
    t.same(report.flags.linkage, []);
  }
});

const characters: Array<[description: string, linkage: string, expected: Array<{ position: number; codePoint: string; name: string; probably: string | null }>]> = [
  ['an iOS curly apostrophe', "ab’cdef", [{ position: 3, codePoint: 'U+2019', name: 'RIGHT SINGLE QUOTATION MARK', probably: "'" }]],
  ['curly double quotes', 'a“bc”def', [
    { position: 2, codePoint: 'U+201C', name: 'LEFT DOUBLE QUOTATION MARK', probably: '"' },
    { position: 5, codePoint: 'U+201D', name: 'RIGHT DOUBLE QUOTATION MARK', probably: '"' },
  ]],
  ['two hyphens turned into an en dash', 'abc–def', [{ position: 4, codePoint: 'U+2013', name: 'EN DASH', probably: '-' }]],
  ['a non-breaking space', 'abc\u00a0def', [{ position: 4, codePoint: 'U+00A0', name: 'NO-BREAK SPACE', probably: ' ' }]],
  ['a zero-width space', 'abc\u200bdef', [{ position: 4, codePoint: 'U+200B', name: 'ZERO WIDTH SPACE', probably: null }]],
  ['a Cyrillic а', 'b\u0430cdef', [{ position: 2, codePoint: 'U+0430', name: 'CYRILLIC SMALL LETTER A', probably: 'a' }]],
  ['a Greek Ο', '\u039fbcdef', [{ position: 1, codePoint: 'U+039F', name: 'GREEK CAPITAL LETTER OMICRON', probably: 'O' }]],
  ['a space in the middle, and spaces at the start and end', ' ab cd ', [
    { position: 1, codePoint: 'U+0020', name: 'SPACE', probably: null },
    { position: 4, codePoint: 'U+0020', name: 'SPACE', probably: null },
    { position: 7, codePoint: 'U+0020', name: 'SPACE', probably: null },
  ]],
  ['a tab in the middle', 'abc\tdef', [{ position: 4, codePoint: 'U+0009', name: 'CHARACTER TABULATION', probably: null }]],
  ['a thin space in the middle', 'abc\u2009def', [{ position: 4, codePoint: 'U+2009', name: 'THIN SPACE', probably: ' ' }]],
  ['a full-width letter', 'ａbcdef', [{ position: 1, codePoint: 'U+FF41', name: 'FULLWIDTH LATIN SMALL LETTER A', probably: 'a' }]],
  ['positions count characters after an emoji', '😀ab’cd', [
    { position: 1, codePoint: 'U+1F600', name: 'EMOJI', probably: null },
    { position: 4, codePoint: 'U+2019', name: 'RIGHT SINGLE QUOTATION MARK', probably: "'" },
  ]],
];

for (const [description, linkage, expected] of characters) {
  t.test(`characters: ${description}`, async (t) => {
    const report = check({ linkage });
    t.same(
      report.flags.linkage.map(({ position, codePoint, name, probably }) => ({ position, codePoint, name, probably })),
      expected,
    );
    t.equal(result(report, 'linkage-characters')?.level, 'fail');
    t.equal(report.level, 'fail');
  });
}

t.test('a flagged character is described with its position, Unicode name, likely meaning and fix', async (t) => {
  const report = check({ linkage: 'abcdef’g' });
  t.equal(
    result(report, 'linkage-characters')?.message,
    "The linkage key or passphrase has 1 character that looks wrong. Character 7 is a curly apostrophe ’ (U+2019), Unicode name RIGHT SINGLE QUOTATION MARK. It was probably a straight apostrophe ('). Turn off Smart Punctuation on the iPhone or iPad (Settings > General > Keyboard) and type it again.",
  );
  t.equal(report.smartPunctuation, true);
  t.equal(check({ linkage: 'abc\u00a0def' }).smartPunctuation, false);
});

// The checker asks src/validation/ods-code.ts, as the cleansing form does; its own table is in
// test/validation/ods-code.test.ts. Here: what each finding does to the checker's levels.
const odsCodes: Array<[description: string, odsCode: string, format: CheckLevel, characters: CheckLevel, flagged: Array<[position: number, probably: string | null]>]> = [
  ['a good code', 'Y12345', 'pass', 'pass', []],
  ['lower case is accepted as typed', 'y12345', 'pass', 'pass', []],
  ['the letter O for zero', 'B86O22', 'fail', 'fail', [[4, '0']]],
  ['a small o for zero', 'B86o22', 'fail', 'fail', [[4, '0']]],
  ['I and l for one', 'YI234l', 'fail', 'fail', [[2, '1'], [6, '1']]],
  ['a zero where the first letter should be', '012345', 'fail', 'fail', [[1, 'O']]],
  ['an O in first place is a letter, as it should be', 'O12345', 'pass', 'pass', []],
  ['too short', 'Y1234', 'fail', 'pass', []],
  ['a space inside', 'Y12 345', 'fail', 'fail', [[4, null]]],
  ['a space at the end: one warning, and the code itself passes', 'Y12345 ', 'pass', 'warning', [[7, null]]],
  ['the placeholder for "practice not known"', 'V81999', 'warning', 'pass', []],
  ['the placeholder for "no registered GP practice", in lower case', 'v81997', 'warning', 'pass', []],
  ['a branch surgery code', 'K81003001', 'warning', 'pass', []],
];

for (const [description, odsCode, format, characters, flagged] of odsCodes) {
  t.test(`ODS code: ${description}`, async (t) => {
    const report = check({ odsCode });
    t.equal(result(report, 'ods-code-format')?.level, format);
    t.same(report.flags.odsCode.map((f) => [f.position, f.probably]), flagged);
    t.equal(result(report, 'ods-code-characters')?.level, characters);
  });
}

t.test('ODS code messages', async (t) => {
  t.equal(
    result(check({ odsCode: 'B86O22' }), 'ods-code-characters')?.message,
    'The ODS code has 1 character that looks wrong. Character 4 is the capital letter O, which looks like the digit 0 (U+004F), Unicode name LATIN CAPITAL LETTER O. It was probably the digit 0 (zero). This part of the detail is only digits, so type the digit instead.',
  );
  t.equal(
    result(check({ odsCode: 'V81999' }), 'ods-code-format')?.message,
    "V81999 is a placeholder code meaning the GP practice is not known: it has the form of an ODS code but names no GP practice. The PIN document should show the practice's own ODS code.",
  );
  t.equal(
    result(check({ odsCode: 'K81003001' }), 'ods-code-format')?.message,
    'K81003001 looks like a branch code. The NHS App connects to the main practice code, probably K81003.',
  );
  t.match(
    result(check({ odsCode: 'B86022' }), 'ods-code-format')?.message,
    /The format alone does not show that it is a GP practice: dental practices/,
    'a pass never implies the code is certainly a GP practice',
  );
  t.equal(result(check({ odsCode: '' }), 'ods-code-format')?.message, 'No ODS code was entered. It should be one letter followed by 5 numbers, like Y12345.');
});

// Account IDs are numbers (EMIS), so letters among the digits are named; NHS England's own
// examples leave room for doubt, so a letter is a warning, while a space can never belong.
const accountIds: Array<[description: string, accountId: string, level: CheckLevel, flagged: Array<[position: number, probably: string | null]>]> = [
  ['digits only', '1234567890', 'pass', []],
  ['a letter O among the digits: probably 0', '12345O7890', 'warning', [[6, '0']]],
  ['a small l among the digits: probably 1', '123456789l', 'warning', [[10, '1']]],
  ['a capital I among the digits: probably 1', 'I234567890', 'warning', [[1, '1']]],
  ['a letter that looks like no digit', '12345X7890', 'warning', [[6, null]]],
  ['a space in the middle (it used to pass)', '12345 67890', 'fail', [[6, null]]],
  ['a tab in the middle', '12345\t67890', 'fail', [[6, null]]],
  ['a non-breaking space in the middle', '12345\u00a067890', 'fail', [[6, ' ']]],
  ['a full-width digit', '12345６7890', 'fail', [[6, '6']]],
  ['a zero-width space', '12345\u200b67890', 'fail', [[6, null]]],
  ['a space at each end only', ' 1234567890 ', 'warning', [[1, null], [12, null]]],
];

for (const [description, accountId, level, flagged] of accountIds) {
  t.test(`Account ID: ${description}`, async (t) => {
    const report = check({ accountId });
    t.equal(result(report, 'account-id-characters')?.level, level);
    t.same(report.flags.accountId.map((f) => [f.position, f.probably]), flagged);
    t.equal(report.level, level, 'and the report as a whole');
  });
}

t.test('a letter O in an Account ID is named with what it probably was', async (t) => {
  t.equal(
    result(check({ accountId: '12345O7890' }), 'account-id-characters')?.message,
    'The Account ID has 1 character to check. Character 6 is the capital letter O, which looks like the digit 0 (U+004F), Unicode name LATIN CAPITAL LETTER O. It was probably the digit 0 (zero). EMIS Account IDs are numbers: check it against the PIN document and type the digit if it is one.',
  );
});

t.test('spaces at either end: one warning, counted once, and not a failure of any other rule', async (t) => {
  const report = check({ linkage: '  Ab/cd!ef9 ', accountId: '1234567890 ', odsCode: ' Y12345' });
  t.equal(report.level, 'warning');
  t.same(
    report.results.filter((r) => r.level !== 'pass').map((r) => [r.rule, r.level]),
    [
      ['linkage-characters', 'warning'],
      ['account-id-characters', 'warning'],
      ['ods-code-characters', 'warning'],
    ],
  );
  t.equal(
    result(report, 'linkage-characters')?.message,
    'Trimmed: 2 spaces at the start and a space at the end. The patient should not type them; the other checks ignore them.',
  );
  t.equal(result(report, 'ods-code-characters')?.message, 'Trimmed: a space at the start. The patient should not type it; the other checks ignore it.');
  t.equal(
    result(check({ linkage: 'Ab/cd!ef9\u00a0' }), 'linkage-characters')?.message,
    'Trimmed: a non-breaking space at the end. The patient should not type it; the other checks ignore it.',
  );
});

const dashes: Array<[dash: string, words: string]> = [
  ['–', 'It was probably a hyphen (-) or two hyphens (--): Smart Punctuation turns hyphens typed together into one dash.'],
  ['—', 'It was probably a hyphen (-), two hyphens (--) or three hyphens (---): Smart Punctuation turns hyphens typed together into one dash.'],
];

for (const [dash, words] of dashes) {
  t.test(`a smart dash ${dash} says it may have been one, two or three hyphens`, async (t) => {
    const report = check({ linkage: `ab${dash}cdef` });
    t.match(result(report, 'linkage-characters')?.message, words);
    t.equal(report.smartPunctuation, true);
  });
}

t.test('the overall level is the worst of the rules', async (t) => {
  t.equal(check({ accountId: '0123456', odsCode: 'V81999' }).level, 'warning');
  t.equal(check({ accountId: '0123456', odsCode: 'B86O22' }).level, 'fail');
  t.equal(linkageResult(check({ accountId: '0123456' })), 'warning');
});

const previous: Array<[description: string, linkage: string, previousLinkage: string | undefined, level: CheckLevel | null, message: string]> = [
  ['different keys', 'Xy7/kLm2', 'Ab/cd!ef9', 'pass', 'The new linkage key is different from the previous one.'],
  ['the same key', 'Ab/cd!ef9', 'Ab/cd!ef9', 'fail', 'The new linkage key is the same as the previous one. A reissued linkage key must be different: the practice needs to reset it again.'],
  [
    'the same key in other capitals, with a stray space',
    'AB/CD!EF9 ',
    'Ab/cd!ef9',
    'fail',
    'The new linkage key differs from the previous one only in capital letters or spaces, so it is probably the same key. A reissued linkage key must be different: check it against the new PIN document.',
  ],
  ['no previous key', 'Ab/cd!ef9', undefined, null, 'No previous linkage key was entered, so the two were not compared. A reissued linkage key must be different from the previous one.'],
  ['an empty previous key', 'Ab/cd!ef9', '', null, 'No previous linkage key was entered, so the two were not compared. A reissued linkage key must be different from the previous one.'],
];

for (const [description, linkage, previousLinkage, level, message] of previous) {
  t.test(`new differs from old: ${description}`, async (t) => {
    const found = result(check({ linkage, previousLinkage }), 'differs-from-previous');
    t.equal(found?.message, message);
    t.equal(found && 'level' in found ? found.level : null, level);
  });
}

const expiry: Array<[printedOn: string | undefined, level: CheckLevel | null, message: string]> = [
  ['2026-03-20', 'pass', 'The PIN document was printed today, so it expires in 14 days.'],
  ['2026-03-19', 'pass', 'The PIN document was printed 1 day ago, so it expires in 13 days.'],
  ['2026-03-07', 'pass', 'The PIN document was printed 13 days ago, so it expires tomorrow.'],
  ['2026-03-06', 'fail', 'The PIN document was printed 14 days ago, so it expired today. The linkage key or passphrase expires 14 days after the PIN document is printed, so the patient needs a new one.'],
  ['2026-03-01', 'fail', 'The PIN document was printed 19 days ago, so it expired 5 days ago. The linkage key or passphrase expires 14 days after the PIN document is printed, so the patient needs a new one.'],
  ['2026-03-05', 'fail', 'The PIN document was printed 15 days ago, so it expired 1 day ago. The linkage key or passphrase expires 14 days after the PIN document is printed, so the patient needs a new one.'],
  ['2026-03-23', null, 'The print date is 3 days in the future, so expiry was not checked. Check the date on the PIN document.'],
  ['2026-02-30', null, 'The print date could not be read (it should be a real date, YYYY-MM-DD), so expiry was not checked. The linkage key or passphrase expires 14 days after the PIN document is printed.'],
  ['20/03/2026', null, 'The print date could not be read (it should be a real date, YYYY-MM-DD), so expiry was not checked. The linkage key or passphrase expires 14 days after the PIN document is printed.'],
  [undefined, null, 'No print date was entered, so expiry was not checked. The linkage key or passphrase expires 14 days after the PIN document is printed.'],
];

for (const [printedOn, level, message] of expiry) {
  t.test(`expiry: printed ${printedOn ?? '(not given)'}, today 2026-03-20`, async (t) => {
    const found = result(check({ printedOn }), 'not-expired');
    t.equal(found?.message, message);
    t.equal(found && 'level' in found ? found.level : null, level);
  });
}

t.test("expiry counts days on the UK calendar (the rules' time zone)", async (t) => {
  // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
  const lateEvening = new Date('2026-06-30T23:30:00Z');
  t.match(result(check({ printedOn: '2026-06-17' }, lateEvening), 'not-expired')?.message, /printed 14 days ago, so it expired today/);
  const utcRules = { ...rules, timeZone: 'UTC' };
  t.match(result(check({ printedOn: '2026-06-17' }, lateEvening, utcRules), 'not-expired')?.message, /printed 13 days ago, so it expires tomorrow/);
});

t.test('an invalid "today" skips the expiry check rather than throwing', async (t) => {
  t.match(result(check({ printedOn: '2026-03-01' }, new Date('nope')), 'not-expired'), { message: /could not be read/ });
});

t.test('the numbers come from the rules data', async (t) => {
  const looser: LinkageRules = {
    ...rules,
    linkage: { ...rules.linkage, minLength: 4, maxLength: 20 },
    accountId: { label: 'Account ID', minLength: 7, maxLength: 15, shorterIsWarning: false },
    expiryDays: 28,
  };
  const report = check({ linkage: 'Abcd', accountId: '0123456', printedOn: '2026-03-01' }, TODAY, looser);
  t.equal(report.level, 'pass');
  t.equal(result(report, 'linkage-length')?.message, 'The linkage key or passphrase is 4 characters, within the expected 4 to 20 characters.');
  t.equal(result(report, 'not-expired')?.message, 'The PIN document was printed 19 days ago, so it expires in 9 days.');
});

t.test('the rules file is checked when it is read', async (t) => {
  t.throws(() => parseLinkageRules({ ...rules, expiryDays: 0 }), /expiryDays/);
  t.throws(() => parseLinkageRules({ ...rules, timeZone: 'Mars/Olympus' }), /timeZone: must be an IANA time zone/);
  t.throws(() => parseLinkageRules({ ...rules, review: undefined }), /review: /, 'the numbers name who keeps them and when they were checked');
  t.throws(() => parseLinkageRules({ ...rules, odsCode: { ...rules.odsCode, pattern: '^[A-Z]' } }), /odsCode/, 'the ODS rule lives in one module, not here');
  t.same(parseLinkageRules({ ...rules, accountId: { label: 'Account ID', minLength: 10, maxLength: 15 } }).accountId.shorterIsWarning, false);
});

// ---- properties over arbitrary Unicode

/** Any code point, lone surrogates, and the characters the checker cares about most. */
const awkwardChar = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
  fc.constantFrom(' ', '’', '“', '–', '—', '\u00a0', '\u200b', '\ufeff', 'а', 'Ο', 'O', 'o', 'I', 'l', '0', '1', '/', '!'),
);
const awkwardText = fc.string({ unit: awkwardChar, maxLength: 24 });
const anyInput: fc.Arbitrary<LinkageInput> = fc.record(
  {
    linkage: awkwardText,
    accountId: awkwardText,
    odsCode: awkwardText,
    previousLinkage: awkwardText,
    printedOn: fc.oneof(awkwardText, fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))),
  },
  { requiredKeys: ['linkage', 'accountId', 'odsCode'] },
);
const anyDay = fc.date();

t.test('property: never throws, and the verdict is every rule that ran', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(anyInput, anyDay, (input, today) => {
        const report = checkLinkage(input, rules, today);
        const levels = report.results.map((r) => r.level);
        const worst = levels.includes('fail') ? 'fail' : levels.includes('warning') ? 'warning' : 'pass';
        return report.level === worst && linkageResult(report) === worst && report.results.every((r) => r.message.length > 0);
      }),
    ),
  );
});

t.test('property: every flagged character is really at the position it names', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(anyInput, (input) => {
        const report = checkLinkage(input, rules, TODAY);
        return (['linkage', 'accountId', 'odsCode'] as const).every((field) => {
          const chars = Array.from(input[field]);
          return report.flags[field].every((f) => chars[f.position - 1] === f.char);
        });
      }),
    ),
  );
});

t.test('property: every character outside printable ASCII is flagged', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(awkwardText, (linkage) => {
        const flagged = new Set(checkLinkage({ ...good, linkage }, rules, TODAY).flags.linkage.map((f) => f.position));
        return Array.from(linkage).every((char, i) => /^[\x20-\x7e]$/.test(char) || flagged.has(i + 1));
      }),
    ),
  );
});

t.test('property: it never changes the input', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(anyInput, (input) => {
        const copy = structuredClone(input);
        checkLinkage(Object.freeze(input), rules, TODAY);
        return JSON.stringify(input) === JSON.stringify(copy);
      }),
    ),
  );
});

t.test('property: the length reported is the number of characters typed, less whitespace at the ends', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(awkwardText, (linkage) => {
        const message = result(check({ linkage }), 'linkage-length')?.message ?? '';
        const length = Array.from(linkage.trim()).length;
        return length === 0 ? message.startsWith('No linkage key') : message.includes(` is ${length} character`);
      }),
    ),
  );
});

t.test('property: every space of any kind, anywhere in a code, is flagged, and no position twice', async (t) => {
  const withSpaces = fc.string({ unit: fc.oneof(awkwardChar, fc.constantFrom(' ', '\t', '\u2003', '\u3000', '\u202f')), maxLength: 20 });
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(withSpaces, withSpaces, withSpaces, (linkage, accountId, odsCode) => {
        const input = { linkage, accountId, odsCode };
        const report = checkLinkage(input, rules, TODAY);
        return (['linkage', 'accountId', 'odsCode'] as const).every((field) => {
          const positions = report.flags[field].map((f) => f.position);
          const flagged = new Set(positions);
          return positions.length === flagged.size && Array.from(input[field]).every((char, i) => !/\s/u.test(char) || flagged.has(i + 1));
        });
      }),
    ),
  );
});

t.test('property: every letter among an Account ID\'s characters is flagged, and it is never a pass', async (t) => {
  const digitsAndLetters = fc.string({ unit: fc.constantFrom(...'0123456789OoIlLSZBxq'), minLength: 1, maxLength: 15 });
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(digitsAndLetters, (accountId) => {
        const report = check({ accountId });
        const letters = Array.from(accountId).flatMap((c, i) => (/[A-Za-z]/.test(c) ? [i + 1] : []));
        const flagged = report.flags.accountId.map((f) => f.position);
        const level = result(report, 'account-id-characters')?.level;
        return JSON.stringify(flagged) === JSON.stringify(letters) && (letters.length === 0 ? level === 'pass' : level !== 'pass');
      }),
    ),
  );
});
