import { checkDateInput } from '../validation/date-input.js';
import type { FieldError } from '../forms/field-errors.js';
import type { LinkageInput } from './check.js';

/** The linkage checker's form fields (on its own page and inside a tree's check step). */
export const LINKAGE_FORM_FIELDS = ['linkage', 'accountId', 'odsCode', 'previousLinkage', 'printedDay', 'printedMonth', 'printedYear'] as const;
export type LinkageFormValues = Record<(typeof LINKAGE_FORM_FIELDS)[number], string>;

export const LINKAGE_FIELD_IDS = {
  linkage: 'linkage',
  accountId: 'account-id',
  odsCode: 'ods-code',
  previousLinkage: 'previous-linkage',
  printed: 'printed-day',
} as const;

const REQUIRED: Array<[keyof LinkageFormValues, string]> = [
  ['linkage', 'Enter the linkage key or passphrase, exactly as the patient typed it'],
  ['accountId', 'Enter the Account ID, exactly as the patient typed it'],
  ['odsCode', 'Enter the ODS code, exactly as the patient typed it'],
];

/**
 * Reads the form into the checker's input. Values are passed on exactly as typed (spaces,
 * case and odd characters are what the checker is for); only emptiness and the optional
 * print date are checked here.
 */
export function readLinkageForm(values: LinkageFormValues, now: Date): { ok: true; input: LinkageInput } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = REQUIRED.filter(([field]) => values[field].length === 0).map(([field, message]) => ({
    field,
    href: `#${LINKAGE_FIELD_IDS[field as 'linkage' | 'accountId' | 'odsCode']}`,
    message,
  }));
  const printed = checkDateInput(
    { day: values.printedDay, month: values.printedMonth, year: values.printedYear },
    { label: 'The date the PIN document was printed', required: false, now, notInFuture: true },
  );
  if (!printed.ok) {
    const part = printed.field === 'all' ? 'day' : printed.field;
    errors.push({ field: 'printed', href: `#printed-${part}`, message: printed.message });
  }
  if (errors.length > 0 || !printed.ok) return { ok: false, errors };
  return {
    ok: true,
    input: {
      linkage: values.linkage,
      accountId: values.accountId,
      odsCode: values.odsCode,
      ...(values.previousLinkage ? { previousLinkage: values.previousLinkage } : {}),
      ...(printed.value ? { printedOn: printed.value } : {}),
    },
  };
}
