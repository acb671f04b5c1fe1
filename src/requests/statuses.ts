import type { Role } from '../store/ports.js';
import type { RequestKind } from './kinds.js';

/**
 * Statuses and the moves between them, as data. Everything that offers, checks or explains a
 * move reads these tables; adding a status or a move is a row here, not a new branch.
 */

export const STATUSES = ['new', 'in-progress', 'waiting-for-practice', 'completed', 'rejected'] as const;
export type RequestStatus = (typeof STATUSES)[number];

export interface StatusInfo {
  /** As the page shows it. */
  label: string;
  /** Closed: the request leaves the open queue, duplicates no longer match it, retention starts. */
  final: boolean;
}

export const STATUS_INFO: Readonly<Record<RequestStatus, StatusInfo>> = {
  new: { label: 'New', final: false },
  'in-progress': { label: 'In progress', final: false },
  'waiting-for-practice': { label: 'Waiting for practice', final: false },
  completed: { label: 'Completed', final: true },
  rejected: { label: 'Rejected', final: true },
};

export const INITIAL_STATUS: RequestStatus = 'new';

/** Statuses a request is open in, for the queue's default filter and the duplicate check. */
export const OPEN_STATUSES: readonly RequestStatus[] = STATUSES.filter((s) => !STATUS_INFO[s].final);

/**
 * What a move must carry besides who and when:
 * - rejection: a reason from REJECTION_REASONS plus text;
 * - what-was-done: text saying what was done (only for the kinds listed in WHAT_WAS_DONE);
 * - reopen-reason: text saying why a closed request is reopened.
 */
export type MoveNeed = 'rejection' | 'what-was-done' | 'reopen-reason';

export interface Move {
  from: RequestStatus;
  to: RequestStatus;
  /** The button's words. */
  action: string;
  roles: readonly Role[];
  needs: MoveNeed | null;
}

const ANY_STAFF: readonly Role[] = ['agent', 'team-lead'];
const TEAM_LEAD: readonly Role[] = ['team-lead'];

export const MOVES: readonly Move[] = [
  { from: 'new', to: 'in-progress', action: 'Start work', roles: ANY_STAFF, needs: null },
  { from: 'in-progress', to: 'waiting-for-practice', action: 'Wait for the practice', roles: ANY_STAFF, needs: null },
  { from: 'in-progress', to: 'completed', action: 'Complete', roles: ANY_STAFF, needs: 'what-was-done' },
  { from: 'in-progress', to: 'rejected', action: 'Reject', roles: ANY_STAFF, needs: 'rejection' },
  { from: 'waiting-for-practice', to: 'in-progress', action: 'Resume work', roles: ANY_STAFF, needs: null },
  { from: 'completed', to: 'in-progress', action: 'Reopen', roles: TEAM_LEAD, needs: 'reopen-reason' },
  { from: 'rejected', to: 'in-progress', action: 'Reopen', roles: TEAM_LEAD, needs: 'reopen-reason' },
];

/** Which kinds must say what was done to be Completed (seed 004's cleansing: the account was cleansed, or not). */
export const WHAT_WAS_DONE: Readonly<Record<RequestKind, 'required' | 'optional'>> = {
  cleansing: 'required',
  contact: 'optional',
};

export interface RejectionReason {
  id: string;
  label: string;
  /** Said to the agent under the choice: what the reason means for the patient. */
  hint: string | null;
  kinds: readonly RequestKind[];
}

export const REJECTION_REASONS: readonly RejectionReason[] = [
  {
    id: 'information-missing-or-wrong',
    label: 'The information is missing or wrong',
    // Seed 004: "If the patient cannot provide the information or if the answers are incorrect".
    hint: 'The account needs a reset: the patient re-links to their NHS number and may have to prove who they are again',
    kinds: ['cleansing'],
  },
  {
    id: 'account-still-reachable',
    label: 'The patient can still get into the account',
    // Seed 004's other branches: they remember the password, or can still open the old email.
    hint: 'They can change the email after logging in, or use the forgotten password link sent to the old email',
    kinds: ['cleansing'],
  },
  {
    id: 'practice-can-reset',
    label: 'The practice can reset the account',
    // Seed 004: the GP can reset an account that only has low-level verification (P0).
    hint: 'The patient only has low-level verification (P0): the GP practice can reset the online account',
    kinds: ['cleansing'],
  },
  {
    id: 'practice-checks-not-done',
    label: 'The practice checks have not been done',
    // Seed 004's can't-connect fixes come before the contact form.
    hint: 'Ask the practice to do the checks in the guidance first (online account, PDS/Spine sync, not archived)',
    kinds: ['contact'],
  },
  { id: 'duplicate', label: 'It is a duplicate of another request', hint: null, kinds: ['cleansing', 'contact'] },
  { id: 'other', label: 'Another reason', hint: null, kinds: ['cleansing', 'contact'] },
];

export function isStatus(value: unknown): value is RequestStatus {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

export const statusLabel = (status: RequestStatus): string => STATUS_INFO[status].label;

/** The row for from → to, or undefined when the table has none. */
export const findMove = (from: RequestStatus, to: RequestStatus): Move | undefined =>
  MOVES.find((move) => move.from === from && move.to === to);

/** The moves to offer on the page: from this status, for this role. */
export const movesOffered = (from: RequestStatus, role: Role): Move[] =>
  MOVES.filter((move) => move.from === from && move.roles.includes(role));

export const rejectionReasonsFor = (kind: RequestKind): RejectionReason[] =>
  REJECTION_REASONS.filter((reason) => reason.kinds.includes(kind));
