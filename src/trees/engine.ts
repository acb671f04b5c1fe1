import {
  CHECK_RULES,
  exits,
  type Audience,
  type CheckRuleName,
  type OutcomeNext,
  type Text,
  type Tree,
  type TreeNode,
} from './schema.js';

/**
 * Pure journey logic. The current step is always derived by replaying the answers so far
 * from the start node: an answer list from a URL or hidden field is never trusted as a
 * position, only as a sequence that must be valid at every step.
 */

interface ResolvedCommon {
  id: string;
  title: string;
  /** Paragraphs (the data separates them with a blank line). */
  body: string[];
  warning: string | null;
  seeAlso: string[];
}

export type ResolvedNode =
  | (ResolvedCommon & {
      kind: 'question';
      hint: string | null;
      choices: Array<{ id: string; label: string; hint: string | null }>;
    })
  | (ResolvedCommon & { kind: 'check'; rule: CheckRuleName; results: Array<{ id: string; label: string }> })
  | (ResolvedCommon & { kind: 'advice'; steps: string[] })
  | (ResolvedCommon & {
      kind: 'outcome';
      result: 'resolved' | 'not-resolved';
      next: OutcomeNext | null;
      steps: string[];
    });

/** One answered step, for Back links and check-your-answers. */
export interface TrailStep {
  nodeId: string;
  title: string;
  answer: string;
  answerLabel: string;
  /** The answers that lead back to this step (to change this answer). */
  answersBefore: string[];
}

export interface Walk {
  treeId: string;
  treeVersion: number;
  nodeId: string;
  node: ResolvedNode;
  trail: TrailStep[];
  /** The valid answers that lead to `node` (the input, cut at the first invalid answer). */
  answers: string[];
  /** The answers for the previous step, or null at the start. */
  back: string[] | null;
  /** True when an answer was not valid where it was given; `node` is the last valid step. */
  invalid: boolean;
  /** True when `node` is an outcome. */
  finished: boolean;
}

export interface TreePath {
  answers: string[];
  /** From the start node to the outcome, inclusive. */
  nodeIds: string[];
  outcomeId: string;
}

const ADVICE_DONE_LABEL = 'Done';

/** The wording for this audience; '' for an absent optional text. */
export function resolveText(text: Text | undefined, audience: Audience): string {
  if (text === undefined) return '';
  return typeof text === 'string' ? text : text[audience];
}

function paragraphs(text: Text | undefined, audience: Audience): string[] {
  return resolveText(text, audience)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** A node with every text resolved for the audience. Throws if the id is not in the tree. */
export function resolveNode(tree: Tree, nodeId: string, audience: Audience): ResolvedNode {
  const node = tree.nodes[nodeId];
  if (!node) throw new Error(`tree "${tree.id}" has no node "${nodeId}"`);
  const say = (text: Text | undefined) => resolveText(text, audience);
  const common: ResolvedCommon = {
    id: nodeId,
    title: say(node.title),
    body: paragraphs(node.body, audience),
    warning: node.warning ? say(node.warning) : null,
    seeAlso: node.seeAlso ?? [],
  };
  switch (node.kind) {
    case 'question':
      return {
        ...common,
        kind: 'question',
        hint: node.hint ? say(node.hint) : null,
        choices: node.choices.map((c) => ({ id: c.id, label: say(c.label), hint: c.hint ? say(c.hint) : null })),
      };
    case 'check':
      return {
        ...common,
        kind: 'check',
        rule: node.rule,
        results: Object.keys(node.branches).map((id) => ({ id, label: checkResultLabel(node.rule, id) })),
      };
    case 'advice':
      return { ...common, kind: 'advice', steps: node.steps.map(say) };
    case 'outcome':
      return {
        ...common,
        kind: 'outcome',
        result: node.result,
        next: node.next ?? null,
        steps: (node.steps ?? []).map(say),
      };
  }
}

function checkResultLabel(rule: CheckRuleName, result: string): string {
  const labels: Record<string, string> = CHECK_RULES[rule].results;
  return labels[result] ?? result;
}

function answerLabel(node: TreeNode, answer: string, audience: Audience): string {
  switch (node.kind) {
    case 'question':
      return resolveText(node.choices.find((c) => c.id === answer)?.label, audience);
    case 'check':
      return checkResultLabel(node.rule, answer);
    default:
      return ADVICE_DONE_LABEL;
  }
}

/** Where `answer` leads from `node`, or null when it is not a valid answer there. */
export function follow(tree: Tree, node: TreeNode, answer: string): string | null {
  const target = exits(node).find(([a]) => a === answer)?.[1];
  return target !== undefined && target in tree.nodes ? target : null;
}

/**
 * Replays `answers` from the start. Never throws for any answers; stops at the first answer
 * that is not valid at its step (or any answer after an outcome) and flags it. Throws only
 * for a tree whose start node is missing, which validation stops at start-up.
 */
export function walk(tree: Tree, answers: readonly string[], audience: Audience): Walk {
  let nodeId = tree.start;
  const trail: TrailStep[] = [];
  let invalid = false;
  for (const answer of answers) {
    const node = tree.nodes[nodeId];
    const target = node ? follow(tree, node, answer) : null;
    if (!node || target === null) {
      invalid = true;
      break;
    }
    trail.push({
      nodeId,
      title: resolveText(node.title, audience),
      answer,
      answerLabel: answerLabel(node, answer, audience),
      answersBefore: trail.map((step) => step.answer),
    });
    nodeId = target;
  }
  const valid = trail.map((step) => step.answer);
  const node = resolveNode(tree, nodeId, audience);
  return {
    treeId: tree.id,
    treeVersion: tree.version,
    nodeId,
    node,
    trail,
    answers: valid,
    back: valid.length === 0 ? null : valid.slice(0, -1),
    invalid,
    finished: node.kind === 'outcome',
  };
}

/**
 * Every path from the start to an outcome, in choice order. Cycle edges and missing nodes
 * are skipped (validation reports them), so this always terminates.
 */
export function allPaths(tree: Tree): TreePath[] {
  const paths: TreePath[] = [];
  const visit = (nodeId: string, nodeIds: string[], answers: string[]): void => {
    const node = tree.nodes[nodeId];
    if (!node || nodeIds.includes(nodeId)) return;
    const here = [...nodeIds, nodeId];
    if (node.kind === 'outcome') {
      paths.push({ answers, nodeIds: here, outcomeId: nodeId });
      return;
    }
    for (const [answer, target] of exits(node)) visit(target, here, [...answers, answer]);
  };
  visit(tree.start, [], []);
  return paths;
}
