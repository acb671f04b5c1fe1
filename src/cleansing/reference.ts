import { newReference as newRequestReference, normaliseReference as normaliseRequestReference, referencePattern } from '../requests/reference.js';

/** The cleansing request's references: src/requests/reference.ts with the cleansing kind. */
export { REFERENCE_ALPHABET } from '../requests/reference.js';
export const REFERENCE_PATTERN = referencePattern('cleansing');
export const newReference = (): string => newRequestReference('cleansing');
/** Accepts what a caller reads out: any case, spaces or missing hyphens. Null when it cannot be one. */
export const normaliseReference = (input: string): string | null => normaliseRequestReference(input, 'cleansing');
