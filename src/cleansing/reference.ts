import { randomInt } from 'node:crypto';

/**
 * References are read out on the phone: no 0/O, 1/I/L, 5/S, 8/B, 2/Z or U/V to confuse.
 * 23 symbols, 6 random places: about 148 million references.
 */
export const REFERENCE_ALPHABET = '34679ACDEFGHJKMNPQRTWXY';
const GROUP = `[${REFERENCE_ALPHABET}]{3}`;
export const REFERENCE_PATTERN = new RegExp(`^CLN-${GROUP}-${GROUP}$`);

export function newReference(): string {
  const pick = () => Array.from({ length: 3 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join('');
  return `CLN-${pick()}-${pick()}`;
}

/** Accepts what a caller reads out: any case, spaces or missing hyphens. Null when it cannot be one. */
export function normaliseReference(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  const body = compact.startsWith('CLN') ? compact.slice(3) : compact;
  if (body.length !== 6) return null;
  const reference = `CLN-${body.slice(0, 3)}-${body.slice(3)}`;
  return REFERENCE_PATTERN.test(reference) ? reference : null;
}
