import { join } from 'node:path';
import t from 'tap';
import fc from 'fast-check';
import { ROOT } from '../../src/paths.js';
import { checkedFromPath } from '../../src/requests/checked.js';
import { contactCheckAnswersRows } from '../../src/requests/contact-check-answers.js';
import {
  CONTACT_FIELDS,
  contactFormSchema,
  parseContactForm,
  type ContactFormOptions,
  type ContactFormValues,
  type FieldError,
} from '../../src/requests/contact-form-schema.js';
import { formatAnswers } from '../../src/trees/answers.js';
import { loadTrees } from '../../src/trees/load.js';
import { CONTINUE } from '../../src/trees/schema.js';
import { holds } from './property.js';

const trees = await loadTrees(join(ROOT, 'fixtures', 'trees'));
const PUBLIC: ContactFormOptions = { trees, checkedRequired: true };
const AGENT: ContactFormOptions = { trees, checkedRequired: false, audience: 'agent' };
const CHECKS_DONE = ['yes', 'yes', 'no', 'yes', CONTINUE, 'no'];
const DESCRIPTION = 'Patient still sees the can’t connect screen after every check.';

const valid: ContactFormValues = {
  senderOdsCode: ' b86022 ',
  senderName: ' Pat Receptionist ',
  senderEmail: 'pat@nhs.net',
  errorCode: ' 3Cabcd ',
  treeId: 'cant-connect',
  answers: formatAnswers(CHECKS_DONE),
  description: `  ${DESCRIPTION}\n`,
  nhsNumberLast3: '',
};

const form = (overrides: Partial<ContactFormValues>): ContactFormValues => ({ ...valid, ...overrides });

function errorsOf(values: ContactFormValues, options = PUBLIC): FieldError[] {
  const result = parseContactForm(values, options);
  return result.ok ? [] : result.errors;
}

t.test('a valid form gives trimmed contact details with what was checked', async (t) => {
  t.same(parseContactForm(valid, PUBLIC), {
    ok: true,
    value: {
      senderOdsCode: 'B86022',
      senderName: 'Pat Receptionist',
      senderEmail: 'pat@nhs.net',
      errorCode: '3Cabcd',
      checked: checkedFromPath(trees.get('cant-connect')!, CHECKS_DONE),
      description: DESCRIPTION,
      nhsNumberLast3: null,
    },
  });
  const withLast3 = parseContactForm(form({ nhsNumberLast3: ' 919 ', errorCode: '' }), PUBLIC);
  t.same(withLast3.ok && [withLast3.value.nhsNumberLast3, withLast3.value.errorCode], ['919', null]);
  const agent = parseContactForm(form({ treeId: '', answers: '' }), AGENT);
  t.same(agent.ok && agent.value.checked, null, 'an agent writing up a phone call may have no path');
});

const cases: Array<{ name: string; overrides: Partial<ContactFormValues>; errors: Array<[string, string, string]> }> = [
  { name: 'error code: NHS App category only', overrides: { errorCode: '3R' }, errors: [] },
  { name: 'error code: NHS login reference', overrides: { errorCode: 'cid7004' }, errors: [] },
  { name: 'error code: five-digit CID', overrides: { errorCode: 'CID12345' }, errors: [] },
  { name: 'error code: wrong shape', overrides: { errorCode: '3R-swtr!' }, errors: [['errorCode', '#error-code', 'Enter the error code as the patient saw it, like 3rswtr or CID7004']] },
  { name: 'error code: curly quote', overrides: { errorCode: '3R’' }, errors: [['errorCode', '#error-code', 'The error code must not contain special characters: character 3 is a curly apostrophe ’ (U+2019)']] },
  { name: 'error code: too long', overrides: { errorCode: 'x'.repeat(21) }, errors: [['errorCode', '#error-code', 'The error code must be 20 characters or fewer']] },
  { name: 'no path on the public form', overrides: { treeId: '', answers: '' }, errors: [['checked', '#checked', 'Answer the questions about the problem first, so the service desk knows what was checked']] },
  { name: 'unknown tree', overrides: { treeId: 'made-up' }, errors: [['checked', '#checked', 'What was checked could not be read. Go back to the checks and answer them again']] },
  { name: 'path not finished', overrides: { answers: 'yes.yes' }, errors: [['checked', '#checked', 'What was checked could not be read. Go back to the checks and answer them again']] },
  { name: 'path ends resolved', overrides: { answers: formatAnswers([...CHECKS_DONE.slice(0, 5), 'yes']) }, errors: [['checked', '#checked', 'What was checked could not be read. Go back to the checks and answer them again']] },
  { name: 'answers that are not answers', overrides: { answers: 'YES;DROP' }, errors: [['checked', '#checked', 'What was checked could not be read. Go back to the checks and answer them again']] },
  { name: 'description 20 characters', overrides: { description: 'a'.repeat(20) }, errors: [] },
  { name: 'description 19 characters', overrides: { description: ` ${'a'.repeat(19)} ` }, errors: [['description', '#description', 'The description must be 20 characters or more']] },
  { name: 'description 2,000 with CRLF counted once', overrides: { description: `${'a'.repeat(999)}\r\n${'a'.repeat(1000)}` }, errors: [] },
  { name: 'description 2,001 characters', overrides: { description: 'a'.repeat(2001) }, errors: [['description', '#description', 'The description must be 2,000 characters or fewer']] },
  { name: 'description empty', overrides: { description: ' ' }, errors: [['description', '#description', 'Describe the problem and what has been tried']] },
  { name: 'NHS number in the description', overrides: { description: `${DESCRIPTION} 943 476 5919` }, errors: [['description', '#description', 'Remove the NHS number from the description. Only give the last 3 digits, in their own box']] },
  { name: 'full NHS number for the last 3', overrides: { nhsNumberLast3: '9434765919' }, errors: [['nhsNumberLast3', '#nhs-number-last3', 'Enter only the last 3 digits of the NHS number, not the full number']] },
  { name: 'last 3 too short', overrides: { nhsNumberLast3: '91' }, errors: [['nhsNumberLast3', '#nhs-number-last3', 'Last 3 digits of the NHS number must be 3 numbers, like 919']] },
  { name: 'ODS code with a letter O', overrides: { senderOdsCode: 'Y1234O' }, errors: [['senderOdsCode', '#sender-ods-code', 'Enter the ODS code in the correct format: one letter followed by 5 numbers, like Y12345. Character 6 is the capital letter O, which looks like the digit 0 (U+004F). It was probably the digit 0.']] },
  { name: 'name 101 characters', overrides: { senderName: 'n'.repeat(101) }, errors: [['senderName', '#sender-name', 'Your name must be 100 characters or fewer']] },
  { name: 'email with a curly apostrophe', overrides: { senderEmail: 'o’brien@nhs.net' }, errors: [['senderEmail', '#sender-email', `Your email address has a character an email address can't contain: character 2 is a curly apostrophe ’ (U+2019), probably a straight apostrophe ('). The address is probably o'brien@nhs.net: check it with the patient and type it again. If it was typed on an iPhone or iPad, switch off Smart Punctuation (Settings > General > Keyboard > Smart Punctuation): it turns straight quotes into curly ones and hyphens into dashes`]] },
];

t.test('one rule at a time', async (t) => {
  for (const c of cases) t.same(errorsOf(form(c.overrides)).map((e) => [e.field, e.href, e.message]), c.errors, c.name);
});

t.test('all errors, in form order', async (t) => {
  const empty = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, ''])) as ContactFormValues;
  t.same(errorsOf(empty).map((e) => [e.field, e.message]), [
    ['senderOdsCode', "Enter your practice's ODS code"],
    ['senderName', 'Enter your full name'],
    ['senderEmail', 'Enter your email address'],
    ['checked', 'Answer the questions about the problem first, so the service desk knows what was checked'],
    ['description', 'Describe the problem and what has been tried'],
  ]);
});

t.test('re-displayed values: as typed, but never an NHS number', async (t) => {
  const typed = form({ nhsNumberLast3: '943 476 5919', description: 'Tried it all. NHS number 9434765919.', senderName: '' });
  const result = parseContactForm(typed, PUBLIC);
  t.same(!result.ok && result.values, { ...typed, nhsNumberLast3: '', description: 'Tried it all. NHS number [NHS number removed].' });
  t.notOk(JSON.stringify(result).includes('5919'));
});

t.test('the schema is built once per set of options', async (t) => {
  t.equal(contactFormSchema(PUBLIC), contactFormSchema({ ...PUBLIC }));
  t.not(contactFormSchema(PUBLIC), contactFormSchema(AGENT));
});

t.test('property: whatever is posted, a result and never a throw', async (t) => {
  const values = fc.record(Object.fromEntries(CONTACT_FIELDS.map((f) => [f, fc.oneof(fc.string(), fc.constantFrom('', 'cant-connect', formatAnswers(CHECKS_DONE)))])) as Record<keyof ContactFormValues, fc.Arbitrary<string>>);
  holds(t, fc.property(values, (v) => typeof parseContactForm(v, PUBLIC).ok === 'boolean'), 'never throws');
  const result = parseContactForm({ ...valid, senderName: 42 } as unknown as ContactFormValues, PUBLIC);
  t.equal(!result.ok && result.errors[0]?.field, 'senderName', 'a non-string value is refused, not crashed on');
});

t.test('check your answers: what will be sent, Change links except for what was checked', async (t) => {
  const parsed = parseContactForm(valid, PUBLIC);
  if (!parsed.ok) throw new Error('valid form refused');
  const rows = contactCheckAnswersRows(parsed.value);
  t.same(rows.map((r) => r.key), ["Your practice's ODS code", 'Your name', 'Your email address', 'Error code', 'What was checked', 'Description', 'Last 3 digits of NHS number']);
  t.same(rows.map((r) => r.action?.href ?? null), [
    '/contact-form#sender-ods-code',
    '/contact-form#sender-name',
    '/contact-form#sender-email',
    '/contact-form#error-code',
    null,
    '/contact-form#description',
    '/contact-form#nhs-number-last3',
  ]);
  t.equal(rows[4]?.lines?.at(-1), 'Ending: Send the contact form');
  t.same(rows[6]?.value, 'Not given');
});
