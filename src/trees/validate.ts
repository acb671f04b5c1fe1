import { CHECK_RULES, exits, type Tree, type TreeNode } from './schema.js';

/** One thing wrong with a tree file. nodeId is null when the problem is with the tree as a whole. */
export interface TreeProblem {
  file: string;
  nodeId: string | null;
  problem: string;
}

export interface TreeFile {
  file: string;
  tree: Tree;
}

/** "error-3r.json, node "ask": choice "yes" leads to ..." — one line per problem. */
export function formatProblem({ file, nodeId, problem }: TreeProblem): string {
  return nodeId === null ? `${file}: ${problem}` : `${file}, node "${nodeId}": ${problem}`;
}

/** Every whole-tree problem in one parsed tree. Empty when the tree is sound. */
export function validateTree(tree: Tree, file: string): TreeProblem[] {
  const at = (nodeId: string | null) => (problem: string): TreeProblem => ({ file, nodeId, problem });
  const perNode = Object.entries(tree.nodes).flatMap(([id, node]) => nodeProblems(tree, node).map(at(id)));
  if (!(tree.start in tree.nodes)) {
    // Reachability and cycles are measured from the start, so they mean nothing without it.
    return [at(null)(`the start node "${tree.start}" does not exist`), ...perNode];
  }
  return [
    ...perNode,
    ...unreachableNodes(tree).map((id) => at(id)('cannot be reached from the start node')),
    ...findCycles(tree).map((cycle) => at(cycle[0] ?? null)(`is part of a cycle: ${cycle.join(' -> ')}`)),
  ];
}

/** Each tree's own problems plus those between trees (duplicate ids, shared error codes, links). */
export function validateCatalogue(files: readonly TreeFile[]): TreeProblem[] {
  const treeIds = new Set(files.map(({ tree }) => tree.id));
  return [
    ...files.flatMap(({ file, tree }) => [
      ...fileNameProblems(file, tree),
      ...validateTree(tree, file),
      ...seeAlsoProblems(file, tree, treeIds),
    ]),
    ...duplicates(files, ({ tree }) => [tree.id]).map(({ key, file, first }) => ({
      file,
      nodeId: null,
      problem: `tree id "${key}" is already used by ${first}`,
    })),
    ...duplicates(files, ({ tree }) => tree.errorCodes ?? []).map(({ key, file, first }) => ({
      file,
      nodeId: null,
      problem: `error code "${key}" is already used by ${first}`,
    })),
  ];
}

function nodeProblems(tree: Tree, node: TreeNode): string[] {
  return [...referenceProblems(tree, node), ...kindProblems(node)];
}

function referenceProblems(tree: Tree, node: TreeNode): string[] {
  return exits(node)
    .filter(([, target]) => !(target in tree.nodes))
    .map(([answer, target]) => `${describeExit(node, answer)} leads to "${target}", which does not exist`);
}

function describeExit(node: TreeNode, answer: string): string {
  switch (node.kind) {
    case 'question':
      return `choice "${answer}"`;
    case 'check':
      return `branch "${answer}"`;
    default:
      return 'next';
  }
}

function kindProblems(node: TreeNode): string[] {
  switch (node.kind) {
    case 'question':
      return questionProblems(node.choices.map((c) => c.id));
    case 'check':
      return branchProblems(node.rule, Object.keys(node.branches));
    case 'advice':
      return [];
    case 'outcome':
      return node.result === 'resolved' && node.next
        ? [`a resolved outcome cannot lead to "${node.next}"; use result "not-resolved"`]
        : [];
  }
}

function questionProblems(choiceIds: string[]): string[] {
  if (choiceIds.length === 0) return ['has no choices, so the path ends here without an outcome'];
  const repeated = [...new Set(choiceIds.filter((id, i) => choiceIds.indexOf(id) !== i))];
  return [
    ...(choiceIds.length === 1 ? ['has only one choice; a question needs at least two'] : []),
    ...repeated.map((choiceId) => `choice id "${choiceId}" is used more than once`),
  ];
}

function branchProblems(rule: keyof typeof CHECK_RULES, branchNames: string[]): string[] {
  const results = Object.keys(CHECK_RULES[rule].results);
  return [
    ...results
      .filter((result) => !branchNames.includes(result))
      .map((result) => `has no branch for the "${rule}" result "${result}", so the path ends here without an outcome`),
    ...branchNames
      .filter((name) => !results.includes(name))
      .map((name) => `branch "${name}" is not a result of the "${rule}" rule (results: ${results.join(', ')})`),
  ];
}

function unreachableNodes(tree: Tree): string[] {
  const seen = new Set<string>();
  const queue = [tree.start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const node = tree.nodes[id];
    if (seen.has(id) || !node) continue;
    seen.add(id);
    queue.push(...exits(node).map(([, target]) => target));
  }
  return Object.keys(tree.nodes).filter((id) => !seen.has(id));
}

/** Each cycle reachable from the start, once, as the node ids around it (first id repeated last). */
export function findCycles(tree: Tree): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (id: string, stack: string[]): void => {
    const node = tree.nodes[id];
    if (!node || done.has(id)) return;
    const at = stack.indexOf(id);
    if (at >= 0) {
      cycles.push([...stack.slice(at), id]);
      return;
    }
    for (const [, target] of exits(node)) visit(target, [...stack, id]);
    done.add(id);
  };
  visit(tree.start, []);
  return cycles;
}

function fileNameProblems(file: string, tree: Tree): TreeProblem[] {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base === `${tree.id}.json`
    ? []
    : [{ file, nodeId: null, problem: `the file should be named "${tree.id}.json" after the tree id "${tree.id}"` }];
}

function seeAlsoProblems(file: string, tree: Tree, treeIds: ReadonlySet<string>): TreeProblem[] {
  return Object.entries(tree.nodes).flatMap(([nodeId, node]) =>
    (node.seeAlso ?? [])
      .filter((id) => !treeIds.has(id))
      .map((id) => ({ file, nodeId, problem: `see-also tree "${id}" does not exist` })),
  );
}

/** Keys claimed by more than one file: every file after the first that claimed it. */
function duplicates(
  files: readonly TreeFile[],
  keysOf: (entry: TreeFile) => readonly string[],
): Array<{ key: string; file: string; first: string }> {
  const owner = new Map<string, string>();
  const found: Array<{ key: string; file: string; first: string }> = [];
  for (const entry of files) {
    for (const key of new Set(keysOf(entry))) {
      const first = owner.get(key);
      if (first === undefined) owner.set(key, entry.file);
      else found.push({ key, file: entry.file, first });
    }
  }
  return found;
}
