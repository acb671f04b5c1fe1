import { randomUUID } from 'node:crypto';
import { DuplicateKeyError, type Role, type StaffChange, type StaffRepository, type StaffUser } from '../ports.js';
import { uniqueViolationOn, type Db } from './index.js';

interface Row {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  created_at: string;
  must_change_password: number;
  last_sign_in_at: string | null;
}

const toUser = (row: Row): StaffUser => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  passwordHash: row.password_hash,
  disabled: row.disabled === 1,
  createdAt: new Date(row.created_at),
  mustChangePassword: row.must_change_password === 1,
  lastSignInAt: row.last_sign_in_at === null ? null : new Date(row.last_sign_in_at),
});

/**
 * The row keeps its team-lead powers (an active team lead) unless another active team lead
 * exists. Part of the UPDATE's own WHERE: SQLite runs one statement at a time under its write
 * lock, so two leads demoting or disabling each other at once (from any process) cannot both
 * pass the check.
 */
const ANOTHER_LEAD_OR_NOT_A_LEAD = `(role <> 'team-lead' OR disabled = 1
  OR EXISTS (SELECT 1 FROM staff other WHERE other.role = 'team-lead' AND other.disabled = 0 AND other.id <> staff.id))`;

export function sqliteStaff(db: Db): StaffRepository {
  const insert = db.prepare(
    `INSERT INTO staff (id, username, username_lower, display_name, role, password_hash, disabled, created_at)
     VALUES (@id, @username, @usernameLower, @displayName, @role, @passwordHash, 0, @createdAt)`,
  );
  const byId = db.prepare<[string], Row>('SELECT * FROM staff WHERE id = ?');
  const byUsername = db.prepare<[string], Row>('SELECT * FROM staff WHERE username_lower = ?');
  const all = db.prepare<[], Row>('SELECT * FROM staff ORDER BY username_lower');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM staff');
  const enable = db.prepare<[string]>('UPDATE staff SET disabled = 0 WHERE id = ?');
  const disable = db.prepare<[string]>(`UPDATE staff SET disabled = 1 WHERE id = ? AND ${ANOTHER_LEAD_OR_NOT_A_LEAD}`);
  const makeLead = db.prepare<[string]>(`UPDATE staff SET role = 'team-lead' WHERE id = ?`);
  const makeAgent = db.prepare<[string]>(`UPDATE staff SET role = 'agent' WHERE id = ? AND ${ANOTHER_LEAD_OR_NOT_A_LEAD}`);
  const password = db.prepare<[string, number, string]>('UPDATE staff SET password_hash = ?, must_change_password = ? WHERE id = ?');
  const signedIn = db.prepare<[string, string]>('UPDATE staff SET last_sign_in_at = ? WHERE id = ?');
  const exists = db.prepare<[string], { id: string }>('SELECT id FROM staff WHERE id = ?');

  /** No row changed: the id is unknown, or the guard said no. */
  const outcome = (changes: number, id: string): StaffChange => (changes > 0 ? 'changed' : exists.get(id) ? 'last-team-lead' : 'not-found');

  return {
    async count() {
      return count.get()!.n;
    },
    async create(user) {
      const created: StaffUser = { ...user, id: randomUUID(), disabled: false, createdAt: new Date(), mustChangePassword: false, lastSignInAt: null };
      try {
        insert.run({ ...user, id: created.id, usernameLower: user.username.toLowerCase(), createdAt: created.createdAt.toISOString() });
      } catch (error) {
        if (uniqueViolationOn(error, 'username_lower')) throw new DuplicateKeyError('username');
        throw error;
      }
      return created;
    },
    async findById(id) {
      const row = byId.get(id);
      return row ? toUser(row) : null;
    },
    async findByUsername(username) {
      const row = byUsername.get(username.toLowerCase());
      return row ? toUser(row) : null;
    },
    async list() {
      return all.all().map(toUser);
    },
    async setDisabled(id, disabled) {
      return outcome((disabled ? disable : enable).run(id).changes, id);
    },
    async setRole(id, role) {
      return outcome((role === 'team-lead' ? makeLead : makeAgent).run(id).changes, id);
    },
    async setPassword(id, passwordHash, mustChange) {
      return password.run(passwordHash, mustChange ? 1 : 0, id).changes > 0 ? 'changed' : 'not-found';
    },
    async recordSignIn(id, at) {
      signedIn.run(at.toISOString(), id);
    },
  };
}
