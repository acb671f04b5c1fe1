import { CLEANSING_FIELDS, type CleansingFormValues, type FieldError } from '../cleansing/form-schema.js';
import type { Walk } from '../trees/engine.js';
import { cleansingStepsTaken } from './summary.js';

/**
 * The cleansing-request form as an agent fills it in from a triage. The same fields and
 * checks as the public form (parseCleansingForm); only the "About you" part is about someone
 * else here: the practice staff member who raised the ticket.
 */

const SENDER_FIELDS: ReadonlySet<string> = new Set(['senderName', 'senderOdsCode', 'senderEmail']);

/** The form as first shown: the ticket and what the triage checked, everything else empty. */
export function cleansingFormFromTriage(ticketReference: string, journey: Pick<Walk, 'trail'>): CleansingFormValues {
  const values = Object.fromEntries(CLEANSING_FIELDS.map((f) => [f, ''])) as CleansingFormValues;
  return { ...values, stepsTaken: cleansingStepsTaken(ticketReference, journey) };
}

/** The shared checks speak to the sender ("Enter your full name"); the agent is writing about them. */
export function senderErrorsForAgent(errors: readonly FieldError[]): FieldError[] {
  return errors.map((error) =>
    SENDER_FIELDS.has(error.field) ? { ...error, message: error.message.replace(/\byour\b/g, 'their').replace(/\bYour\b/g, 'Their') } : error,
  );
}
