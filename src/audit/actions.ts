/**
 * The audit log's vocabulary: every action the service records, as data. Each says in words
 * what happened (for the audit page and export) and what its reference is, so the page can
 * link it to the request, staff account or triage it concerns. References are never personal
 * data (request references, usernames, triage ids, dates), so a retention purge never has to
 * touch the log.
 */
export type ReferenceKind =
  /** A request reference: links to /staff/requests/<ref>. */
  | 'request'
  /** A staff username: links to the staff accounts page. */
  | 'staff'
  /** A triage id: links to /staff/triage/<id>. */
  | 'triage'
  /** A calendar day (YYYY-MM-DD), e.g. a day's events marked reviewed. */
  | 'day'
  /** The username as typed at a failed sign-in: shown, never linked (it may not exist). */
  | 'typed-username'
  /** A number (how many records a run touched): shown, never linked. */
  | 'count'
  | 'none';

export interface ActionSpec {
  action: string;
  text: string;
  reference: ReferenceKind;
}

export const AUDIT_ACTIONS = [
  { action: 'staff.first-team-lead-created', text: 'Created the first team lead (set-up)', reference: 'none' },
  { action: 'staff.signed-in', text: 'Signed in', reference: 'none' },
  { action: 'staff.sign-in-failed:wrong-password', text: 'Failed sign-in: wrong password', reference: 'typed-username' },
  { action: 'staff.sign-in-failed:unknown-username', text: 'Failed sign-in: no account with that username', reference: 'typed-username' },
  { action: 'staff.sign-in-failed:disabled', text: 'Failed sign-in: the account is disabled', reference: 'typed-username' },
  { action: 'staff.sign-in-failed:locked', text: 'Sign-in refused: the username is locked', reference: 'typed-username' },
  { action: 'staff.sign-in-failed:too-many-from-address', text: 'Sign-in refused: too many failures from that address', reference: 'typed-username' },
  { action: 'staff.signed-out', text: 'Signed out', reference: 'none' },
  { action: 'staff.session-expired-idle', text: 'Session ended after being idle', reference: 'none' },
  { action: 'staff.session-expired-absolute', text: 'Session reached its time limit', reference: 'none' },
  { action: 'staff.created:agent', text: 'Created an agent account', reference: 'staff' },
  { action: 'staff.created:team-lead', text: 'Created a team lead account', reference: 'staff' },
  { action: 'staff.disabled', text: 'Disabled a staff account', reference: 'staff' },
  { action: 'staff.enabled', text: 'Re-enabled a staff account', reference: 'staff' },
  { action: 'staff.role-changed', text: "Changed a staff member's role", reference: 'staff' },
  { action: 'staff.password-reset', text: 'Reset a password', reference: 'staff' },
  { action: 'staff.password-changed', text: 'Changed their own password', reference: 'staff' },
  { action: 'staff.sign-in-lock-lifted', text: 'Lifted a sign-in lock', reference: 'staff' },
  { action: 'requests.listed', text: 'Opened the request queue', reference: 'none' },
  { action: 'request.created', text: 'Request created', reference: 'request' },
  { action: 'request.viewed', text: 'Viewed a request in full', reference: 'request' },
  { action: 'request.status-changed', text: "Changed a request's status", reference: 'request' },
  { action: 'request.assigned', text: 'Assigned a request', reference: 'request' },
  { action: 'request.note-added', text: 'Added a note to a request', reference: 'request' },
  { action: 'requests.purged', text: 'Retention purge ran (the reference is how many requests it erased)', reference: 'count' },
  { action: 'requests.exported', text: 'Exported requests without personal data', reference: 'none' },
  { action: 'requests.exported-with-personal-data', text: 'Exported requests with personal data', reference: 'none' },
  { action: 'requests.progress-checked', text: 'GP staff checked the progress of a request', reference: 'request' },
  // Names used before both kinds shared one queue: kept so older events read in words.
  { action: 'cleansing-requests.listed', text: 'Opened the cleansing request queue (older events)', reference: 'none' },
  { action: 'cleansing-request.created', text: 'Cleansing request created (older events)', reference: 'request' },
  { action: 'cleansing-request.viewed', text: 'Viewed a request in full (older events)', reference: 'request' },
  { action: 'cleansing-request.status-changed', text: "Changed a request's status (older events)", reference: 'request' },
  { action: 'cleansing-request.assigned', text: 'Assigned a request (older events)', reference: 'request' },
  { action: 'cleansing-request.note-added', text: 'Added a note to a request (older events)', reference: 'request' },
  { action: 'triage.started', text: 'Started a triage', reference: 'triage' },
  { action: 'triage.finished', text: 'Finished a triage', reference: 'triage' },
  { action: 'triage.cleansing-request-created', text: 'Raised a cleansing request from a triage', reference: 'request' },
  { action: 'audit.viewed', text: 'Viewed the audit log', reference: 'none' },
  { action: 'figures.viewed', text: 'Viewed the figures (for the date range)', reference: 'none' },
  { action: 'audit.exported', text: 'Exported the audit log', reference: 'none' },
  { action: 'audit.verified', text: "Checked the audit log's integrity", reference: 'none' },
  { action: 'review.request-reviewed', text: 'Marked a request reviewed', reference: 'request' },
  { action: 'review.day-reviewed', text: "Marked a day's events reviewed", reference: 'day' },
  { action: 'review.query-raised', text: 'Raised a review query', reference: 'request' },
  { action: 'review.query-answered', text: 'Answered a review query', reference: 'request' },
  { action: 'review.sample-drawn', text: "Drew a random sample of a day's completed requests", reference: 'day' },
] as const satisfies readonly ActionSpec[];

export type AuditAction = (typeof AUDIT_ACTIONS)[number]['action'];

const BY_ACTION: ReadonlyMap<string, ActionSpec> = new Map(AUDIT_ACTIONS.map((spec) => [spec.action, spec]));

/** The spec for a stored action; one recorded under a name not (or no longer) listed is shown as stored. */
export function actionSpec(action: string): ActionSpec {
  return BY_ACTION.get(action) ?? { action, text: action, reference: 'none' };
}

export const isAuditAction = (value: string): value is AuditAction => BY_ACTION.has(value);

/** Where an event's reference leads in the staff area, or null when it leads nowhere. */
export function referenceHref(action: string, reference: string | null): string | null {
  if (reference === null) return null;
  const ref = encodeURIComponent(reference);
  switch (actionSpec(action).reference) {
    case 'request':
      return `/staff/requests/${ref}`;
    case 'staff':
      return `/staff/users#${ref}`;
    case 'triage':
      return `/staff/triage/${ref}`;
    case 'day':
      return `/staff/audit?from=${ref}&to=${ref}`;
    default:
      return null;
  }
}
