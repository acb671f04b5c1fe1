import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/**
 * NCSC password guidance: a minimum length (12), no composition rules, and a deny list of
 * common and breached passwords. zxcvbn-ts brings the lists (its common-password and English
 * dictionaries) and sees through repeats, sequences, keyboard walks and l33t spellings of them.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** zxcvbn's score 3: about 10^8 guesses or more, safely out of reach of an online attack. */
const ENOUGH = 3;

let zxcvbn: ZxcvbnFactory | undefined;
// Built on first use: ranking the dictionaries takes a moment, and only set-up and new accounts need it.
const estimator = (): ZxcvbnFactory =>
  (zxcvbn ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  }));

/** Null when the password may be used, else a message that says why not. */
export function checkNewPassword(password: string, related: readonly string[] = []): string | null {
  if (password.trim() === '') return password === '' ? 'Enter a password' : 'Password must not be only spaces';
  if (Array.from(password).length < PASSWORD_MIN) return `Password must be ${PASSWORD_MIN} characters or more`;
  if (password.length > PASSWORD_MAX) return `Password must be ${PASSWORD_MAX} characters or fewer`;
  const result = estimator().check(password, related.filter(Boolean));
  if (result.score >= ENOUGH) return null;
  const why = result.feedback.warning?.replace(/\.$/, '') ?? 'It is made of common words, names or patterns';
  return `Choose a password that is harder to guess. ${why}. Three or more random words together make a strong password`;
}
