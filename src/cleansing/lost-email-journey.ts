/**
 * Seed 004, "Patient has changed or can no longer access their email": two questions, three
 * outcomes. The current step is worked out from the answers so far, never taken from the URL.
 * (The diagnostic-tree engine will take this journey over; the wording stays.)
 */
export type Answer = 'yes' | 'no';

export interface LostEmailAnswers {
  remembers?: Answer;
  access?: Answer;
}

export type LostEmailStep =
  | { kind: 'question'; id: 'remembers' | 'access' }
  | { kind: 'outcome'; id: 'log-in-and-change' | 'forgotten-password' | 'cleansing-needed' };

export const QUESTIONS = {
  remembers: {
    legend: 'Can the patient remember their NHS login password and the email address they used to sign up?',
    hint: 'The old email address is the one their NHS login was set up with.',
    error: 'Select yes if the patient can remember their password and their old email address',
  },
  access: {
    legend: 'Can the patient get into their old email account, or recover it?',
    hint: 'For example, they can still sign in to that mailbox, or their email provider can give them access again.',
    error: 'Select yes if the patient can get into or recover their old email account',
  },
} as const;

export function lostEmailStep(answers: LostEmailAnswers): LostEmailStep {
  if (!answers.remembers) return { kind: 'question', id: 'remembers' };
  if (answers.remembers === 'yes') return { kind: 'outcome', id: 'log-in-and-change' };
  if (!answers.access) return { kind: 'question', id: 'access' };
  return { kind: 'outcome', id: answers.access === 'yes' ? 'forgotten-password' : 'cleansing-needed' };
}

/** The answers that lead back to the step before this one. */
export function previousAnswers(step: LostEmailStep, answers: LostEmailAnswers): LostEmailAnswers | null {
  if (step.kind === 'question' && step.id === 'remembers') return null;
  if (step.kind === 'question' && step.id === 'access') return {};
  if (step.id === 'log-in-and-change') return {};
  return { remembers: answers.remembers };
}
