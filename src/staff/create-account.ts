import { fieldErrors, type FieldError } from '../forms/field-errors.js';
import { DuplicateKeyError, type NewStaffUser, type Role, type StaffUser, type Store } from '../store/ports.js';
import { newStaffSchema } from './forms.js';
import { hashPassword } from './passwords.js';

export const NEW_STAFF_FIELDS = {
  username: 'username',
  displayName: 'display-name',
  role: 'role',
  password: 'password',
  confirmPassword: 'confirm-password',
};

export type CreateAccountResult = { ok: true; user: StaffUser } | { ok: false; errors: FieldError[] };
export type PreparedAccount = { ok: true; account: NewStaffUser } | { ok: false; errors: FieldError[] };

/** Validates a new-account form and hashes its password (argon2id): all but the write. */
export async function prepareStaffAccount(values: Record<string, string>, forceRole?: Role): Promise<PreparedAccount> {
  const parsed = newStaffSchema.safeParse(forceRole ? { ...values, role: forceRole } : values);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues, NEW_STAFF_FIELDS) };
  const { username, displayName, role, password } = parsed.data;
  return { ok: true, account: { username, displayName, role: role as Role, passwordHash: await hashPassword(password) } };
}

/** Stores a prepared account; a taken username is a field error. */
export async function storeStaffAccount(store: Store, account: NewStaffUser): Promise<CreateAccountResult> {
  try {
    return { ok: true, user: await store.staff.create(account) };
  } catch (error) {
    if (error instanceof DuplicateKeyError) {
      return { ok: false, errors: [{ field: 'username', href: '#username', message: 'That username is already taken. Choose another' }] };
    }
    throw error;
  }
}

/** Validates a new-account form and stores the account with an argon2id hash of its password. */
export async function createStaffAccount(store: Store, values: Record<string, string>, forceRole?: Role): Promise<CreateAccountResult> {
  const prepared = await prepareStaffAccount(values, forceRole);
  return prepared.ok ? storeStaffAccount(store, prepared.account) : prepared;
}
