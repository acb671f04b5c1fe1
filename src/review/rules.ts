import type { StaffRef } from '../requests/model.js';
import type { ReviewQuery, Role, StaffUser } from '../store/ports.js';

/**
 * Who may do what in a four-eyes review. Team leads review: they mark requests and days as
 * reviewed and raise queries. The agent a query is addressed to answers it, and nobody else
 * does, so the answer is always the word of the person asked.
 */

export const mayMark = (role: Role): boolean => role === 'team-lead';
export const mayRaise = (role: Role): boolean => role === 'team-lead';

export type AnswerRight = 'allowed' | 'not-addressed' | 'answered';

export function mayAnswer(query: ReviewQuery, staff: { id: string }): AnswerRight {
  if (query.to.userId !== staff.id) return 'not-addressed';
  return query.answer === null ? 'allowed' : 'answered';
}

export const staffRef = (user: Pick<StaffUser, 'id' | 'username' | 'displayName'>): StaffRef => ({
  userId: user.id,
  username: user.username,
  displayName: user.displayName,
});

/** What the request says about who worked on it. */
export interface WorkedBy {
  assignee: StaffRef | null;
  lastChangeBy: StaffRef | null;
}

/**
 * Whom a query goes to when the lead does not pick: the request's assignee, else whoever last
 * changed it; never the lead themselves (four eyes), nor someone who can no longer sign in.
 */
export function defaultAddressee(worked: WorkedBy, lead: { id: string }, staff: readonly StaffUser[]): StaffUser | null {
  for (const ref of [worked.assignee, worked.lastChangeBy]) {
    if (ref === null || ref.userId === lead.id) continue;
    const user = staff.find((u) => u.id === ref.userId);
    if (user && !user.disabled) return user;
  }
  return null;
}

/** Whom the lead may pick: the default one, and any active agent; not the lead. */
export function addresseeChoices(worked: WorkedBy, lead: { id: string }, staff: readonly StaffUser[]): StaffUser[] {
  const first = defaultAddressee(worked, lead, staff);
  const agents = staff.filter((u) => u.role === 'agent' && !u.disabled && u.id !== lead.id && u.id !== first?.id);
  return [...(first ? [first] : []), ...agents];
}

export type Addressee = { ok: true; to: StaffUser } | { ok: false; message: string };

/** The lead's pick ('' for the default) checked against the choices. */
export function chooseAddressee(picked: string, worked: WorkedBy, lead: { id: string }, staff: readonly StaffUser[]): Addressee {
  if (picked === '') {
    const first = defaultAddressee(worked, lead, staff);
    return first ? { ok: true, to: first } : { ok: false, message: 'Select the agent the query is for' };
  }
  if (picked === lead.id) return { ok: false, message: 'Select someone else: a query is for another person to answer' };
  const chosen = addresseeChoices(worked, lead, staff).find((u) => u.id === picked);
  return chosen ? { ok: true, to: chosen } : { ok: false, message: 'Select an agent from the list: that person cannot be sent a query' };
}
