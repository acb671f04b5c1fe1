import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { DuplicateKeyError, ROLES, type NewStaffUser, type Role, type StaffChange, type StaffRepository, type StaffUser } from '../ports.js';
import { COLLECTIONS, asDate, asString, duplicateKeyField, isDuplicateKeyError } from './schema.js';

interface StaffDoc {
  _id: string;
  username: string;
  /** username.toLowerCase(): the unique index makes usernames case-insensitively unique. */
  usernameLower: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  createdAt: Date;
  /** Absent on accounts from before staff admin: read as false / null. */
  mustChangePassword?: boolean;
  lastSignInAt?: Date | null;
}

/** Fields a guarded change writes: disabled, or role. */
type Guarded = { disabled: true } | { role: 'agent' };
const ACTIVE_LEAD = { role: 'team-lead' as Role, disabled: false };

function toDomain(doc: StaffDoc): StaffUser {
  return {
    id: doc._id,
    username: doc.username,
    displayName: doc.displayName,
    role: doc.role,
    passwordHash: doc.passwordHash,
    disabled: doc.disabled,
    createdAt: doc.createdAt,
    mustChangePassword: doc.mustChangePassword === true,
    lastSignInAt: doc.lastSignInAt ?? null,
  };
}

export function mongoStaffRepository(db: Db): StaffRepository {
  const staff: Collection<StaffDoc> = db.collection<StaffDoc>(COLLECTIONS.staff);

  return {
    async count() {
      return staff.countDocuments({});
    },

    async create(user: NewStaffUser) {
      const doc: StaffDoc = {
        _id: randomUUID(),
        username: asString(user.username),
        usernameLower: asString(user.username).toLowerCase(),
        displayName: asString(user.displayName),
        role: user.role,
        passwordHash: asString(user.passwordHash),
        disabled: false,
        createdAt: new Date(),
        mustChangePassword: false,
        lastSignInAt: null,
      };
      try {
        await staff.insertOne(doc);
      } catch (err) {
        // The only unique index besides _id (a fresh random UUID) is usernameLower.
        if (isDuplicateKeyError(err) && duplicateKeyField(err) !== '_id') throw new DuplicateKeyError('username');
        throw err;
      }
      return toDomain(doc);
    },

    async findById(id: string) {
      const doc = await staff.findOne({ _id: asString(id) });
      return doc ? toDomain(doc) : null;
    },

    async findByUsername(username: string) {
      const doc = await staff.findOne({ usernameLower: asString(username).toLowerCase() });
      return doc ? toDomain(doc) : null;
    },

    async list() {
      const docs = await staff.find({}).sort({ usernameLower: 1, _id: 1 }).toArray();
      return docs.map(toDomain);
    },

    async setDisabled(id: string, disabled: boolean) {
      if (typeof disabled !== 'boolean') throw new TypeError('disabled must be a boolean');
      if (disabled) return guardedChange(asString(id), { disabled: true }, { disabled: false });
      const result = await staff.updateOne({ _id: asString(id) }, { $set: { disabled: false } });
      return result.matchedCount > 0 ? 'changed' : 'not-found';
    },

    async setRole(id: string, role: Role) {
      if (!ROLES.includes(role)) throw new TypeError('unknown role');
      if (role === 'agent') return guardedChange(asString(id), { role: 'agent' }, { role: 'team-lead' });
      const result = await staff.updateOne({ _id: asString(id) }, { $set: { role } });
      return result.matchedCount > 0 ? 'changed' : 'not-found';
    },

    async setPassword(id: string, passwordHash: string, mustChange: boolean) {
      if (typeof mustChange !== 'boolean') throw new TypeError('mustChange must be a boolean');
      const result = await staff.updateOne({ _id: asString(id) }, { $set: { passwordHash: asString(passwordHash), mustChangePassword: mustChange } });
      return result.matchedCount > 0 ? 'changed' : 'not-found';
    },

    async recordSignIn(id: string, at: Date) {
      await staff.updateOne({ _id: asString(id) }, { $set: { lastSignInAt: asDate(at) } });
    },
  };

  /**
   * Disabling or demoting someone, keeping at least one active team lead. Without
   * multi-document transactions no single write can check the other documents, so: refuse when
   * the target is the only active lead; otherwise write, then count again, and when a
   * concurrent change has left no active lead, undo this one (only if it is still as written)
   * and refuse. Two leads demoting each other at once may then both be refused, never both done.
   * The write is conditional on the role and state read, so what was checked is what is changed.
   */
  async function guardedChange(id: string, change: Guarded, undo: Partial<StaffDoc>, tries = 3): Promise<StaffChange> {
    const target = await staff.findOne({ _id: id });
    if (!target) return 'not-found';
    const isActiveLead = target.role === 'team-lead' && !target.disabled;
    if (isActiveLead && (await staff.countDocuments({ ...ACTIVE_LEAD, _id: { $ne: id } }, { limit: 1 })) === 0) return 'last-team-lead';
    const written = await staff.updateOne({ _id: id, role: target.role, disabled: target.disabled }, { $set: change });
    // Changed by someone else since it was read: read and check again.
    if (written.matchedCount === 0) return tries > 1 ? guardedChange(id, change, undo, tries - 1) : 'last-team-lead';
    if (isActiveLead && (await staff.countDocuments(ACTIVE_LEAD, { limit: 1 })) === 0) {
      await staff.updateOne({ _id: id, ...change }, { $set: undo });
      return 'last-team-lead';
    }
    return 'changed';
  }
}
