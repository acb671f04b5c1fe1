import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { matchErrorCode } from './error-codes.js';
import { treeSchema, type Tree } from './schema.js';
import { formatProblem, validateCatalogue, type TreeFile, type TreeProblem } from './validate.js';

export interface TreeCatalogue {
  get(id: string): Tree | undefined;
  /** Every tree, sorted by id. */
  list(): Tree[];
  /** Every error code the trees answer, e.g. ["3C", "3F", "3R"]. */
  errorCodes(): string[];
  /** The tree for a typed error code ("3R", "3rswtr", "error 3F1a2b"), or undefined. */
  findByErrorCode(input: string): Tree | undefined;
}

/** Thrown at start when any tree file is unreadable, malformed or unsound: lists every problem. */
export class TreeLoadError extends Error {
  constructor(readonly problems: readonly TreeProblem[]) {
    super(`The decision trees have ${problems.length} problem(s):\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'TreeLoadError';
  }
}

/** Reads, parses and validates every *.json in `dir`; throws one TreeLoadError listing all problems. */
export async function loadTrees(dir: string): Promise<TreeCatalogue> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  const texts = await Promise.all(names.map(async (file) => ({ file, text: await readFile(join(dir, file), 'utf8') })));
  return catalogueFrom(texts, dir);
}

/** The pure part of loadTrees: file contents in, catalogue out (or one TreeLoadError). */
export function catalogueFrom(files: ReadonlyArray<{ file: string; text: string }>, dir = 'the trees folder'): TreeCatalogue {
  if (files.length === 0) throw new TreeLoadError([{ file: dir, nodeId: null, problem: 'there are no tree files (*.json)' }]);
  const parsed = files.map(({ file, text }) => parseTreeFile(file, text));
  const trees = parsed.flatMap((p) => (p.tree ? [{ file: p.file, tree: p.tree }] : []));
  const problems = [...parsed.flatMap((p) => p.problems), ...validateCatalogue(trees)];
  if (problems.length > 0) throw new TreeLoadError(problems);
  return buildCatalogue(trees);
}

/** JSON and zod checks for one file. */
export function parseTreeFile(file: string, text: string): { file: string; tree?: Tree; problems: TreeProblem[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { file, problems: [{ file, nodeId: null, problem: `is not valid JSON: ${(error as Error).message}` }] };
  }
  const result = treeSchema.safeParse(data);
  if (result.success) return { file, tree: result.data, problems: [] };
  return { file, problems: result.error.issues.map((issue) => issueToProblem(file, issue)) };
}

function issueToProblem(file: string, issue: z.core.$ZodIssue): TreeProblem {
  const path = issue.path.map(String);
  const inNode = path[0] === 'nodes' && path.length >= 2;
  const nodeId = inNode ? (path[1] ?? null) : null;
  const field = (inNode ? path.slice(2) : path).join('.');
  // A bad record key's own message ("Invalid key in record") hides the reason; use the inner one.
  const message = issue.code === 'invalid_key' ? `the node id ${issue.issues[0]?.message ?? issue.message}` : issue.message;
  return { file, nodeId, problem: field ? `${field}: ${message}` : message };
}

function buildCatalogue(files: readonly TreeFile[]): TreeCatalogue {
  const byId = new Map(files.map(({ tree }) => [tree.id, tree]));
  const byCode = new Map(files.flatMap(({ tree }) => (tree.errorCodes ?? []).map((code) => [code, tree] as const)));
  const sorted = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  const codes = [...byCode.keys()].sort();
  return {
    get: (id) => byId.get(id),
    list: () => [...sorted],
    errorCodes: () => [...codes],
    findByErrorCode: (input) => {
      const code = matchErrorCode(input, codes);
      return code === null ? undefined : byCode.get(code);
    },
  };
}
