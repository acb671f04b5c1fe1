import t from 'tap';
import {
  CLEANSING_FIELDS,
  FIELD_IDS,
  cleansingFormSchema,
  parseCleansingForm,
  type CleansingFormValues,
  type FieldError,
} from '../../src/cleansing/form-schema.js';

const NOW = new Date('2024-03-15T12:00:00Z');
const STEPS = 'Patient cannot remember the password and cannot access the old email account.';

const valid: CleansingFormValues = {
  newEmail: ' New.Person@Example.com ',
  oldEmail: 'old.person@example.org',
  nhsNumberLast3: ' 919 ',
  lastAccessDay: '1',
  lastAccessMonth: '2',
  lastAccessYear: '2024',
  stepsTaken: `  ${STEPS}\n`,
  senderName: ' Pat Receptionist ',
  senderOdsCode: 'b86022',
  senderEmail: 'pat@nhs.net',
};

function form(overrides: Partial<CleansingFormValues>): CleansingFormValues {
  return { ...valid, ...overrides };
}

function errorsOf(values: CleansingFormValues): FieldError[] {
  const result = parseCleansingForm(values, NOW);
  return result.ok ? [] : result.errors;
}

t.test('a valid form gives a trimmed CleansingRequestInput', async (t) => {
  t.same(parseCleansingForm(valid, NOW), {
    ok: true,
    value: {
      newEmail: 'New.Person@Example.com',
      oldEmail: 'old.person@example.org',
      nhsNumberLast3: '919',
      lastAccessDate: '2024-02-01',
      stepsTaken: STEPS,
      senderName: 'Pat Receptionist',
      senderOdsCode: 'B86022',
      senderEmail: 'pat@nhs.net',
    },
  });
  const noDate = parseCleansingForm(form({ lastAccessDay: '', lastAccessMonth: '', lastAccessYear: '' }), NOW);
  t.equal(noDate.ok && noDate.value.lastAccessDate, null, 'the date is optional');
});

t.test('the schema itself parses and refuses', async (t) => {
  const schema = cleansingFormSchema(NOW);
  t.equal(schema.safeParse(valid).success, true);
  const bad = schema.safeParse(form({ senderName: '' }));
  t.equal(bad.success, false);
  t.same(bad.error?.issues.map((i) => i.path), [['senderName']]);
});

const steps19 = 'a'.repeat(19);
const steps20 = 'a'.repeat(20);

const cases: { name: string; overrides: Partial<CleansingFormValues>; errors: FieldError[] }[] = [
  {
    name: 'curly apostrophe from iOS in the new email',
    overrides: { newEmail: 'o’brien@example.com' },
    errors: [{ field: 'newEmail', href: '#new-email', message: "The patient's new email address has a character an email address can't contain: character 2 is a curly apostrophe ’ (U+2019), probably a straight apostrophe ('). The address is probably o'brien@example.com: check it with the patient and type it again. If it was typed on an iPhone or iPad, switch off Smart Punctuation (Settings > General > Keyboard > Smart Punctuation): it turns straight quotes into curly ones and hyphens into dashes" }],
  },
  {
    name: 'same email, different case',
    overrides: { newEmail: 'OLD.Person@example.org' },
    errors: [{ field: 'newEmail', href: '#new-email', message: 'The new email address must be different from the old email address' }],
  },
  {
    name: 'old email with no dot in the domain',
    overrides: { oldEmail: 'ab@cd' },
    errors: [{ field: 'oldEmail', href: '#old-email', message: "Enter the patient's old email address in the correct format, like name@example.com" }],
  },
  {
    name: 'full NHS number in last 3',
    overrides: { nhsNumberLast3: '9434765919' },
    errors: [{ field: 'nhsNumberLast3', href: '#nhs-number-last3', message: 'Enter only the last 3 digits of the NHS number, not the full number' }],
  },
  {
    name: '31 February',
    overrides: { lastAccessDay: '31', lastAccessMonth: '2', lastAccessYear: '2024' },
    errors: [{ field: 'lastAccess', href: '#last-access-day', message: 'Date of last successful access must be a real date' }],
  },
  {
    name: 'month missing',
    overrides: { lastAccessDay: '3', lastAccessMonth: '', lastAccessYear: '2024' },
    errors: [{ field: 'lastAccess', href: '#last-access-month', message: 'Date of last successful access must include a month' }],
  },
  {
    name: 'two-digit year',
    overrides: { lastAccessYear: '24' },
    errors: [{ field: 'lastAccess', href: '#last-access-year', message: 'Date of last successful access must include a year with 4 numbers, like 2024' }],
  },
  {
    name: 'date in the future',
    overrides: { lastAccessDay: '16', lastAccessMonth: '3', lastAccessYear: '2024' },
    errors: [{ field: 'lastAccess', href: '#last-access-day', message: 'Date of last successful access must be today or in the past' }],
  },
  { name: 'steps 20 characters', overrides: { stepsTaken: steps20 }, errors: [] },
  {
    name: 'steps 19 characters',
    overrides: { stepsTaken: ` ${steps19} ` },
    errors: [{ field: 'stepsTaken', href: '#steps-taken', message: 'Steps taken so far must be 20 characters or more' }],
  },
  { name: 'steps 2,000 characters', overrides: { stepsTaken: 'a'.repeat(2000) }, errors: [] },
  { name: 'steps 2,000 with CRLF line breaks counted once', overrides: { stepsTaken: `${'a'.repeat(999)}\r\n${'a'.repeat(1000)}` }, errors: [] },
  { name: 'steps 2,000 emoji count as 2,000 characters', overrides: { stepsTaken: '😀'.repeat(2000) }, errors: [] },
  {
    name: 'steps 2,001 characters',
    overrides: { stepsTaken: 'a'.repeat(2001) },
    errors: [{ field: 'stepsTaken', href: '#steps-taken', message: 'Steps taken so far must be 2,000 characters or fewer' }],
  },
  {
    name: 'steps empty',
    overrides: { stepsTaken: '   ' },
    errors: [{ field: 'stepsTaken', href: '#steps-taken', message: 'Describe the steps taken so far' }],
  },
  {
    name: 'NHS number in the steps',
    overrides: { stepsTaken: `${STEPS} NHS number 943 476 5919.` },
    errors: [{ field: 'stepsTaken', href: '#steps-taken', message: 'Remove the NHS number from the steps taken. Only give the last 3 digits, in their own box' }],
  },
  {
    name: 'name missing',
    overrides: { senderName: ' ' },
    errors: [{ field: 'senderName', href: '#sender-name', message: 'Enter your full name' }],
  },
  { name: 'name 100 characters', overrides: { senderName: 'n'.repeat(100) }, errors: [] },
  {
    name: 'name 101 characters',
    overrides: { senderName: 'n'.repeat(101) },
    errors: [{ field: 'senderName', href: '#sender-name', message: 'Your name must be 100 characters or fewer' }],
  },
  {
    name: 'ODS code with a letter O',
    overrides: { senderOdsCode: 'Y1234O' },
    errors: [{ field: 'senderOdsCode', href: '#sender-ods-code', message: 'Enter the ODS code in the correct format: one letter followed by 5 numbers, like Y12345. Character 6 is the capital letter O, which looks like the digit 0 (U+004F). It was probably the digit 0.' }],
  },
  {
    // The ODS rule's warning, refused on this form: the sender knows their own practice's code.
    name: "the placeholder for 'practice not known' as the sender's own practice",
    overrides: { senderOdsCode: 'V81999' },
    errors: [{ field: 'senderOdsCode', href: '#sender-ods-code', message: "V81999 is a placeholder code meaning the GP practice is not known: it has the form of an ODS code but names no GP practice. Enter your practice's own ODS code" }],
  },
  {
    name: 'a branch surgery code',
    overrides: { senderOdsCode: 'K81003001' },
    errors: [{ field: 'senderOdsCode', href: '#sender-ods-code', message: "K81003001 looks like a branch code. The NHS App connects to the main practice code, probably K81003. Enter your practice's main ODS code" }],
  },
  {
    name: 'sender email too short',
    overrides: { senderEmail: 'a@b.co' },
    errors: [{ field: 'senderEmail', href: '#sender-email', message: 'Your email address must be more than 6 characters' }],
  },
];

t.test('one rule at a time', async (t) => {
  for (const c of cases) t.same(errorsOf(form(c.overrides)), c.errors, c.name);
});

t.test('all errors, in form order', async (t) => {
  const empty = Object.fromEntries(CLEANSING_FIELDS.map((f) => [f, ''])) as CleansingFormValues;
  t.same(
    errorsOf(empty).map((e) => [e.field, e.href, e.message]),
    [
      ['newEmail', '#new-email', "Enter the patient's new email address"],
      ['oldEmail', '#old-email', "Enter the patient's old email address"],
      ['nhsNumberLast3', '#nhs-number-last3', 'Last 3 digits of the NHS number must be 3 numbers, like 919'],
      ['stepsTaken', '#steps-taken', 'Describe the steps taken so far'],
      ['senderName', '#sender-name', 'Enter your full name'],
      ['senderOdsCode', '#sender-ods-code', "Enter your practice's ODS code"],
      ['senderEmail', '#sender-email', 'Enter your email address'],
    ],
  );
  const many = form({ newEmail: 'x', lastAccessMonth: '13', senderEmail: 'y' });
  t.same(errorsOf(many).map((e) => e.field), ['newEmail', 'lastAccess', 'senderEmail']);
});

t.test('re-displayed values: as typed, but never an NHS number', async (t) => {
  const typed = form({
    newEmail: ' typo@@example.com ',
    nhsNumberLast3: '943 476 5919',
    stepsTaken: 'Tried a reset. NHS number 9434765919, still stuck.',
  });
  const result = parseCleansingForm(typed, NOW);
  t.equal(result.ok, false);
  if (result.ok) return;
  t.same(result.values, {
    ...typed,
    nhsNumberLast3: '',
    stepsTaken: 'Tried a reset. NHS number [NHS number removed], still stuck.',
  });
  t.notOk(JSON.stringify(result).includes('5919'), 'the number appears nowhere in the result');

  const shortLast3 = parseCleansingForm(form({ nhsNumberLast3: '91', senderName: '' }), NOW);
  t.equal(!shortLast3.ok && shortLast3.values.nhsNumberLast3, '91', 'a short value is kept to correct');
});

t.test('field ids', async (t) => {
  t.same(Object.keys(FIELD_IDS), [...CLEANSING_FIELDS]);
  t.equal(new Set(Object.values(FIELD_IDS)).size, CLEANSING_FIELDS.length);
});

t.test('a non-string value is refused, not crashed on', async (t) => {
  const result = parseCleansingForm({ ...valid, senderName: 42 } as unknown as CleansingFormValues, NOW);
  t.equal(result.ok, false);
  if (!result.ok) t.equal(result.errors[0]?.field, 'senderName');
});
