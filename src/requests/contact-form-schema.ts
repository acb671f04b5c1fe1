/**
 * The one schema for the GP contact form: for the "the checks didn't fix it" endings of the
 * can't-connect, 3R, 3F, 3C and PIN-document trees. Field checks are the cleansing form's
 * (src/validation); this file puts them in form order and maps them to error-summary links.
 * "What was checked" is never typed: it is the tree path, replayed (src/requests/checked.ts).
 */
import { z } from 'zod';
import { CLEANSING_LIMITS } from '../cleansing/form-schema.js';
import type { FieldError as BaseFieldError } from '../forms/field-errors.js';
import { describeFlag, findSuspiciousCharacters } from '../text/characters.js';
import { parseAnswers } from '../trees/answers.js';
import type { TreeCatalogue } from '../trees/load.js';
import type { Audience } from '../trees/schema.js';
import { checkEmail } from '../validation/email.js';
import { checkLast3, redactNhsNumbers } from '../validation/nhs-number.js';
import { checkOdsCode } from '../validation/ods-code.js';
import { checkedFromPath } from './checked.js';
import type { ContactDetails } from './model.js';
import { characterCount, formatCount } from '../text/length.js';

/** In page order: the error summary follows it. No other patient identifier is accepted. */
export const CONTACT_FIELDS = [
  'senderOdsCode',
  'senderName',
  'senderEmail',
  'errorCode',
  'treeId',
  'answers',
  'description',
  'nhsNumberLast3',
] as const;

export type ContactField = (typeof CONTACT_FIELDS)[number];
export type ContactFormValues = Record<ContactField, string>;

/** treeId and answers are hidden fields; their errors link to the read-only "What was checked". */
export const CONTACT_FIELD_IDS: Record<ContactField | 'checked', string> = {
  senderOdsCode: 'sender-ods-code',
  senderName: 'sender-name',
  senderEmail: 'sender-email',
  errorCode: 'error-code',
  treeId: 'checked',
  answers: 'checked',
  checked: 'checked',
  description: 'description',
  nhsNumberLast3: 'nhs-number-last3',
};

export interface FieldError extends BaseFieldError {
  field: Exclude<ContactField, 'treeId' | 'answers'> | 'checked';
}

/** Limits in one place, so the page (character count, hints) can show the same numbers. */
export const CONTACT_LIMITS = {
  descriptionMin: 20,
  descriptionMax: 2000,
  senderNameMax: CLEANSING_LIMITS.senderNameMax,
  errorCodeMax: 20,
} as const;

export const CONTACT_LABELS = { senderEmail: 'your email address' } as const;

export interface ContactFormOptions {
  trees: Pick<TreeCatalogue, 'get'>;
  /** The public form needs the path the person walked; an agent's form from a ticket may have none. */
  checkedRequired: boolean;
  /** Whose wording the path is shown in. */
  audience?: Audience;
}

type Problem = { field: FieldError['field']; message: string };

// An NHS App code (3R, or 3Rswtr: 2 characters and 4 random ones), or NHS login's "CID7004".
const ERROR_CODE = /^(?:[0-9A-Za-z]{2}(?:[0-9A-Za-z]{4})?|CID[0-9]{4,5})$/i;

function checkErrorCode(raw: string): { ok: true; value: string | null } | { ok: false; message: string } {
  const value = raw.trim();
  if (value === '') return { ok: true, value: null };
  const [flag] = findSuspiciousCharacters(value);
  if (flag) return { ok: false, message: `The error code must not contain special characters: ${describeFlag(flag)}` };
  if (characterCount(value) > CONTACT_LIMITS.errorCodeMax) {
    return { ok: false, message: `The error code must be ${CONTACT_LIMITS.errorCodeMax} characters or fewer` };
  }
  if (!ERROR_CODE.test(value)) return { ok: false, message: 'Enter the error code as the patient saw it, like 3rswtr or CID7004' };
  return { ok: true, value };
}

function checkDescription(raw: string): string | null {
  const value = raw.trim();
  if (value === '') return 'Describe the problem and what has been tried';
  // Before length: personal data matters more than a word count.
  if (redactNhsNumbers(value).found) {
    return 'Remove the NHS number from the description. Only give the last 3 digits, in their own box';
  }
  const count = characterCount(value);
  if (count < CONTACT_LIMITS.descriptionMin) return `The description must be ${formatCount(CONTACT_LIMITS.descriptionMin)} characters or more`;
  if (count > CONTACT_LIMITS.descriptionMax) return `The description must be ${formatCount(CONTACT_LIMITS.descriptionMax)} characters or fewer`;
  return null;
}

function checkSenderName(raw: string): string | null {
  const value = raw.trim();
  if (value === '') return 'Enter your full name';
  if (characterCount(value) > CONTACT_LIMITS.senderNameMax) return `Your name must be ${formatCount(CONTACT_LIMITS.senderNameMax)} characters or fewer`;
  return null;
}

function checkLast3Optional(raw: string): { ok: true; value: string | null } | { ok: false; message: string } {
  if (raw.trim() === '') return { ok: true, value: null };
  const last3 = checkLast3(raw);
  return last3.ok ? last3 : { ok: false, message: last3.message };
}

const CHECKED_UNREADABLE = 'What was checked could not be read. Go back to the checks and answer them again';

function checkChecked(values: ContactFormValues, options: ContactFormOptions) {
  const treeId = values.treeId.trim();
  const answersText = values.answers.trim();
  if (treeId === '' && answersText === '') {
    return options.checkedRequired
      ? { ok: false as const, message: 'Answer the questions about the problem first, so the service desk knows what was checked' }
      : { ok: true as const, value: null };
  }
  const tree = options.trees.get(treeId);
  const answers = parseAnswers(answersText);
  const checked = tree && answers ? checkedFromPath(tree, answers, options.audience ?? 'gp') : null;
  return checked ? { ok: true as const, value: checked } : { ok: false as const, message: CHECKED_UNREADABLE };
}

/** All checks, in form order. Output only when there are no problems. */
function checkContactForm(values: ContactFormValues, options: ContactFormOptions): { problems: Problem[]; output: ContactDetails | null } {
  const problems: Problem[] = [];
  const add = (field: Problem['field'], message: string | null): void => {
    if (message !== null) problems.push({ field, message });
  };

  const ods = checkOdsCode(values.senderOdsCode);
  if (!ods.ok) add('senderOdsCode', ods.message);
  add('senderName', checkSenderName(values.senderName));
  const senderEmail = checkEmail(values.senderEmail, CONTACT_LABELS.senderEmail);
  if (!senderEmail.ok) add('senderEmail', senderEmail.message);
  const errorCode = checkErrorCode(values.errorCode);
  if (!errorCode.ok) add('errorCode', errorCode.message);
  const checked = checkChecked(values, options);
  if (!checked.ok) add('checked', checked.message);
  add('description', checkDescription(values.description));
  const last3 = checkLast3Optional(values.nhsNumberLast3);
  if (!last3.ok) add('nhsNumberLast3', last3.message);

  if (problems.length > 0 || !ods.ok || !senderEmail.ok || !errorCode.ok || !checked.ok || !last3.ok) return { problems, output: null };
  return {
    problems,
    output: {
      senderOdsCode: ods.value,
      senderName: values.senderName.trim(),
      senderEmail: senderEmail.value,
      errorCode: errorCode.value,
      checked: checked.value,
      description: values.description.trim(),
      nhsNumberLast3: last3.value,
    },
  };
}

const formValuesShape = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, z.string()])) as Record<ContactField, z.ZodString>;

type ContactFormSchema = z.ZodType<ContactDetails, ContactFormValues>;

// zod compiles a schema on its first parse, so one is kept per set of options (the trees are
// loaded once at start) instead of built per request, as the cleansing form does.
const schemas = new WeakMap<ContactFormOptions['trees'], Map<string, ContactFormSchema>>();

export function contactFormSchema(options: ContactFormOptions): ContactFormSchema {
  const key = `${String(options.checkedRequired)}:${options.audience ?? 'gp'}`;
  const forTrees = schemas.get(options.trees) ?? new Map<string, ContactFormSchema>();
  schemas.set(options.trees, forTrees);
  let schema = forTrees.get(key);
  if (!schema) {
    schema = z.object(formValuesShape).transform((values, ctx) => {
      const { problems, output } = checkContactForm(values, options);
      for (const p of problems) ctx.addIssue({ code: 'custom', message: p.message, path: [p.field] });
      return output ?? z.NEVER;
    });
    forTrees.set(key, schema);
  }
  return schema;
}

const ERROR_FIELDS: ReadonlySet<string> = new Set([...CONTACT_FIELDS.filter((f) => f !== 'treeId' && f !== 'answers'), 'checked']);
const isErrorField = (key: unknown): key is FieldError['field'] => typeof key === 'string' && ERROR_FIELDS.has(key);

function toFieldError(issue: z.core.$ZodIssue): FieldError {
  const [first] = issue.path;
  // Only a caller bypassing the types (a non-string value) lands on the fallback.
  const field = isErrorField(first) ? first : 'senderOdsCode';
  return { field, href: `#${CONTACT_FIELD_IDS[field]}`, message: issue.message };
}

/** What to show back: as typed, except NHS numbers, which are personal data we must not echo. */
function redisplayValues(values: ContactFormValues): ContactFormValues {
  const last3 = checkLast3(values.nhsNumberLast3);
  return {
    ...values,
    nhsNumberLast3: !last3.ok && last3.discard ? '' : values.nhsNumberLast3,
    description: redactNhsNumbers(values.description).text,
  };
}

export function parseContactForm(
  values: ContactFormValues,
  options: ContactFormOptions,
): { ok: true; value: ContactDetails } | { ok: false; errors: FieldError[]; values: ContactFormValues } {
  const result = contactFormSchema(options).safeParse(values);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: result.error.issues.map(toFieldError), values: redisplayValues(values) };
}
