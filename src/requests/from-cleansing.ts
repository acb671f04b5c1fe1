import type { CleansingRequest } from '../store/ports.js';
import type { HistoryEntry, Note, RequestRecord, RequestState } from './model.js';

/**
 * The stored cleansing request as the one request model (src/requests/model.ts), so the move
 * rules, the timeline and the queue rows read it as they read any kind. Until the store keeps
 * both kinds in one shape, this is the seam between them.
 */
export function cleansingRecord(stored: CleansingRequest, history: HistoryEntry[] = [], notes: Note[] = []): RequestRecord {
  const { id, reference, idempotencyKey: _key, createdAt, status, version, assignee, lastChange, closedAt, updatedAt, ...fields } = stored;
  return {
    id,
    reference,
    kind: 'cleansing',
    details: { kind: 'cleansing', ...fields },
    source: { channel: 'public' },
    practiceOdsCode: fields.senderOdsCode,
    status,
    version,
    assignee,
    closedAt,
    lastChange,
    createdAt,
    updatedAt,
    purgedAt: null,
    possibleDuplicates: [],
    history,
    notes,
  };
}

/** What the move and assignment rules read. */
export const cleansingState = (stored: CleansingRequest): RequestState => ({
  kind: 'cleansing',
  status: stored.status,
  version: stored.version,
  assignee: stored.assignee,
  closedAt: stored.closedAt,
  lastChange: stored.lastChange,
});
