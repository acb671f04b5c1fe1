import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { DuplicateKeyError, type NewStaffUser, type Role, type StaffRepository, type StaffUser } from '../ports.js';
import { COLLECTIONS, asString, duplicateKeyField, isDuplicateKeyError } from './schema.js';

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
}

function toDomain(doc: StaffDoc): StaffUser {
  return {
    id: doc._id,
    username: doc.username,
    displayName: doc.displayName,
    role: doc.role,
    passwordHash: doc.passwordHash,
    disabled: doc.disabled,
    createdAt: doc.createdAt,
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
      await staff.updateOne({ _id: asString(id) }, { $set: { disabled } });
    },
  };
}
