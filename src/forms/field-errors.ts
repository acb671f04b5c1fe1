import type { z } from 'zod';

export interface FieldError {
  field: string;
  href: string;
  message: string;
}

/**
 * zod issues as NHS.UK error-summary entries, one per field, in the order the fields appear
 * on the page (ids maps each field to its HTML id).
 */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], ids: Record<string, string>): FieldError[] {
  const byField = new Map<string, FieldError>();
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    if (!byField.has(field)) byField.set(field, { field, href: `#${ids[field] ?? field}`, message: issue.message });
  }
  const order = Object.keys(ids);
  return [...byField.values()].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
}

/** Errors keyed by field, for the inline messages. */
export const errorsByField = (errors: readonly FieldError[]): Record<string, string> =>
  Object.fromEntries(errors.map((e) => [e.field, e.message]));
