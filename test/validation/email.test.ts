import t from 'tap';
import fc from 'fast-check';
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
  // A character typed for another: named, with what it probably was and the corrected address.
  {
    raw: 'john.o’brien@example.com',
    message:
      "The patient's new email address has a character an email address can't contain: character 7 is a curly apostrophe ’ (U+2019), probably a straight apostrophe ('). The address is probably john.o'brien@example.com: check it with the patient and type it again. If it was typed on an iPhone or iPad, switch off Smart Punctuation (Settings > General > Keyboard > Smart Punctuation): it turns straight quotes into curly ones and hyphens into dashes",
  },
  {
    raw: 'jо\u200bhn@exаmple.com',
    message:
      "The patient's new email address has characters an email address can't contain: character 2 is a Cyrillic letter о that looks like the Latin o (U+043E), probably the letter o; character 3 is a zero-width space (U+200B); character 9 is a Cyrillic letter а that looks like the Latin a (U+0430), probably the letter a. The address is probably john@example.com: check it with the patient and type it again",
  },
  {
    raw: 'ｊohn@example.com',
    message:
      "The patient's new email address has a character an email address can't contain: character 1 is a full-width letter ｊ that looks like j (U+FF4A), probably the letter j. The address is probably john@example.com: check it with the patient and type it again",
  },
  {
    raw: 'ΑNNA@example.com',
    message: /character 1 is a Greek letter Α that looks like the Latin A \(U\+0391\), probably the letter A\. The address is probably ANNA@example\.com: check it/,
  },
  {
    raw: 'mary–jane@example.com',
    message: /probably a hyphen \(-\) or two hyphens \(--\)\. The address is probably mary-jane@example\.com: check it with the patient and type it again\. If it was typed on an iPhone or iPad, switch off Smart Punctuation/,
  },
  // A curly quote in the domain: no address it could have been, so no corrected address.
  {
    raw: 'john@example’com',
    message: /probably a straight apostrophe \('\)\. Check the address with the patient and type it again using only the letters, numbers and symbols on a standard English keyboard\. If it was typed on an iPhone or iPad/,
  },
  // Characters that were never part of the address: "type it again without it" is right.
  {
    raw: 'na\u200bme@example.com',
    message:
      "The patient's new email address has a character an email address can't contain: character 3 is a zero-width space (U+200B). Type the email address again without it",
  },
  {
    raw: '\u00a0name@example.com',
    message:
      "The patient's new email address has a character an email address can't contain: character 1 is a non-breaking space (U+00A0). Type the email address again without it",
  },
  {
    raw: 'name@example.com\ufeff',
    message: /character 17 is an invisible byte order mark .*\. Type the email address again without it$/,
  },
  // A non-breaking space inside: not an address with a space either, so no "probably".
  { raw: 'name\u00a0x@example.com', message: /character 5 is a non-breaking space \(U\+00A0\)\. Check the address with the patient/ },
  { raw: 'a\u00a0b\u00a0c\u00a0d\u00a0@x.com', message: /; 1 more\. Check the address with the patient/ },
  { raw: '😀a@example.com', message: /character 1 is an emoji 😀 \(U\+1F600\)\. Check the address/ },
  { raw: 'a..b@x.com', message: FORMAT },
  { raw: 'ab@x..com', message: FORMAT },
  // RFC 5321 on top of the HTML spec: the local part can't start or end with a dot, and has limits.
  { raw: '.ab@x.com', message: "The part of the patient's new email address before the @ can't start or end with a full stop" },
  { raw: 'ab.@x.com', message: "The part of the patient's new email address before the @ can't start or end with a full stop" },
  { raw: `${'a'.repeat(65)}@x.com`, message: "The part of the patient's new email address before the @ must be 64 characters or fewer" },
  { raw: `${'a'.repeat(64)}@x.com`, ok: `${'a'.repeat(64)}@x.com` },
  { raw: `ab@${'c'.repeat(64)}.com`, message: "Each part of the domain in the patient's new email address (between the full stops after the @) must be 63 characters or fewer" },
  { raw: `ab@${'c'.repeat(63)}.com`, ok: `ab@${'c'.repeat(63)}.com` },
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

t.test('property: no input makes the check throw; what passes keeps to the RFC 5321 limits', async (t) => {
  const unit = fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.constantFrom('a', 'b', '.', '@', '-', "'", '’', '–', '\u200b', '\u00a0', 'о', 'ｊ', ' '),
  );
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 80 }), (raw) => {
        const result = checkEmail(raw, LABEL);
        if (!result.ok) return result.message.length > 0;
        const at = result.value.lastIndexOf('@');
        const local = result.value.slice(0, at);
        return (
          result.value.length <= 254 &&
          local.length <= 64 &&
          !local.startsWith('.') &&
          !local.endsWith('.') &&
          result.value.slice(at + 1).split('.').every((label) => label.length <= 63)
        );
      }),
    ),
  );
});

t.test('property: a corrected address offered is a valid address, and differs only where a character was named', async (t) => {
  const swaps = fc.constantFrom('’', 'о', 'ｊ', '–', '\u200b');
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), swaps, (at, swap) => {
        const typed = `johnsmith@example.com`.slice(0, at) + swap + `johnsmith@example.com`.slice(at);
        const result = checkEmail(typed, LABEL);
        if (result.ok) return false;
        const offered = /The address is probably (\S+): check/.exec(result.message)?.[1];
        return offered === undefined || checkEmail(offered, LABEL).ok;
      }),
    ),
  );
});
