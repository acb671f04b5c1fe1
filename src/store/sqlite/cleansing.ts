import { randomUUID } from 'node:crypto';
import { DuplicateKeyError, type CleansingRepository, type CleansingRequest, type CleansingStatus } from '../ports.js';
import type { StaffRef } from '../../requests/model.js';
import { insertAuditEvent } from './audit.js';
import { sqliteCasework } from './casework.js';
import { groupCommit } from './group-commit.js';
import { uniqueViolationOn, type Db } from './index.js';

interface Row {
  id: string;
  reference: string;
  idempotency_key: string;
  new_email: string;
  old_email: string;
  nhs_number_last3: string;
  last_access_date: string | null;
  steps_taken: string;
  sender_name: string;
  sender_ods_code: string;
  sender_email: string;
  status: CleansingStatus;
  created_at: string;
  version: number;
  assignee: string | null;
  last_change_at: string;
  last_change_by: string | null;
  closed_at: string | null;
  updated_at: string;
}

const staffRef = (json: string | null): StaffRef | null => (json === null ? null : (JSON.parse(json) as StaffRef));

const toRequest = (row: Row): CleansingRequest => ({
  id: row.id,
  reference: row.reference,
  idempotencyKey: row.idempotency_key,
  newEmail: row.new_email,
  oldEmail: row.old_email,
  nhsNumberLast3: row.nhs_number_last3,
  lastAccessDate: row.last_access_date,
  stepsTaken: row.steps_taken,
  senderName: row.sender_name,
  senderOdsCode: row.sender_ods_code,
  senderEmail: row.sender_email,
  status: row.status,
  createdAt: new Date(row.created_at),
  version: row.version,
  assignee: staffRef(row.assignee),
  lastChange: { at: new Date(row.last_change_at), by: staffRef(row.last_change_by) },
  closedAt: row.closed_at === null ? null : new Date(row.closed_at),
  updatedAt: new Date(row.updated_at),
});

export type { Row as CleansingRow };

export function sqliteCleansing(db: Db): CleansingRepository {
  const insert = db.prepare(
    `INSERT INTO cleansing_requests (id, reference, idempotency_key, new_email, old_email, nhs_number_last3,
       last_access_date, steps_taken, sender_name, sender_ods_code, sender_email, status, created_at, version,
       last_change_at, updated_at)
     VALUES (@id, @reference, @idempotencyKey, @newEmail, @oldEmail, @nhsNumberLast3, @lastAccessDate,
       @stepsTaken, @senderName, @senderOdsCode, @senderEmail, 'new', @createdAt, 1, @createdAt, @createdAt)`,
  );
  const byKey = db.prepare<[string], Row>('SELECT * FROM cleansing_requests WHERE idempotency_key = ?');
  const byReference = db.prepare<[string], Row>('SELECT * FROM cleansing_requests WHERE reference = ?');
  const newest = db.prepare<[number], Row>('SELECT * FROM cleansing_requests ORDER BY created_at DESC, id DESC LIMIT ?');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM cleansing_requests');
  const insertAudit = insertAuditEvent(db);

  type Input = Parameters<CleansingRepository['create']>;
  // The request and its audit event are stored together or not at all (one savepoint), and
  // submissions arriving together share one commit (see group-commit.ts).
  const createInBatch = groupCommit(db, ({ request, auditFor }: { request: Input[0]; auditFor: Input[1] }) => {
    const stored: CleansingRequest = {
      ...request,
      id: randomUUID(),
      status: 'new',
      version: 1,
      assignee: null,
      lastChange: { at: request.createdAt, by: null },
      closedAt: null,
      updatedAt: request.createdAt,
    };
    try {
      insert.run({ ...request, id: stored.id, createdAt: request.createdAt.toISOString() });
    } catch (error) {
      if (uniqueViolationOn(error, 'idempotency_key')) {
        const existing = byKey.get(request.idempotencyKey);
        if (existing) return { request: toRequest(existing), created: false };
      }
      if (uniqueViolationOn(error, 'reference')) throw new DuplicateKeyError('reference');
      throw error;
    }
    insertAudit(auditFor(stored));
    return { request: stored, created: true };
  });

  return {
    ...sqliteCasework(db, toRequest),
    create: (request, auditFor) => createInBatch({ request, auditFor }),
    async findByReference(reference) {
      const row = byReference.get(reference);
      return row ? toRequest(row) : null;
    },
    async list({ limit }) {
      return newest.all(limit).map(toRequest);
    },
    async count() {
      return count.get()!.n;
    },
  };
}
