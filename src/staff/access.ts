import type { Role } from '../store/ports.js';

/**
 * Who may use each staff route, in one table: method and route pattern (as registered under
 * /staff) → 'public' (no sign-in), 'staff' (any signed-in staff member) or the roles allowed.
 * The staff area's hook enforces it on the server for every request, and a test tries every
 * registered staff route with no session, as an agent and as a team lead, against it.
 */
export type Access = 'public' | 'staff' | readonly Role[];

const TEAM_LEADS: readonly Role[] = ['team-lead'];

export const STAFF_ACCESS: Readonly<Record<string, Access>> = {
  'GET /staff/sign-in': 'public',
  'POST /staff/sign-in': 'public',
  // Signing out works (and does nothing) without a session.
  'POST /staff/sign-out': 'public',
  'GET /staff': 'staff',
  'GET /staff/requests': 'staff',
  'GET /staff/requests/export.csv': TEAM_LEADS,
  'GET /staff/requests/new': 'staff',
  'GET /staff/requests/new/:kind': 'staff',
  'POST /staff/requests/new/:kind': 'staff',
  'GET /staff/requests/:reference': 'staff',
  'POST /staff/requests/:reference/status': 'staff',
  'POST /staff/requests/:reference/assign': 'staff',
  'POST /staff/requests/:reference/notes': 'staff',
  'GET /staff/triage': 'staff',
  'POST /staff/triage': 'staff',
  'GET /staff/triage/:id': 'staff',
  'POST /staff/triage/:id/answer': 'staff',
  'POST /staff/triage/:id/back': 'staff',
  'POST /staff/triage/:id/check': 'staff',
  'GET /staff/triage/:id/cleansing-request': 'staff',
  'POST /staff/triage/:id/cleansing-request': 'staff',
  'GET /staff/triage/:id/summary': 'staff',
  'GET /staff/users': TEAM_LEADS,
  'GET /staff/users/new': TEAM_LEADS,
  'POST /staff/users/new': TEAM_LEADS,
  'POST /staff/users/:id/disable': TEAM_LEADS,
  'POST /staff/users/:id/enable': TEAM_LEADS,
  'POST /staff/users/:id/unlock': TEAM_LEADS,
  'GET /staff/users/:id/password': TEAM_LEADS,
  'POST /staff/users/:id/password': TEAM_LEADS,
  'GET /staff/users/:id/role': TEAM_LEADS,
  'POST /staff/users/:id/role': TEAM_LEADS,
  // Your own account: every staff member.
  'GET /staff/account': 'staff',
  'GET /staff/account/password': 'staff',
  'POST /staff/account/password': 'staff',
  'GET /staff/audit': TEAM_LEADS,
  'GET /staff/audit/export.csv': TEAM_LEADS,
  'GET /staff/audit/verify': TEAM_LEADS,
  'POST /staff/audit/verify': TEAM_LEADS,
  'GET /staff/figures': TEAM_LEADS,
  // Four-eyes review: team leads mark and raise; the agent a query is for answers it (the route checks who).
  'POST /staff/requests/:reference/review': TEAM_LEADS,
  'POST /staff/requests/:reference/queries': TEAM_LEADS,
  'POST /staff/queries/:id/answer': 'staff',
  'GET /staff/queries': 'staff',
  'GET /staff/reviews': TEAM_LEADS,
  'GET /staff/reviews/sample': TEAM_LEADS,
  'POST /staff/reviews/days': TEAM_LEADS,
};

/** A HEAD request is answered by its GET route, and allowed as that route is. */
export function accessFor(method: string, url: string): Access | undefined {
  return STAFF_ACCESS[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}

export type Verdict = 'allowed' | 'sign-in' | 'forbidden';

/** What the table says about this person on this route. */
export function verdict(access: Access, role: Role | null): Verdict {
  if (access === 'public') return 'allowed';
  if (role === null) return 'sign-in';
  if (access === 'staff') return 'allowed';
  return access.includes(role) ? 'allowed' : 'forbidden';
}
