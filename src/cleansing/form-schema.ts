/**
 * The one schema for the account-cleansing form (seed 004). Field checks live in
 * src/validation; this file puts them in form order and maps them to error-summary links.
 */
import { z } from 'zod';
import type { CleansingRequestInput } from '../store/ports.js';
import type { FieldError as BaseFieldError } from '../forms/field-errors.js';
import { checkDateInput, type DatePart } from '../validation/date-input.js';
import { checkEmail } from '../validation/email.js';
import { checkLast3, redactNhsNumbers } from '../validation/nhs-number.js';
import { checkOdsCode } from '../validation/ods-code.js';
import { checkFreeText } from '../validation/free-text.js';
import { characterCount, formatCount } from '../text/length.js';

export const CLEANSING_FIELDS = [
  'newEmail',
  'oldEmail',
  'nhsNumberLast3',
  'lastAccessDay',
  'lastAccessMonth',
  'lastAccessYear',
  'stepsTaken',
  'senderName',
  'senderOdsCode',
  'senderEmail',
] as const;

export type CleansingField = (typeof CLEANSING_FIELDS)[number];
export type CleansingFormValues = Record<CleansingField, string>;

export const FIELD_IDS: Record<CleansingField, string> = {
  newEmail: 'new-email',
  oldEmail: 'old-email',
  nhsNumberLast3: 'nhs-number-last3',
  lastAccessDay: 'last-access-day',
  lastAccessMonth: 'last-access-month',
  lastAccessYear: 'last-access-year',
  stepsTaken: 'steps-taken',
  senderName: 'sender-name',
  senderOdsCode: 'sender-ods-code',
  senderEmail: 'sender-email',
};

/** An error-summary entry (src/forms/field-errors.ts) whose field is one of this form's. */
export interface FieldError extends BaseFieldError {
  field: CleansingField | 'lastAccess';
}

/** Limits in one place, so the page (character count, hints) can show the same numbers. */
export const CLEANSING_LIMITS = {
  stepsTakenMin: 20,
  stepsTakenMax: 2000,
  senderNameMax: 100,
} as const;

export const CLEANSING_LABELS = {
  newEmail: "the patient's new email address",
  oldEmail: "the patient's old email address",
  lastAccess: 'date of last successful access',
  senderEmail: 'your email address',
} as const;

const DATE_PART_FIELDS: Record<DatePart, CleansingField> = {
  day: 'lastAccessDay',
  month: 'lastAccessMonth',
  year: 'lastAccessYear',
};

// Issues carry the form field in path[0]; for the date, path[1] is the box to link to.
type IssuePath = [CleansingField] | ['lastAccess', CleansingField];
interface Problem {
  path: IssuePath;
  message: string;
}

function checkStepsTaken(raw: string): string | null {
  const value = raw.trim();
  if (value === '') return 'Describe the steps taken so far';
  const controls = checkFreeText(value, { label: 'steps taken so far', multiline: true });
  if (controls) return controls;
  // Before length: personal data matters more than a word count.
  if (redactNhsNumbers(value).found) {
    return 'Remove the NHS number from the steps taken. Only give the last 3 digits, in their own box';
  }
  const count = characterCount(value);
  if (count < CLEANSING_LIMITS.stepsTakenMin) {
    return `Steps taken so far must be ${formatCount(CLEANSING_LIMITS.stepsTakenMin)} characters or more`;
  }
  if (count > CLEANSING_LIMITS.stepsTakenMax) {
    return `Steps taken so far must be ${formatCount(CLEANSING_LIMITS.stepsTakenMax)} characters or fewer`;
  }
  return null;
}

function checkSenderName(raw: string): string | null {
  const value = raw.trim();
  if (value === '') return 'Enter your full name';
  const controls = checkFreeText(value, { label: 'your name' });
  if (controls) return controls;
  if (characterCount(value) > CLEANSING_LIMITS.senderNameMax) {
    return `Your name must be ${formatCount(CLEANSING_LIMITS.senderNameMax)} characters or fewer`;
  }
  return null;
}

/** All checks, in form order. Output only when there are no problems. */
function checkCleansingForm(
  values: CleansingFormValues,
  now: Date,
): { problems: Problem[]; output: CleansingRequestInput | null } {
  const problems: Problem[] = [];
  const add = (path: IssuePath, message: string | null): void => {
    if (message !== null) problems.push({ path, message });
  };

  const newEmail = checkEmail(values.newEmail, CLEANSING_LABELS.newEmail);
  const oldEmail = checkEmail(values.oldEmail, CLEANSING_LABELS.oldEmail);
  if (!newEmail.ok) add(['newEmail'], newEmail.message);
  else if (oldEmail.ok && newEmail.value.toLowerCase() === oldEmail.value.toLowerCase()) {
    add(['newEmail'], 'The new email address must be different from the old email address');
  }
  if (!oldEmail.ok) add(['oldEmail'], oldEmail.message);

  const last3 = checkLast3(values.nhsNumberLast3);
  if (!last3.ok) add(['nhsNumberLast3'], last3.message);

  const lastAccess = checkDateInput(
    { day: values.lastAccessDay, month: values.lastAccessMonth, year: values.lastAccessYear },
    { label: CLEANSING_LABELS.lastAccess, required: false, now, notInFuture: true },
  );
  if (!lastAccess.ok) {
    const box = DATE_PART_FIELDS[lastAccess.field === 'all' ? 'day' : lastAccess.field];
    add(['lastAccess', box], lastAccess.message);
  }

  add(['stepsTaken'], checkStepsTaken(values.stepsTaken));
  add(['senderName'], checkSenderName(values.senderName));

  const ods = checkOdsCode(values.senderOdsCode);
  if (!ods.ok) add(['senderOdsCode'], ods.message);

  const senderEmail = checkEmail(values.senderEmail, CLEANSING_LABELS.senderEmail);
  if (!senderEmail.ok) add(['senderEmail'], senderEmail.message);

  if (problems.length > 0 || !newEmail.ok || !oldEmail.ok || !last3.ok || !lastAccess.ok || !ods.ok || !senderEmail.ok) {
    return { problems, output: null };
  }
  return {
    problems,
    output: {
      newEmail: newEmail.value,
      oldEmail: oldEmail.value,
      nhsNumberLast3: last3.value,
      lastAccessDate: lastAccess.value,
      stepsTaken: values.stepsTaken.trim(),
      senderName: values.senderName.trim(),
      senderOdsCode: ods.value,
      senderEmail: senderEmail.value,
    },
  };
}

const formValuesShape = Object.fromEntries(CLEANSING_FIELDS.map((f) => [f, z.string()])) as Record<
  CleansingField,
  z.ZodString
>;

type CleansingFormSchema = z.ZodType<CleansingRequestInput, CleansingFormValues>;

// The checks depend on "today" only through the calendar date (the date of last access must
// not be in the future), so one schema serves a whole UTC day instead of one per request.
let cached: { day: string; schema: CleansingFormSchema } | null = null;

export function cleansingFormSchema(now: Date): CleansingFormSchema {
  const day = now.toISOString().slice(0, 10);
  if (cached?.day !== day) {
    const schema = z.object(formValuesShape).transform((values, ctx) => {
      const { problems, output } = checkCleansingForm(values, now);
      for (const p of problems) ctx.addIssue({ code: 'custom', message: p.message, path: p.path });
      return output ?? z.NEVER;
    });
    cached = { day, schema };
  }
  return cached.schema;
}

function isCleansingField(key: unknown): key is CleansingField {
  return typeof key === 'string' && (CLEANSING_FIELDS as readonly string[]).includes(key);
}

function toFieldError(issue: z.core.$ZodIssue): FieldError {
  const [first, second] = issue.path;
  if (first === 'lastAccess') {
    const box = isCleansingField(second) ? second : 'lastAccessDay';
    return { field: 'lastAccess', href: `#${FIELD_IDS[box]}`, message: issue.message };
  }
  // Only a caller bypassing the types (a non-string value) lands on the fallback.
  const field = isCleansingField(first) ? first : CLEANSING_FIELDS[0];
  return { field, href: `#${FIELD_IDS[field]}`, message: issue.message };
}

/** What to show back: as typed, except NHS numbers, which are personal data we must not echo. */
function redisplayValues(values: CleansingFormValues): CleansingFormValues {
  const last3 = checkLast3(values.nhsNumberLast3);
  return {
    ...values,
    nhsNumberLast3: !last3.ok && last3.discard ? '' : values.nhsNumberLast3,
    stepsTaken: redactNhsNumbers(values.stepsTaken).text,
  };
}

export function parseCleansingForm(
  values: CleansingFormValues,
  now: Date,
):
  | { ok: true; value: CleansingRequestInput }
  | { ok: false; errors: FieldError[]; values: CleansingFormValues } {
  const result = cleansingFormSchema(now).safeParse(values);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: result.error.issues.map(toFieldError), values: redisplayValues(values) };
}
