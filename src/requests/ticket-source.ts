import type { FieldError } from '../forms/field-errors.js';
import { ticketReferenceSchema } from '../triage/start-form.js';
import type { RequestRecord } from './model.js';

/**
 * An agent writing up either kind of request from a phone or email ticket: the same form
 * checks as the public form, plus the ticket it came from (required, the triage's rule).
 */
export const TICKET_FIELD_ID = 'ticket-reference';

export function parseTicketSource(raw: string): { ok: true; source: RequestRecord['source'] } | { ok: false; error: FieldError } {
  const ticket = ticketReferenceSchema.safeParse(raw);
  if (ticket.success) return { ok: true, source: { channel: 'ticket', ticketReference: ticket.data } };
  return { ok: false, error: { field: 'ticketReference', href: `#${TICKET_FIELD_ID}`, message: ticket.error.issues[0]?.message ?? 'Enter the ticket reference' } };
}
