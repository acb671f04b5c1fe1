import type { CleansingDetails, ContactDetails, HistoryEntry, MoveWhy, RequestDetails, RequestRecord } from './model.js';
import type { RequestKind } from './kinds.js';
import { STATUS_INFO, type RequestStatus } from './statuses.js';

/**
 * Retention: a set number of days after a request is Completed or Rejected, its personal
 * fields are erased and a record without personal data stays (reference, kind, dates,
 * statuses, outcome, practice ODS code). The rule and the field lists are here; the purge
 * run (start, timer, audit count) is the store's and the process's.
 */

export const DEFAULT_RETENTION_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export type RetentionState =
  | { state: 'open' }
  | { state: 'waiting'; purgeAt: Date }
  | { state: 'due'; purgeAt: Date }
  | { state: 'purged'; purgedAt: Date };

/**
 * Where a request is in its retention. `closedAt` is when it last became Completed or
 * Rejected (a reopen clears it, so a reopened request waits again from its next close).
 */
export function retentionOf(
  request: { status: RequestStatus; closedAt: Date | null; purgedAt: Date | null },
  now: Date,
  retentionDays: number = DEFAULT_RETENTION_DAYS,
): RetentionState {
  if (request.purgedAt) return { state: 'purged', purgedAt: request.purgedAt };
  if (!STATUS_INFO[request.status].final || request.closedAt === null) return { state: 'open' };
  const purgeAt = new Date(request.closedAt.getTime() + retentionDays * DAY_MS);
  return purgeAt.getTime() <= now.getTime() ? { state: 'due', purgeAt } : { state: 'waiting', purgeAt };
}

/** The store's purge query: closed at or before this moment (and not yet purged). */
export const purgeCutoff = (now: Date, retentionDays: number = DEFAULT_RETENTION_DAYS): Date => new Date(now.getTime() - retentionDays * DAY_MS);

type Fate = 'erase' | 'keep';

/**
 * Each kind's detail fields and what the purge does with them. `satisfies` makes a new field
 * a type error until someone decides its fate.
 */
export const DETAIL_RETENTION = {
  cleansing: {
    newEmail: 'erase',
    oldEmail: 'erase',
    nhsNumberLast3: 'erase',
    lastAccessDate: 'erase',
    stepsTaken: 'erase',
    senderName: 'erase',
    senderEmail: 'erase',
    senderOdsCode: 'keep',
  } satisfies Record<keyof CleansingDetails, Fate>,
  contact: {
    senderOdsCode: 'keep',
    senderName: 'erase',
    senderEmail: 'erase',
    errorCode: 'keep',
    // Tree, questions, answers, ending: the guidance's words, never typed by a person.
    checked: 'keep',
    description: 'erase',
    nhsNumberLast3: 'erase',
  } satisfies Record<keyof ContactDetails, Fate>,
} as const;

/**
 * The request's own fields: all kept except the notes' words. A history entry keeps its who,
 * when, from, to and reason id; its free text goes, as a note's does (either may hold what
 * the agent was told). Staff names stay: they are the record of who did the work.
 */
export const REQUEST_RETENTION = {
  id: 'keep',
  reference: 'keep',
  kind: 'keep',
  status: 'keep',
  version: 'keep',
  assignee: 'keep',
  lastChange: 'keep',
  source: 'keep',
  practiceOdsCode: 'keep',
  createdAt: 'keep',
  updatedAt: 'keep',
  closedAt: 'keep',
  purgedAt: 'keep',
  possibleDuplicates: 'keep',
  kept: 'keep',
  // In part: the kept fields of DETAIL_RETENTION, and history without its free text.
  details: 'in part',
  history: 'in part',
  notes: 'erase',
} as const satisfies Record<keyof RequestRecord, Fate | 'in part'>;

export const erasedFields = (kind: RequestKind): string[] =>
  Object.entries(DETAIL_RETENTION[kind]).flatMap(([field, fate]) => (fate === 'erase' ? [field] : []));
export const keptFields = (kind: RequestKind): string[] =>
  Object.entries(DETAIL_RETENTION[kind]).flatMap(([field, fate]) => (fate === 'keep' ? [field] : []));

/** What stays of the details: the kind and the kept fields only. */
export type PurgedDetails =
  | ({ kind: 'cleansing' } & Pick<CleansingDetails, 'senderOdsCode'>)
  | ({ kind: 'contact' } & Pick<ContactDetails, 'senderOdsCode' | 'errorCode' | 'checked'>);

export function purgedDetails(details: RequestDetails): PurgedDetails {
  const kept = Object.fromEntries(keptFields(details.kind).map((field) => [field, details[field as keyof typeof details]]));
  return { ...kept, kind: details.kind } as PurgedDetails;
}

const purgedWhy = (why: MoveWhy | null): MoveWhy | null => (why === null ? null : { reason: why.reason, text: null });

export const purgedHistory = (history: readonly HistoryEntry[]): HistoryEntry[] =>
  history.map((entry) => (entry.type === 'status' ? { ...entry, why: purgedWhy(entry.why) } : entry));

/** The purged request: no details but the kept fields, history without free text, no notes. */
export function purgeRequest(request: RequestRecord, now: Date): RequestRecord {
  const kept = request.kept ?? (request.details ? purgedDetails(request.details) : null);
  return { ...request, details: null, kept, history: purgedHistory(request.history), notes: [], purgedAt: request.purgedAt ?? now };
}
