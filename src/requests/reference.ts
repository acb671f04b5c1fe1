import { randomInt } from 'node:crypto';
import { KINDS, REQUEST_KINDS, type RequestKind } from './kinds.js';

/**
 * Request references, for every kind: the same alphabet and shape, with the kind's prefix
 * ("CLN-7KQ-4MX", "GPC-7KQ-4MX"). They are read out on the phone: no 0/O, 1/I/L, 5/S, 8/B, 2/Z
 * or U/V to confuse. 23 symbols, 6 random places: about 148 million references per kind.
 */
export const REFERENCE_ALPHABET = '34679ACDEFGHJKMNPQRTWXY';

const GROUP_LENGTH = 3;
const BODY_LENGTH = GROUP_LENGTH * 2;
const GROUP = `[${REFERENCE_ALPHABET}]{${GROUP_LENGTH}}`;

export function referencePattern(kind: RequestKind): RegExp {
  return new RegExp(`^${KINDS[kind].prefix}-${GROUP}-${GROUP}$`);
}

const PATTERNS: ReadonlyArray<[RequestKind, RegExp]> = REQUEST_KINDS.map((kind) => [kind, referencePattern(kind)]);

export function newReference(kind: RequestKind, pick: (n: number) => number = randomInt): string {
  const group = () => Array.from({ length: GROUP_LENGTH }, () => REFERENCE_ALPHABET[pick(REFERENCE_ALPHABET.length)]).join('');
  return `${KINDS[kind].prefix}-${group()}-${group()}`;
}

/** The kind a well-formed reference belongs to, or null. */
export function kindOfReference(reference: string): RequestKind | null {
  return PATTERNS.find(([, pattern]) => pattern.test(reference))?.[0] ?? null;
}

const format = (kind: RequestKind, body: string): string =>
  `${KINDS[kind].prefix}-${body.slice(0, GROUP_LENGTH)}-${body.slice(GROUP_LENGTH)}`;

/**
 * Every reference a caller may mean by what they read out or typed: any case, spaces or
 * missing hyphens. With a prefix, that one reference; without one, one per kind (the search
 * looks for each). Empty when it cannot be a reference.
 *
 * The prefix is told apart by length, not by "starts with": G, P and C are in the alphabet,
 * so a bare body such as "GPC7KQ" must not lose its first three characters.
 */
export function referencesFor(input: string): string[] {
  const compact = input.toUpperCase().replace(/[\s\u2010-\u2015-]/g, '');
  if (compact.length === BODY_LENGTH) {
    return REQUEST_KINDS.map((kind) => format(kind, compact)).filter((ref) => kindOfReference(ref) !== null);
  }
  const prefixLength = compact.length - BODY_LENGTH;
  const kind = REQUEST_KINDS.find((k) => KINDS[k].prefix.length === prefixLength && compact.startsWith(KINDS[k].prefix));
  if (kind === undefined) return [];
  const reference = format(kind, compact.slice(prefixLength));
  return referencePattern(kind).test(reference) ? [reference] : [];
}

/** One reference of a known kind (the public progress check, where the kind is the form's), or null. */
export function normaliseReference(input: string, kind: RequestKind): string | null {
  return referencesFor(input).find((reference) => kindOfReference(reference) === kind) ?? null;
}
