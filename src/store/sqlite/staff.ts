import { randomUUID } from 'node:crypto';
import { DuplicateKeyError, type Role, type StaffRepository, type StaffUser } from '../ports.js';
import { uniqueViolationOn, type Db } from './index.js';

interface Row {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  created_at: string;
}

const toUser = (row: Row): StaffUser => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  passwordHash: row.password_hash,
  disabled: row.disabled === 1,
  createdAt: new Date(row.created_at),
});

export function sqliteStaff(db: Db): StaffRepository {
  const insert = db.prepare(
    `INSERT INTO staff (id, username, username_lower, display_name, role, password_hash, disabled, created_at)
     VALUES (@id, @username, @usernameLower, @displayName, @role, @passwordHash, 0, @createdAt)`,
  );
  const byId = db.prepare<[string], Row>('SELECT * FROM staff WHERE id = ?');
  const byUsername = db.prepare<[string], Row>('SELECT * FROM staff WHERE username_lower = ?');
  const all = db.prepare<[], Row>('SELECT * FROM staff ORDER BY username_lower');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM staff');
  const disable = db.prepare('UPDATE staff SET disabled = ? WHERE id = ?');

  return {
    async count() {
      return count.get()!.n;
    },
    async create(user) {
      const created: StaffUser = { ...user, id: randomUUID(), disabled: false, createdAt: new Date() };
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
      disable.run(disabled ? 1 : 0, id);
    },
  };
}
