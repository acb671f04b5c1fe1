import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * NCSC password guidance: a minimum length (12), no composition rules, and a deny list of
 * common and breached passwords. zxcvbn-ts brings the lists (its common-password and English
 * dictionaries) and sees through repeats, sequences, keyboard walks and l33t spellings of them.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** zxcvbn's score 3: about 10^8 guesses or more, safely out of reach of an online attack. */
const ENOUGH = 3;

/**
 * The word lists are about 12 MB of heap (36 MB resident) and only the pages where a password
 * is chosen need them (set-up, new accounts, resets, changes): they are loaded on first use and
 * let go once no password has been checked for IDLE_MS, so a server that is not setting
 * passwords does not carry them. Loaded with require (the packages ship CommonJS) so the check
 * stays synchronous inside the form schemas; dropped from require's cache so they can be freed.
 */
const IDLE_MS = 10 * 60_000;
const require = createRequire(import.meta.url);
const WORD_LISTS = ['@zxcvbn-ts/language-common', '@zxcvbn-ts/language-en'] as const;

let loaded: { zxcvbn: ZxcvbnFactory; idle: NodeJS.Timeout } | null = null;

function estimator(): ZxcvbnFactory {
  if (loaded) {
    loaded.idle.refresh();
    return loaded.zxcvbn;
  }
  const { ZxcvbnFactory: Factory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
  const common = require(WORD_LISTS[0]) as typeof import('@zxcvbn-ts/language-common');
  const english = require(WORD_LISTS[1]) as typeof import('@zxcvbn-ts/language-en');
  const zxcvbn = new Factory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  loaded = { zxcvbn, idle: setTimeout(releaseWordLists, IDLE_MS).unref() };
  return zxcvbn;
}

/** Lets the word lists go (after IDLE_MS unused; exported for the test that checks it). */
export function releaseWordLists(): void {
  loaded = null;
  const folders = WORD_LISTS.map((name) => dirname(require.resolve(name)) + sep);
  for (const file of Object.keys(require.cache)) if (folders.some((folder) => file.startsWith(folder))) delete require.cache[file];
}

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
