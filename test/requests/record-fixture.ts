import { createdEntry } from '../../src/requests/changes.js';
import type { RequestDetails, RequestRecord, StaffRef } from '../../src/requests/model.js';
import type { RequestSource } from '../../src/store/ports.js';

/** A new request of either kind as the desk reads one back: New, version 1, created in its history. */
export function newRecord(input: { details: RequestDetails; source: RequestSource; reference: string; at: Date; by: StaffRef | null; possibleDuplicates: string[] }): RequestRecord {
  const created = createdEntry(input.at, input.by);
  return {
    id: '1',
    reference: input.reference,
    kind: input.details.kind,
    details: input.details,
    kept: null,
    source: input.source,
    practiceOdsCode: input.details.senderOdsCode,
    status: 'new',
    version: 1,
    assignee: null,
    lastChange: { at: input.at, by: input.by },
    createdAt: input.at,
    updatedAt: input.at,
    closedAt: null,
    purgedAt: null,
    possibleDuplicates: input.possibleDuplicates,
    history: [created],
    notes: [],
  };
}
