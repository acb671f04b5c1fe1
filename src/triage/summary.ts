import type { Triage, TriageOutcome } from '../store/ports.js';
import type { Walk } from '../trees/engine.js';
import { formatDateTime } from '../text/dates.js';

/**
 * Plain text made from a triage, for the agent to paste elsewhere (the cleansing request's
 * "steps taken", an escalation, the ticket). Only what the tree asked and the answers given:
 * the linkage checker's typed details are never stored, so can never appear here.
 */

/** Each answered step as "question → answer", in the order answered. */
export const checkedLines = (journey: Pick<Walk, 'trail'>): string[] => journey.trail.map((step) => `${step.title} → ${step.answerLabel}`);

/** The cleansing request's "Steps taken so far", pre-filled from the triage. */
export function cleansingStepsTaken(ticketReference: string, journey: Pick<Walk, 'trail'>): string {
  return [`Ticket ${ticketReference}: checked in triage`, ...checkedLines(journey).map((line) => `- ${line}`)].join('\n');
}

const NEXT_WORDS: Record<string, string> = {
  'cleansing-request': 'raise an account-cleansing request',
  escalation: 'escalate',
  'contact-form': 'contact form',
};

/** "Resolved" or "Not resolved (next: escalate)". */
export function outcomeWords(outcome: Pick<TriageOutcome, 'result' | 'next'>): string {
  if (outcome.result === 'resolved') return 'Resolved';
  return outcome.next ? `Not resolved (next: ${NEXT_WORDS[outcome.next] ?? outcome.next})` : 'Not resolved';
}

export interface SummaryInput {
  triage: Pick<Triage, 'ticketReference' | 'treeId' | 'treeVersion' | 'agent' | 'startedAt' | 'endedAt' | 'outcome'>;
  treeTitle: string;
  journey: Pick<Walk, 'trail' | 'node'>;
}

/** The whole triage as plain text lines, for an escalation or the ticket. */
export function triageSummaryText({ triage, treeTitle, journey }: SummaryInput): string {
  const lines = [
    `Ticket: ${triage.ticketReference}`,
    `Problem: ${treeTitle} (tree ${triage.treeId}, version ${triage.treeVersion})`,
    `Triage by: ${triage.agent.username ?? 'unknown'}`,
    `Started: ${formatDateTime(triage.startedAt)}`,
  ];
  if (triage.endedAt) lines.push(`Ended: ${formatDateTime(triage.endedAt)}`);
  lines.push('', 'Checked:', ...checkedLines(journey).map((line) => `- ${line}`));
  if (triage.outcome) lines.push('', `Outcome: ${journey.node.title}`, `Result: ${outcomeWords(triage.outcome)}`);
  else lines.push('', 'Outcome: in progress');
  return lines.join('\n');
}
