import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { reviewSchema, type Review } from './review.js';
import { idSchema, textSchema, type Text } from './schema.js';

/**
 * NHS login's "Reference CIDnnnn" codes (fixtures/nhs-login-codes.json): what each means and
 * what to do, in GP and agent wording, and the tree that fits where one does. Read and
 * checked at start like the trees: zod for each entry, then the whole file (one entry per
 * code, every linked tree exists, every status is explained); a bad file stops the start
 * with every problem listed.
 */

/** NHS login's contact form accepts CID and 4 or 5 digits. */
export const CID_PATTERN = /^CID[0-9]{4,5}$/;

export const CODE_STATUSES = ['current', 'older', 'other'] as const;
export type CodeStatus = (typeof CODE_STATUSES)[number];

/** The NHS.UK tag shown beside a code for its status. */
export const STATUS_TAGS: Record<CodeStatus, { text: string; colour: string }> = {
  current: { text: 'Current', colour: 'green' },
  older: { text: 'May no longer be shown', colour: 'grey' },
  other: { text: 'Not on the current list', colour: 'white' },
};

const entrySchema = z.strictObject({
  code: z.string().regex(CID_PATTERN, 'must be CID and 4 or 5 digits, e.g. "CID7004"'),
  /** current: on NHS login's current help; older: only in earlier versions ("may no longer be shown"). */
  status: z.enum(CODE_STATUSES),
  meaning: textSchema,
  action: textSchema,
  /** The tree whose checks fit, e.g. registration details refused -> pin-document. */
  tree: idSchema.optional(),
});

export const codesFileSchema = z.strictObject({
  review: reviewSchema,
  sources: z.array(z.string().min(1)).min(1, 'name at least one source'),
  /** What each status means, in words for the page. */
  statuses: z.strictObject({ current: z.string().min(1), older: z.string().min(1), other: z.string().min(1) }),
  codes: z.array(entrySchema).min(1, 'list at least one code'),
});

export type CodesFile = z.infer<typeof codesFileSchema>;
export type CodeEntry = z.infer<typeof entrySchema>;

export interface CodeBook {
  review: Review;
  statuses: CodesFile['statuses'];
  /** The entry for a code, as written in the file (upper case), or undefined. */
  get(code: string): CodeEntry | undefined;
  /** Every entry in code order. */
  list(): CodeEntry[];
}

export class CodesLoadError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file} has ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'CodesLoadError';
  }
}

/** Problems across entries: a code listed twice, a tree that does not exist. */
export function validateCodes(file: CodesFile, treeIds: ReadonlySet<string>): string[] {
  const seen = new Set<string>();
  return file.codes.flatMap((entry, index) => {
    const problems: string[] = [];
    if (seen.has(entry.code)) problems.push(`codes.${index} (${entry.code}): is listed more than once`);
    seen.add(entry.code);
    if (entry.tree !== undefined && !treeIds.has(entry.tree)) {
      problems.push(`codes.${index} (${entry.code}): tree "${entry.tree}" does not exist`);
    }
    return problems;
  });
}

/** The pure part of loading: text in, code book out, or one CodesLoadError listing every problem. */
export function codeBookFrom(text: string, treeIds: ReadonlySet<string>, file = 'nhs-login-codes.json'): CodeBook {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CodesLoadError(file, [`is not valid JSON: ${(error as Error).message}`]);
  }
  const parsed = codesFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new CodesLoadError(file, parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`));
  }
  const problems = validateCodes(parsed.data, treeIds);
  if (problems.length > 0) throw new CodesLoadError(file, problems);
  const byCode = new Map(parsed.data.codes.map((entry) => [entry.code, entry]));
  const sorted = [...parsed.data.codes].sort((a, b) => Number(a.code.slice(3)) - Number(b.code.slice(3)));
  return {
    review: parsed.data.review,
    statuses: parsed.data.statuses,
    get: (code) => byCode.get(code.toUpperCase()),
    list: () => [...sorted],
  };
}

export async function loadCodeBook(file: string, treeIds: ReadonlySet<string>): Promise<CodeBook> {
  return codeBookFrom(await readFile(file, 'utf8'), treeIds, file);
}

export type { Text };
