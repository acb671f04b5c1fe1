import type { CleansingRequestInput, RequestSource, Role } from '../store/ports.js';
import type { PurgedDetails } from './retention.js';
import type { RequestKind } from './kinds.js';
import type { RequestStatus } from './statuses.js';

/**
 * One request, whatever its kind. What every kind shares (reference, status, version,
 * assignee, history, notes, dates, practice) sits on the request; what differs sits in
 * `details`, a union tagged by `kind`, so a function that needs one kind's fields narrows on
 * `details.kind` and everything else never looks inside.
 */

/** Seed 004's cleansing-request fields, as the cleansing form gives them. */
export type CleansingDetails = CleansingRequestInput;

/** One answered step of the tree path the sender walked, in the words they saw. */
export interface CheckedStep {
  nodeId: string;
  question: string;
  answer: string;
  answerLabel: string;
}

/** "What was checked": built from the tree path (src/requests/checked.ts), never typed in. */
export interface CheckedPath {
  treeId: string;
  treeTitle: string;
  treeVersion: number;
  /** The answers, so the path can be replayed against the tree again. */
  answers: string[];
  steps: CheckedStep[];
  ending: { nodeId: string; title: string };
}

/** The GP contact form's fields. */
export interface ContactDetails {
  senderOdsCode: string;
  senderName: string;
  senderEmail: string;
  /** As the patient saw it ("3Rswtr", "CID7004"), or null. */
  errorCode: string | null;
  checked: CheckedPath | null;
  description: string;
  nhsNumberLast3: string | null;
}

export type RequestDetails = ({ kind: 'cleansing' } & CleansingDetails) | ({ kind: 'contact' } & ContactDetails);

/** A member of staff as history and the conflict message name them. */
export interface StaffRef {
  userId: string;
  username: string;
  displayName: string;
}

/** Who is acting: a signed-in member of staff and their role. */
export interface Actor extends StaffRef {
  role: Role;
}

/** Why a move was made: a reason id (rejections) and/or the agent's words. */
export interface MoveWhy {
  reason: string | null;
  text: string | null;
}

interface EntryBase {
  at: Date;
  /** Null only for a request the public form created. */
  by: StaffRef | null;
  /** The request's version this change produced. */
  version: number;
}

/** The read-only timeline (Zendesk audits, Zammad history): append-only. */
export type HistoryEntry =
  | (EntryBase & { type: 'created'; status: RequestStatus })
  | (EntryBase & { type: 'status'; from: RequestStatus; to: RequestStatus; why: MoveWhy | null })
  | (EntryBase & { type: 'assignment'; from: StaffRef | null; to: StaffRef | null });

export interface Note {
  at: Date;
  by: StaffRef;
  text: string;
  /** Emails or dates the guard held and the agent confirmed are not the patient's. */
  confirmedNotPatient: boolean;
}

/** What the move and assignment rules read. The store keeps the rest. */
export interface RequestState {
  kind: RequestKind;
  status: RequestStatus;
  /** Optimistic-concurrency version: starts at 1, +1 on every change. */
  version: number;
  assignee: StaffRef | null;
  /** When it last became Completed or Rejected; null while open. Retention counts from here. */
  closedAt: Date | null;
  /** The entry that made the current version (the conflict message names its who and when). */
  lastChange: Pick<HistoryEntry, 'at' | 'by'>;
}

export interface RequestRecord extends RequestState {
  id: string;
  reference: string;
  /** The kind's fields; null once the retention purge has erased them (see `kept`). */
  details: RequestDetails | null;
  /** What the purge kept of the details (src/requests/retention.ts); null before it. */
  kept: PurgedDetails | null;
  /** Where the request came from: GP staff on the public form, or an agent from a ticket. */
  source: RequestSource;
  /** Kept through the purge: both kinds name the practice, and the queue filters by it. */
  practiceOdsCode: string;
  createdAt: Date;
  updatedAt: Date;
  /** Set once the retention purge has erased the personal fields. */
  purgedAt: Date | null;
  /** References of open requests this one may duplicate (the duplicate check links both ways). */
  possibleDuplicates: string[];
  history: HistoryEntry[];
  notes: Note[];
}

export const practiceOf = (details: RequestDetails): string => details.senderOdsCode;
