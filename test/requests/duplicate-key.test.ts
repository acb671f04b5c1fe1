import t from 'tap';
import fc from 'fast-check';
import { duplicateEmailOf, duplicateKeyInput } from '../../src/requests/duplicate-key.js';
import { holds } from './property.js';

t.test("one key for the same address, however it was typed", async (t) => {
  const cases: Array<[string, string]> = [
    ['old.person@example.org', 'old.person@example.org'],
    ['  Old.Person@Example.ORG ', 'old.person@example.org'],
    ['OLD.PERSON@EXAMPLE.ORG', 'old.person@example.org'],
  ];
  for (const [typed, key] of cases) t.equal(duplicateKeyInput(typed), key, typed);
  t.not(duplicateKeyInput('old.person@example.org'), duplicateKeyInput('oldperson@example.org'), 'dots are not ignored: they are different addresses');
});

t.test("only a cleansing request's old email is matched", async (t) => {
  t.equal(duplicateEmailOf({ kind: 'cleansing', oldEmail: ' Jo@Example.com' }), 'jo@example.com');
  t.equal(duplicateEmailOf({ kind: 'contact' }), null);
});

t.test('property: the key ignores case and surrounding spaces, and is stable', async (t) => {
  const email = fc.emailAddress();
  holds(
    t,
    fc.property(email, fc.boolean(), fc.constantFrom('', ' ', '\t'), (address, upper, pad) => {
      const typed = `${pad}${upper ? address.toUpperCase() : address}${pad}`;
      const key = duplicateKeyInput(typed);
      return key === duplicateKeyInput(address) && duplicateKeyInput(key) === key;
    }),
    'same key',
  );
});
