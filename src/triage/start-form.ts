import { z } from 'zod';
import type { FieldError } from '../forms/field-errors.js';
import type { TreeCatalogue } from '../trees/load.js';
import type { Tree } from '../trees/schema.js';
import { freeText } from '../validation/free-text.js';

/** The "Start a triage" form: the ticket it is for, and the tree (chosen, or found by error code). */
export const START_FIELDS = ['ticketReference', 'treeId', 'errorCode'] as const;
export type StartFormValues = Record<(typeof START_FIELDS)[number], string>;

/** Field -> HTML id, in page order (the error summary follows it). */
export const START_FIELD_IDS = { ticketReference: 'ticket-reference', treeId: 'tree-id', errorCode: 'error-code' } as const;

export const TICKET_REFERENCE_MAX = 40;

/** A service-desk ticket number such as "INC-1234" or "SD/2026/77". */
export const ticketReferenceSchema = z
  .string()
  .trim()
  .min(1, 'Enter the ticket reference')
  .max(TICKET_REFERENCE_MAX, `Ticket reference must be ${TICKET_REFERENCE_MAX} characters or fewer`)
  .regex(/^[A-Za-z0-9/-]*$/, 'Ticket reference must only include letters, numbers, hyphens (-) and slashes (/)');

type Trees = Pick<TreeCatalogue, 'get' | 'findByErrorCode' | 'errorCodes'>;

const errorCodeSchema = z.string().trim().max(20, 'Error code must be 20 characters or fewer').superRefine(freeText('error code'));

/** The tree the form names, or the problem with it (the field and the message). */
function chooseTree(values: StartFormValues, trees: Trees): { tree: Tree } | { field: 'treeId' | 'errorCode'; message: string } {
  // A chosen problem wins; the error code is the way in when the agent has not chosen one.
  if (values.treeId !== '') {
    const tree = trees.get(values.treeId);
    return tree ? { tree } : { field: 'treeId', message: 'Select the problem the patient has' };
  }
  const code = errorCodeSchema.safeParse(values.errorCode);
  if (!code.success) return { field: 'errorCode', message: code.error.issues[0]?.message ?? 'Enter a shorter error code' };
  if (code.data === '') return { field: 'treeId', message: 'Select the problem the patient has, or enter the NHS App error code' };
  const tree = trees.findByErrorCode(code.data);
  if (tree) return { tree };
  return {
    field: 'errorCode',
    message: `We do not have a tree for the error code ${code.data}. Codes we know start with ${trees.errorCodes().join(', ')}: select the problem instead`,
  };
}

/** Every problem at once, in page order; the trimmed ticket reference and the tree when there are none. */
export function parseStartForm(
  values: StartFormValues,
  trees: Trees,
): { ok: true; value: { ticketReference: string; tree: Tree } } | { ok: false; errors: FieldError[] } {
  const ticket = ticketReferenceSchema.safeParse(values.ticketReference);
  const choice = chooseTree(values, trees);
  const errors: FieldError[] = [];
  if (!ticket.success) {
    errors.push({ field: 'ticketReference', href: `#${START_FIELD_IDS.ticketReference}`, message: ticket.error.issues[0]?.message ?? 'Enter the ticket reference' });
  }
  if ('field' in choice) errors.push({ field: choice.field, href: `#${START_FIELD_IDS[choice.field]}`, message: choice.message });
  if (!ticket.success || !('tree' in choice)) return { ok: false, errors };
  return { ok: true, value: { ticketReference: ticket.data, tree: choice.tree } };
}
