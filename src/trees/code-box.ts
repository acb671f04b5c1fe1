import { readQuotedCode } from './error-codes.js';
import type { CodeBook } from './nhs-login-codes.js';

/**
 * The error-code box: whatever was pasted in, where to go, or one message that says what was
 * found and what a code looks like. Messages never contradict what was typed: a paste that
 * holds a code we know is never refused for its extra text.
 */

export type CodeBoxAnswer = { go: string } | { message: string };

export interface CodeBoxSources {
  /** Tree id for a known NHS App category ("3R" -> "error-3r"). */
  treeForPrefix: (prefix: string) => string | undefined;
  prefixes: readonly string[];
  codes: CodeBook;
}

export const CODE_PAGE_BASE = '/problems/nhs-login-codes';

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

function whatCodesLookLike(prefixes: readonly string[]): string {
  return `NHS App error codes are 6 characters, like 3Rswtr: the first 2 say what the problem is, and we have checks for codes starting ${listInWords(prefixes)}. NHS login shows a reference such as CID7004`;
}

export function answerCodeBox(input: string, { treeForPrefix, prefixes, codes }: CodeBoxSources): CodeBoxAnswer {
  const typed = input.trim();
  if (typed === '') return { message: 'Enter the error code the patient sees, like 3Rswtr, or the NHS login reference, like CID7004' };
  const quoted = readQuotedCode(typed, prefixes);
  switch (quoted.kind) {
    case 'cid': {
      if (codes.get(quoted.code)) return { go: `${CODE_PAGE_BASE}/${quoted.code}` };
      return {
        message: `${quoted.code} is not one of the NHS login references we have. Check the number on the patient's screen, or look at the list of NHS login references, or choose the problem from the list below`,
      };
    }
    case 'app': {
      const tree = quoted.known ? treeForPrefix(quoted.prefix) : undefined;
      if (tree) return { go: `/problems/${tree}` };
      return {
        message: `We do not have checks for NHS App error codes starting ${quoted.prefix}. ${whatCodesLookLike(prefixes)}. Choose the problem from the list below instead`,
      };
    }
    case 'none':
      return { message: `We could not find an error code in what was entered. ${whatCodesLookLike(prefixes)}` };
  }
}
