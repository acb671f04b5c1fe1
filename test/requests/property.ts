import fc from 'fast-check';
import type { Test } from 'tap';

/** Runs a fast-check property as one tap assertion, with fast-check's counterexample when it fails. */
export function holds<Ts extends [unknown, ...unknown[]]>(t: Test, property: fc.IProperty<Ts>, name: string, runs = 200): void {
  const details = fc.check(property, { numRuns: runs });
  t.notOk(details.failed, `${name}${details.failed ? `: ${fc.defaultReportMessage(details) ?? ''}` : ''}`);
}
