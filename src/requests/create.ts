import { createdEntry } from './changes.js';
import type { RequestRecord, RequestDetails, StaffRef } from './model.js';
import { INITIAL_STATUS } from './statuses.js';

/** What the store is asked to insert: everything but the id it gives. */
export type NewRequestRecord = Omit<RequestRecord, 'id'>;

export interface CreateInput {
  details: RequestDetails;
  source: RequestRecord['source'];
  reference: string;
  at: Date;
  /** The agent who wrote it up from a ticket, or null for the public form. */
  by: StaffRef | null;
  /** References of open requests the duplicate check matched. */
  possibleDuplicates: readonly string[];
}

/** A new request of either kind: New, version 1, its first history entry. */
export function newRequestRecord(input: CreateInput): NewRequestRecord {
  const created = createdEntry(input.at, input.by);
  return {
    reference: input.reference,
    kind: input.details.kind,
    details: input.details,
    source: input.source,
    practiceOdsCode: input.details.senderOdsCode,
    status: INITIAL_STATUS,
    version: created.version,
    assignee: null,
    lastChange: { at: created.at, by: created.by },
    createdAt: input.at,
    updatedAt: input.at,
    closedAt: null,
    purgedAt: null,
    possibleDuplicates: [...input.possibleDuplicates],
    history: [created],
    notes: [],
  };
}
