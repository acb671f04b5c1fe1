import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be misread when read out or copied by hand (no 0/o, 1/l/i). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/**
 * A temporary password for a reset: 16 random characters from 31 (about 79 bits), in groups
 * of four so it can be read out over the phone. The user must replace it at next sign-in.
 */
export function temporaryPassword(): string {
  const group = () => Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return Array.from({ length: GROUPS }, group).join('-');
}
