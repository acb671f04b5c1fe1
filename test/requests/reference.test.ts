import t from 'tap';
import fc from 'fast-check';
import { normaliseReference as normaliseCleansing, REFERENCE_ALPHABET, REFERENCE_PATTERN } from '../../src/cleansing/reference.js';
import { KINDS, REQUEST_KINDS } from '../../src/requests/kinds.js';
import { holds } from './property.js';
import { kindOfReference, newReference, normaliseReference, referencePattern, referencesFor } from '../../src/requests/reference.js';

t.test('each kind has its own prefix on the shared alphabet', async (t) => {
  t.same(REQUEST_KINDS.map((kind) => KINDS[kind].prefix), ['CLN', 'GPC']);
  t.equal(new Set(REQUEST_KINDS.map((kind) => KINDS[kind].prefix)).size, REQUEST_KINDS.length, 'prefixes are distinct');
  for (const kind of REQUEST_KINDS) {
    for (let i = 0; i < 50; i += 1) {
      const reference = newReference(kind);
      t.match(reference, referencePattern(kind));
      t.equal(kindOfReference(reference), kind);
    }
  }
  t.ok([...KINDS.contact.prefix].every((c) => REFERENCE_ALPHABET.includes(c)), 'GPC uses only unambiguous letters');
});

t.test('cleansing references are the ones the cleansing form already makes', async (t) => {
  t.equal(referencePattern('cleansing').source, REFERENCE_PATTERN.source);
  const ref = fc.string({ unit: fc.constantFrom(...REFERENCE_ALPHABET), minLength: 6, maxLength: 6 });
  const typed = fc.tuple(ref, fc.constantFrom('', 'CLN', 'cln', 'CLN-', 'c l n ')).map(([body, prefix]) => `${prefix}${body.slice(0, 3)} ${body.slice(3).toLowerCase()}`);
  holds(t, fc.property(typed, (input) => normaliseReference(input, 'cleansing') === normaliseCleansing(input)), 'same as the cleansing normaliser');
});

t.test('what a caller reads out, and the references it may mean', async (t) => {
  const cases: Array<[string, string[]]> = [
    ['CLN-7KQ-4MX', ['CLN-7KQ-4MX']],
    ['cln 7kq 4mx', ['CLN-7KQ-4MX']],
    ['GPC7KQ4MX', ['GPC-7KQ-4MX']],
    ['gpc–7kq–4mx', ['GPC-7KQ-4MX']], // en dashes from a phone keyboard
    ['7KQ-4MX', ['CLN-7KQ-4MX', 'GPC-7KQ-4MX']], // no prefix: either kind
    // A bare body may itself start with G, P, C: it is not read as the GPC prefix.
    ['GPC-7KQ', ['CLN-GPC-7KQ', 'GPC-GPC-7KQ']],
    ['GPC-GPC-7KQ', ['GPC-GPC-7KQ']],
    ['XYZ-7KQ-4MX', []], // unknown prefix
    ['CLN-7KQ-4M', []], // too short
    ['CLN-0KQ-4MX', []], // 0 is not in the alphabet
    ['CLN-7KQ-4MXX', []],
    ['', []],
  ];
  for (const [input, expected] of cases) t.same(referencesFor(input), expected, input);
  t.equal(normaliseReference('7kq4mx', 'contact'), 'GPC-7KQ-4MX');
  t.equal(normaliseReference('CLN-7KQ-4MX', 'contact'), null, 'a reference of another kind is not this kind');
});

t.test('property: every new reference reads back as itself, whatever the case and spacing', async (t) => {
  const kind = fc.constantFrom(...REQUEST_KINDS);
  const picks = fc.array(fc.nat({ max: REFERENCE_ALPHABET.length - 1 }), { minLength: 6, maxLength: 6 });
  holds(
    t,
    fc.property(kind, picks, fc.boolean(), (k, nums, lower) => {
      let i = 0;
      const reference = newReference(k, () => nums[i++] ?? 0);
      const spoken = (lower ? reference.toLowerCase() : reference).replace(/-/g, ' ');
      return referencesFor(spoken).length === 1 && referencesFor(spoken)[0] === reference;
    }),
    'round trip',
  );
});
