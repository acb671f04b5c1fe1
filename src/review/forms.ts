import type { FieldError } from '../forms/field-errors.js';
import { REVIEW_TEXT_LIMITS, type TextRule } from './text.js';

/**
 * The review forms: their fields (as posted), HTML ids and text rules. An answer form's ids
 * carry the query's id, as one request page may hold several.
 */

export type ReviewFormKind = 'mark' | 'day' | 'query' | 'answer';

/** Every form may come back with the guard's held token and its confirmation. */
const HELD = ['heldToken', 'confirm'];

export const FORM_FIELDS: Readonly<Record<ReviewFormKind, readonly string[]>> = {
  mark: ['_csrf', 'comment', ...HELD],
  day: ['_csrf', 'day', 'comment', ...HELD],
  query: ['_csrf', 'to', 'comment', ...HELD],
  answer: ['_csrf', 'answer', ...HELD],
};

export interface FormIds {
  text: string;
  to: string;
  confirm: string;
}

export function formIds(kind: ReviewFormKind, queryId = ''): FormIds {
  const prefix = kind === 'answer' ? `answer-${queryId}` : `${kind}-review`;
  return { text: `${prefix}-text`, to: `${prefix}-to`, confirm: `${prefix}-confirm` };
}

export function textRule(kind: ReviewFormKind, ids: FormIds): TextRule {
  switch (kind) {
    case 'mark':
    case 'day':
      return { field: 'comment', id: ids.text, label: 'the comment', required: false, max: REVIEW_TEXT_LIMITS.comment, ask: '' };
    case 'query':
      return { field: 'comment', id: ids.text, label: 'the query', required: true, max: REVIEW_TEXT_LIMITS.comment, ask: 'Enter the query: what the agent should explain or check' };
    case 'answer':
      return { field: 'answer', id: ids.text, label: 'your answer', required: true, max: REVIEW_TEXT_LIMITS.answer, ask: 'Enter your answer to the query' };
  }
}

/** An error for the "who is it for" choice. */
export const toError = (ids: FormIds, message: string): FieldError => ({ field: 'to', href: `#${ids.to}`, message });
