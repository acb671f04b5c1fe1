import t from 'tap';
import { createRequire } from 'node:module';
import { checkNewPassword, releaseWordLists } from '../../src/staff/password-policy.js';
import { newStaffSchema } from '../../src/staff/forms.js';

// NCSC: length, not blank, not on a list of common or breached passwords; no composition rules.
const refused: [string, RegExp][] = [
  ['', /^Enter a password$/],
  ['            ', /must not be only spaces/],
  ['short pw', /12 characters or more/],
  ['password1234', /harder to guess\. This is similar to a commonly used password/],
  ['aaaaaaaaaaaa', /harder to guess\. Repeated characters/],
  ['abcdefghijkl', /harder to guess\. Common character sequences/],
  ['123456789012', /harder to guess\. This is a commonly used password/],
  ['qwertyuiop12', /harder to guess/],
  ['iloveyou1234', /harder to guess/],
];
const accepted = ['correct horse battery staple', 'k9#mZ2qL!x7p', 'plum tractor velvet ocean'];

for (const [password, message] of refused) {
  t.match(checkNewPassword(password), message, `refused: ${JSON.stringify(password)}`);
}
for (const password of accepted) t.equal(checkNewPassword(password), null, `accepted: ${password}`);

t.test('the new-account form says why a password is refused, on the password field', async (t) => {
  for (const [password] of refused.slice(1)) {
    const parsed = newStaffSchema.safeParse({ username: 'sam', displayName: 'Sam', role: 'agent', password, confirmPassword: password });
    t.equal(parsed.success, false);
    t.same(parsed.error?.issues.map((i) => i.path[0]), ['password'], JSON.stringify(password));
  }
});

t.test('the word lists are loaded when a password is checked and can be let go', async (t) => {
  const cache = createRequire(import.meta.url).cache;
  const wordListFiles = () => Object.keys(cache).filter((file) => /[/\\]@zxcvbn-ts[/\\]language-/.test(file));
  t.match(checkNewPassword('password1234'), /harder to guess/);
  t.ok(wordListFiles().length > 0, 'loaded to check a password');
  releaseWordLists();
  t.same(wordListFiles(), [], 'no longer held once let go');
  t.match(checkNewPassword('password1234'), /harder to guess/, 'loaded again when needed');
  t.equal(checkNewPassword('plum tractor velvet ocean'), null);
});
