import type { FieldError } from '../forms/field-errors.js';
import { findingMessage, guardText } from '../requests/note-guard.js';
import { checkFreeText } from '../validation/free-text.js';
import { characterCount, formatCount } from '../text/length.js';

/**
 * The words of a review: a lead's comment on a mark or a query, an agent's answer. They are
 * shown on the request to every member of staff and kept for as long as the request, so they
 * pass the same checks as an internal note: no control characters, no full NHS number, and an
 * email address or a date that may be the patient's is held until its writer confirms it is not.
 */

export const REVIEW_TEXT_LIMITS = {
  /** A mark's comment (optional) and a query: a question, not a report. */
  comment: 1000,
  /** An agent's answer may need to explain what was done. */
  answer: 2000,
} as const;

export interface TextRule {
  /** The field's name in the form and the HTML id its errors link to. */
  field: string;
  id: string;
  /** How messages name it: "the query", "your answer". */
  label: string;
  required: boolean;
  max: number;
  /** What to say when it is required and empty. */
  ask: string;
}

export type TextResult =
  | { ok: true; text: string | null; /** Held findings its writer confirmed are not the patient's. */ confirmed: number }
  | { ok: false; errors: FieldError[]; /** When the guard held something: sent back with the confirmation. */ heldToken: string | null };

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Checks typed words against the rule; `confirmation` is the held token the writer confirmed. */
export function checkReviewText(typed: string, rule: TextRule, at: Date, confirmation: string | null): TextResult {
  const text = typed.trim();
  const error = (message: string): TextResult => ({ ok: false, errors: [{ field: rule.field, href: `#${rule.id}`, message }], heldToken: null });
  if (text === '') return rule.required ? error(rule.ask) : { ok: true, text: null, confirmed: 0 };
  if (characterCount(text) > rule.max) return error(`${capitalise(rule.label)} must be ${formatCount(rule.max)} characters or fewer`);
  const control = checkFreeText(text, { label: rule.label, multiline: true });
  if (control) return error(control);
  const guarded = guardText(text, at, confirmation);
  if (guarded.outcome === 'accepted') return { ok: true, text, confirmed: guarded.confirmed.length };
  const errors = guarded.findings.map((f) => ({
    field: rule.field,
    href: `#${rule.id}`,
    message: f.kind === 'nhs-number' ? `Remove the NHS number at character ${f.position}. ${capitalise(rule.label)} must not contain a full NHS number` : findingMessage(f),
  }));
  return { ok: false, errors, heldToken: guarded.outcome === 'held' ? guarded.token : null };
}
