import t from 'tap';
import fc from 'fast-check';
import { canonicalContent, canonicalContentByLibrary, type ChainedContent } from '../../src/audit/chain.js';

// canonicalContent's fast path must write exactly the bytes the RFC 8785 library writes.
const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => (s as string & { isWellFormed(): boolean }).isWellFormed());
const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const event = (strings: fc.Arbitrary<string>): fc.Arbitrary<ChainedContent> =>
  fc.record(
    {
      seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      at: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
      actor: fc.record({ userId: fc.option(strings, { nil: null }), username: fc.option(strings, { nil: null }) }),
      action: strings,
      reference: fc.option(strings, { nil: null }),
      dedupeKey: strings,
    },
    { requiredKeys: ['seq', 'at', 'actor', 'action', 'reference'] },
  );

t.test('the canonical form is byte for byte what the RFC 8785 library writes, for any well-formed text', async (t) => {
  const checked = fc.check(fc.property(event(text), (e) => canonicalContent(e) === canonicalContentByLibrary(e)), { numRuns: 2000 });
  t.equal(checked.failed, false, `no counterexample in ${checked.numRuns} events${checked.counterexample ? `: ${JSON.stringify(checked.counterexample)}` : ''}`);
  t.equal(checked.numRuns, 2000, 'every one of the 2000 events was checked');
});

/** The text written, or 'refused' when it throws. */
function outcome(write: () => string): string {
  try {
    return write();
  } catch {
    return 'refused';
  }
}

t.test('text RFC 8785 cannot represent (a lone surrogate) is refused, as the library refuses it', async (t) => {
  fc.assert(
    fc.property(event(anyText), (e) => {
      const library = outcome(() => canonicalContentByLibrary(e));
      const ours = outcome(() => canonicalContent(e));
      return library === ours;
    }),
    { numRuns: 1000 },
  );
  t.throws(() => canonicalContent({ seq: 1, at: new Date(), actor: { userId: null, username: '\uD800' }, action: 'a', reference: null }));
});
