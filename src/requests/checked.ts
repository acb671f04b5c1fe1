import { formatAnswers, parseAnswers, stepPath } from '../trees/answers.js';
import type { TreeCatalogue } from '../trees/load.js';
import { resolveText, walk, type Walk } from '../trees/engine.js';
import type { Audience, OutcomeNext, Tree } from '../trees/schema.js';
import type { CheckedPath } from './model.js';

/**
 * "What was checked" on a contact form: the tree path the person just walked, replayed by the
 * tree engine, so it is never typed in and a made-up path cannot be sent.
 */

/** Tree endings that send the person to the contact form. */
export const CONTACT_FORM_ENDINGS: readonly OutcomeNext[] = ['contact-form', 'escalation'];

/** Whether a walk has finished at an ending that leads to the contact form. */
export const endsAtContactForm = (journey: Pick<Walk, 'node'>): boolean =>
  journey.node.kind === 'outcome' && journey.node.result === 'not-resolved' && journey.node.next !== null && CONTACT_FORM_ENDINGS.includes(journey.node.next);

/** The structured value from a finished walk, or null when the walk has not reached a contact-form ending. */
export function checkedFromWalk(journey: Walk, treeTitle: string): CheckedPath | null {
  if (journey.invalid || !endsAtContactForm(journey)) return null;
  return {
    treeId: journey.treeId,
    treeTitle,
    treeVersion: journey.treeVersion,
    answers: [...journey.answers],
    steps: journey.trail.map((step) => ({ nodeId: step.nodeId, question: step.title, answer: step.answer, answerLabel: step.answerLabel })),
    ending: { nodeId: journey.nodeId, title: journey.node.title },
  };
}

/** Replays `answers` on the tree (GP wording unless an agent is filling it in). */
export function checkedFromPath(tree: Tree, answers: readonly string[], audience: Audience = 'gp'): CheckedPath | null {
  return checkedFromWalk(walk(tree, answers, audience), resolveText(tree.title, audience));
}

/** The read-only lines shown on the form and in the request: "question → answer", then the ending. */
export function checkedPathLines(checked: CheckedPath): string[] {
  return [...checked.steps.map((step) => `${step.question} → ${step.answerLabel}`), `Ending: ${checked.ending.title}`];
}

/**
 * The link from a contact-form ending to the form, with the path filled in (the form replays
 * it, so the link vouches for nothing). Null for any other step.
 */
export function contactFormPath(journey: Walk): string | null {
  if (journey.invalid || !endsAtContactForm(journey)) return null;
  const query = new URLSearchParams({ tree: journey.treeId, answers: formatAnswers(journey.answers) });
  return `/contact-form?${query.toString()}`;
}

/**
 * What a contact form shows of the path in its hidden fields: the lines, the tree's title, and
 * the way back to the ending (for GP staff, the tree's page). Null when the path does not
 * replay to a contact-form ending.
 */
export function walkedPath(
  trees: Pick<TreeCatalogue, 'get'>,
  treeId: string,
  answersText: string,
  audience: Audience = 'gp',
): { lines: string[]; treeTitle: string; href: string } | null {
  const tree = trees.get(treeId);
  const answers = parseAnswers(answersText);
  const checked = tree && answers ? checkedFromPath(tree, answers, audience) : null;
  return checked && answers ? { lines: checkedPathLines(checked), treeTitle: checked.treeTitle, href: stepPath(`/problems/${checked.treeId}`, answers) } : null;
}
