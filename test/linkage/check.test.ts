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
} from '../../src/linkage/check.js';
import { findOdsLookalikes } from '../../src/text/ods-lookalikes.js';
import { loadLinkageRules, parseLinkageRules, type LinkageRules } from '../../src/linkage/rules.js';
import { ROOT } from '../../src/paths.js';

const rules = await loadLinkageRules(join(ROOT, 'fixtures', 'linkage-rules.json'));
const TODAY = new Date('2026-03-20T12:00:00Z');

/** Details that pass every rule; each case changes one thing. */
const good: LinkageInput = { linkage: 'Ab/cd!ef9', accountId: '1234567890', odsCode: 'Y12345' };

function check(change: Partial<LinkageInput>, today = TODAY, withRules: LinkageRules = rules): LinkageReport {
  return checkLinkage({ ...good, ...change }, withRules, today);
}

/** The rule's result, or its not-checked note (which has no `passed`). */
function result(report: LinkageReport, rule: LinkageRuleId): Partial<LinkageRuleResult> | undefined {
  return report.results.find((r) => r.rule === rule) ?? report.notChecked.find((r) => r.rule === rule);
}

t.test('good details pass every rule', async (t) => {
  const report = check({});
  t.equal(report.passed, true);
  t.equal(linkageResult(report), 'pass');
  t.same(report.flags, { linkage: [], accountId: [], odsCode: [] });
  t.same(
    report.results.map((r) => [r.rule, r.passed]),
    [
      ['linkage-length', true],
      ['linkage-characters', true],
      ['account-id-length', true],
      ['account-id-characters', true],
      ['ods-code-format', true],
      ['ods-code-characters', true],
    ],
  );
  t.same(report.notChecked.map((r) => r.rule), ['differs-from-previous', 'not-expired'], 'optional inputs not given');
});

const lengths: Array<[description: string, change: Partial<LinkageInput>, rule: LinkageRuleId, passed: boolean, message: string]> = [
  ['linkage of 5', { linkage: 'Abcde' }, 'linkage-length', false, 'The linkage key or passphrase is 5 characters. It should be 6 to 15 characters.'],
  ['linkage of 6', { linkage: 'Abcdef' }, 'linkage-length', true, 'The linkage key or passphrase is 6 characters, within the expected 6 to 15 characters.'],
  ['linkage of 15', { linkage: 'A'.repeat(15) }, 'linkage-length', true, 'The linkage key or passphrase is 15 characters, within the expected 6 to 15 characters.'],
  ['linkage of 16', { linkage: 'A'.repeat(16) }, 'linkage-length', false, 'The linkage key or passphrase is 16 characters. It should be 6 to 15 characters.'],
  ['no linkage', { linkage: '' }, 'linkage-length', false, 'No linkage key or passphrase was entered. It should be 6 to 15 characters.'],
  ['Account ID of 10', { accountId: '0123456789' }, 'account-id-length', true, 'The Account ID is 10 characters, within the expected 10 to 15 characters.'],
  ['Account ID of 16', { accountId: '0'.repeat(16) }, 'account-id-length', false, 'The Account ID is 16 characters. It should be 10 to 15 characters. ' + rules.accountId.caveat],
  [
    'the quick guide\'s 7-character Account ID: fails the seed\'s range, and says the range may be out of date',
    { accountId: '0123456' },
    'account-id-length',
    false,
    "The Account ID is 7 characters. It should be 10 to 15 characters. NHS England's quick guide shows an example Account ID of 7 characters (0123456), so this range may be out of date: if the Account ID matches the PIN document exactly, don't assume it is wrong.",
  ],
  [
    'lengths count characters, not UTF-16 units',
    { linkage: '😀😀😀😀😀😀' },
    'linkage-length',
    true,
    'The linkage key or passphrase is 6 characters, within the expected 6 to 15 characters.',
  ],
  [
    'a count that includes a flagged character says so',
    { linkage: 'Abcd\u200b' },
    'linkage-length',
    false,
    'The linkage key or passphrase is 5 characters. It should be 6 to 15 characters. That count includes 1 character named below.',
  ],
];

for (const [description, change, rule, passed, message] of lengths) {
  t.test(`length: ${description}`, async (t) => {
    t.same(result(check(change), rule), { rule, field: rule === 'linkage-length' ? 'linkage' : 'accountId', passed, message });
  });
}

t.test('punctuation and capitals in a linkage key are never flagged', async (t) => {
  for (const linkage of ['Ab/cd!ef', 'ABC-def_12', "it's#OK$%", 'a.b,c;d:e?']) {
    const report = check({ linkage });
    t.equal(report.passed, true, linkage);
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
  ['spaces at the start and end, not in the middle', ' ab cd ', [
    { position: 1, codePoint: 'U+0020', name: 'SPACE', probably: null },
    { position: 7, codePoint: 'U+0020', name: 'SPACE', probably: null },
  ]],
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
    t.equal(result(report, 'linkage-characters')?.passed, false);
    t.equal(report.passed, false);
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

const odsCodes: Array<[description: string, odsCode: string, formatPassed: boolean, flagged: Array<[position: number, probably: string]>]> = [
  ['a good code', 'Y12345', true, []],
  ['lower case is accepted as typed', 'y12345', true, []],
  ['the letter O for zero', 'B86O22', false, [[4, '0']]],
  ['a small o for zero', 'B86o22', false, [[4, '0']]],
  ['I and l for one', 'YI234l', false, [[2, '1'], [6, '1']]],
  ['a zero where the first letter should be', '012345', false, [[1, 'O']]],
  ['an O in first place is a letter, as it should be', 'O12345', true, []],
  ['too short', 'Y1234', false, []],
];

for (const [description, odsCode, formatPassed, flagged] of odsCodes) {
  t.test(`ODS code: ${description}`, async (t) => {
    const report = check({ odsCode });
    t.equal(result(report, 'ods-code-format')?.passed, formatPassed);
    t.same(report.flags.odsCode.map((f) => [f.position, f.probably]), flagged);
    t.equal(result(report, 'ods-code-characters')?.passed, flagged.length === 0);
  });
}

t.test('ODS code messages', async (t) => {
  t.equal(
    result(check({ odsCode: 'B86O22' }), 'ods-code-characters')?.message,
    'The ODS code has 1 character that looks wrong. Character 4 is the capital letter O (U+004F), Unicode name LATIN CAPITAL LETTER O. It was probably the digit 0 (zero). After the first character an ODS code has only digits: type the digit 0 (zero).',
  );
  t.equal(
    result(check({ odsCode: 'V81999' }), 'ods-code-format')?.message,
    "V81999 is not a practice's own code: it is a placeholder meaning the practice is not known. Use the ODS code on the PIN document. The NHS App connects to the practice's main ODS code, not a branch code.",
  );
  t.equal(result(check({ odsCode: 'v81998' }), 'ods-code-format')?.passed, false, 'placeholders in any case');
  t.equal(
    result(check({ odsCode: '' }), 'ods-code-format')?.message,
    "No ODS code was entered. It should be one letter followed by 5 digits, like Y12345. The NHS App connects to the practice's main ODS code, not a branch code.",
  );
});

const previous: Array<[description: string, linkage: string, previousLinkage: string | undefined, passed: boolean | null, message: string]> = [
  ['different keys', 'Xy7/kLm2', 'Ab/cd!ef9', true, 'The new linkage key is different from the previous one.'],
  ['the same key', 'Ab/cd!ef9', 'Ab/cd!ef9', false, 'The new linkage key is the same as the previous one. A reissued linkage key must be different: the practice needs to reset it again.'],
  [
    'the same key in other capitals, with a stray space',
    'AB/CD!EF9 ',
    'Ab/cd!ef9',
    false,
    'The new linkage key differs from the previous one only in capital letters or spaces, so it is probably the same key. A reissued linkage key must be different: check it against the new PIN document.',
  ],
  ['no previous key', 'Ab/cd!ef9', undefined, null, 'No previous linkage key was entered, so the two were not compared. A reissued linkage key must be different from the previous one.'],
  ['an empty previous key', 'Ab/cd!ef9', '', null, 'No previous linkage key was entered, so the two were not compared. A reissued linkage key must be different from the previous one.'],
];

for (const [description, linkage, previousLinkage, passed, message] of previous) {
  t.test(`new differs from old: ${description}`, async (t) => {
    const found = result(check({ linkage, previousLinkage }), 'differs-from-previous');
    t.equal(found?.message, message);
    t.equal(found && 'passed' in found ? found.passed : null, passed);
  });
}

const expiry: Array<[printedOn: string | undefined, passed: boolean | null, message: string]> = [
  ['2026-03-20', true, 'The PIN document was printed today, so it expires in 14 days.'],
  ['2026-03-19', true, 'The PIN document was printed 1 day ago, so it expires in 13 days.'],
  ['2026-03-07', true, 'The PIN document was printed 13 days ago, so it expires tomorrow.'],
  ['2026-03-06', false, 'The PIN document was printed 14 days ago, so it expired today. The linkage key or passphrase expires 14 days after the PIN document is printed, so the patient needs a new one.'],
  ['2026-03-01', false, 'The PIN document was printed 19 days ago, so it expired 5 days ago. The linkage key or passphrase expires 14 days after the PIN document is printed, so the patient needs a new one.'],
  ['2026-03-05', false, 'The PIN document was printed 15 days ago, so it expired 1 day ago. The linkage key or passphrase expires 14 days after the PIN document is printed, so the patient needs a new one.'],
  ['2026-03-23', null, 'The print date is 3 days in the future, so expiry was not checked. Check the date on the PIN document.'],
  ['2026-02-30', null, 'The print date could not be read (it should be a real date, YYYY-MM-DD), so expiry was not checked. The linkage key or passphrase expires 14 days after the PIN document is printed.'],
  ['20/03/2026', null, 'The print date could not be read (it should be a real date, YYYY-MM-DD), so expiry was not checked. The linkage key or passphrase expires 14 days after the PIN document is printed.'],
  [undefined, null, 'No print date was entered, so expiry was not checked. The linkage key or passphrase expires 14 days after the PIN document is printed.'],
];

for (const [printedOn, passed, message] of expiry) {
  t.test(`expiry: printed ${printedOn ?? '(not given)'}, today 2026-03-20`, async (t) => {
    const found = result(check({ printedOn }), 'not-expired');
    t.equal(found?.message, message);
    t.equal(found && 'passed' in found ? found.passed : null, passed);
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
    accountId: { label: 'Account ID', minLength: 7, maxLength: 15 },
    expiryDays: 28,
  };
  const report = check({ linkage: 'Abcd', accountId: '0123456', printedOn: '2026-03-01' }, TODAY, looser);
  t.equal(report.passed, true);
  t.equal(result(report, 'linkage-length')?.message, 'The linkage key or passphrase is 4 characters, within the expected 4 to 20 characters.');
  t.equal(result(report, 'not-expired')?.message, 'The PIN document was printed 19 days ago, so it expires in 9 days.');
});

t.test('the rules file is checked when it is read', async (t) => {
  t.throws(() => parseLinkageRules({ ...rules, expiryDays: 0 }), /expiryDays/);
  t.throws(() => parseLinkageRules({ ...rules, timeZone: 'Mars/Olympus' }), /timeZone: must be an IANA time zone/);
  t.throws(() => parseLinkageRules({ ...rules, odsCode: { ...rules.odsCode, pattern: '([' } }), /odsCode.pattern/);
});

t.test('ODS look-alikes on their own', async (t) => {
  t.same(findOdsLookalikes(''), []);
  t.same(findOdsLookalikes('1OIl0'), [
    { position: 1, char: '1', codePoint: 'U+0031', kind: 'lookalike', name: 'DIGIT ONE', description: 'the digit 1 (one)', probably: 'I', advice: 'An ODS code starts with a letter: check the first character against the PIN document and type the letter' },
    { position: 2, char: 'O', codePoint: 'U+004F', kind: 'lookalike', name: 'LATIN CAPITAL LETTER O', description: 'the capital letter O', probably: '0', advice: 'After the first character an ODS code has only digits: type the digit 0 (zero)' },
    { position: 3, char: 'I', codePoint: 'U+0049', kind: 'lookalike', name: 'LATIN CAPITAL LETTER I', description: 'the capital letter I', probably: '1', advice: 'After the first character an ODS code has only digits: type the digit 1 (one)' },
    { position: 4, char: 'l', codePoint: 'U+006C', kind: 'lookalike', name: 'LATIN SMALL LETTER L', description: 'the small letter l', probably: '1', advice: 'After the first character an ODS code has only digits: type the digit 1 (one)' },
  ]);
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
        return report.passed === report.results.every((r) => r.passed) && report.results.every((r) => r.message.length > 0);
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

t.test('property: the length reported is the number of characters typed', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(awkwardText, (linkage) => {
        const message = result(check({ linkage }), 'linkage-length')?.message ?? '';
        const length = Array.from(linkage).length;
        return length === 0 ? message.startsWith('No linkage key') : message.includes(` is ${length} character`);
      }),
    ),
  );
});
