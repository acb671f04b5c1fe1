import type { Triage, TriageOutcome, TriageStep } from '../store/ports.js';
import { follow, walk, type Walk } from '../trees/engine.js';
import type { Tree } from '../trees/schema.js';

/**
 * An agent's triage as a log of steps. The log is append-only: going back is a step too
 * (BACK), so the record shows what the agent did, and the answers that count are found by
 * replaying it. The current node is then derived from those answers by the tree engine, as
 * for GP staff; nothing stored is trusted as a position.
 */

/** The answer recorded when the agent goes back a step. Never a valid tree answer (ids are lower-case words). */
export const BACK = '<back>';

/** What the store is asked to write for one more step. */
export interface TriageChange {
  steps: TriageStep[];
  outcome: TriageOutcome | null;
  endedAt: Date | null;
}

/** The answers in force after the log: each BACK removes the answer before it. */
export function replayAnswers(steps: readonly TriageStep[]): string[] {
  const answers: string[] = [];
  for (const step of steps) {
    if (step.answer === BACK) answers.pop();
    else answers.push(step.answer);
  }
  return answers;
}

/** Where the triage is now, in agent wording. */
export const triageJourney = (tree: Tree, triage: Pick<Triage, 'steps'>): Walk => walk(tree, replayAnswers(triage.steps), 'agent');

/** The outcome to store when the journey has reached one. */
export function outcomeOf(journey: Walk): TriageOutcome | null {
  const node = journey.node;
  return node.kind === 'outcome' ? { nodeId: node.id, result: node.result, next: node.next } : null;
}

/**
 * The log, plus a BACK for each stored answer the tree no longer accepts (the tree changed
 * version since the triage started). The walk already ignores them; writing the BACKs keeps
 * the log's replay equal to what the agent sees, so the next answer lands where it was given.
 */
function alignedSteps(triage: Pick<Triage, 'steps'>, journey: Walk, now: Date): TriageStep[] {
  const ignored = replayAnswers(triage.steps).length - journey.answers.length;
  return [...triage.steps, ...Array.from({ length: ignored }, () => ({ nodeId: journey.nodeId, answer: BACK, at: now }))];
}

/** One more answer at the current node, or null when it is not a valid answer there (or the triage has ended). */
export function answerChange(tree: Tree, triage: Pick<Triage, 'steps'>, answer: string, now: Date): TriageChange | null {
  const journey = triageJourney(tree, triage);
  const node = tree.nodes[journey.nodeId];
  if (!node || answer === BACK || follow(tree, node, answer) === null) return null;
  const steps = [...alignedSteps(triage, journey, now), { nodeId: journey.nodeId, answer, at: now }];
  const outcome = outcomeOf(triageJourney(tree, { steps }));
  return { steps, outcome, endedAt: outcome ? now : null };
}

/** A step back (reopening a finished triage), or null at the first question, where there is nothing to undo. */
export function backChange(tree: Tree, triage: Pick<Triage, 'steps'>, now: Date): TriageChange | null {
  const journey = triageJourney(tree, triage);
  if (journey.answers.length === 0) return null;
  return { steps: [...alignedSteps(triage, journey, now), { nodeId: journey.nodeId, answer: BACK, at: now }], outcome: null, endedAt: null };
}

/** Why an answer was refused, for the error summary; `href` is the field (or the step) to go to. */
export function answerError(journey: Walk): { field: string; href: string; message: string } {
  switch (journey.node.kind) {
    case 'question':
      return { field: 'answer', href: '#answer', message: 'Select the answer that fits' };
    case 'check':
      return { field: 'linkage', href: '#linkage', message: 'Check the details before you continue' };
    case 'advice':
      return { field: 'answer', href: '#advice-done', message: 'Select Done when the steps have been done' };
    case 'outcome':
      return { field: 'answer', href: '#back', message: 'This triage has finished. Go back a step to change the last answer' };
  }
}
