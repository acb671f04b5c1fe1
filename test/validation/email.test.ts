import t from 'tap';
import { checkEmail } from '../../src/validation/email.js';

const LABEL = "the patient's new email address";
const FORMAT = "Enter the patient's new email address in the correct format, like name@example.com";

const cases: { raw: string; ok?: string; message?: string | RegExp }[] = [
  { raw: 'name@example.com', ok: 'name@example.com' },
  { raw: '  Name.Surname@Example.NHS.uk \t', ok: 'Name.Surname@Example.NHS.uk' },
  { raw: "o'brien+tag@example.co.uk", ok: "o'brien+tag@example.co.uk" },
  { raw: 'ab@c.de', ok: 'ab@c.de' }, // 7 characters: just long enough
  { raw: '', message: "Enter the patient's new email address" },
  { raw: '   ', message: "Enter the patient's new email address" },
  {
    raw: 'name’s@example.com',
    message:
      "The patient's new email address must not contain special characters: character 5 is a curly apostrophe ’ (U+2019). Type the email address again without it",
  },
  {
    raw: 'name\u00a0x@example.com',
    message:
      "The patient's new email address must not contain special characters: character 5 is a non-breaking space (U+00A0). Type the email address again without it",
  },
  {
    raw: 'na\u200bme@example.com',
    message:
      "The patient's new email address must not contain special characters: character 3 is a zero-width space (U+200B). Type the email address again without it",
  },
  {
    raw: 'jо\u200bhn@exаmple.com',
    message:
      "The patient's new email address must not contain special characters: character 2 is a Cyrillic letter о that looks like the Latin o (U+043E), character 3 is a zero-width space (U+200B) and character 9 is a Cyrillic letter а that looks like the Latin a (U+0430). Type the email address again without them",
  },
  { raw: 'a\u00a0b\u00a0c\u00a0d\u00a0@x.com', message: /and 1 more\. Type the email address again without them$/ },
  { raw: '😀a@example.com', message: /character 1 is an emoji 😀 \(U\+1F600\)/ },
  { raw: 'a..b@x.com', message: FORMAT },
  { raw: 'ab@x..com', message: FORMAT },
  { raw: '.ab@x.com', ok: '.ab@x.com' }, // WHATWG allows a leading dot; we only refuse '..'
  { raw: 'ab@cd', message: FORMAT },
  { raw: 'a@b.co', message: "The patient's new email address must be more than 6 characters" },
  { raw: 'name.example.com', message: FORMAT },
  { raw: 'name@@example.com', message: FORMAT },
  { raw: 'name@-example.com', message: FORMAT },
  { raw: 'name@example.com.', message: FORMAT },
  { raw: 'na me@example.com', message: FORMAT },
  { raw: `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.com`, ok: `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.com` },
  { raw: `${'a'.repeat(250)}@x.com`, message: "The patient's new email address must be 254 characters or fewer" },
];

t.test('checkEmail', async (t) => {
  for (const c of cases) {
    const result = checkEmail(c.raw, LABEL);
    if (c.ok !== undefined) {
      t.same(result, { ok: true, value: c.ok }, JSON.stringify(c.raw));
    } else if (result.ok) {
      t.fail(`${JSON.stringify(c.raw)} should be refused`);
    } else if (c.message instanceof RegExp) {
      t.match(result.message, c.message, JSON.stringify(c.raw));
    } else {
      t.equal(result.message, c.message, JSON.stringify(c.raw));
    }
  }
});

t.test('254 characters is the most allowed', async (t) => {
  const at254 = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.uk`;
  t.equal(at254.length, 254);
  t.same(checkEmail(at254, LABEL), { ok: true, value: at254 });
  t.equal(checkEmail(`${at254.slice(0, -2)}ukk`, LABEL).ok, false);
});
