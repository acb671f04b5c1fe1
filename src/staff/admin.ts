import type { Role, StaffChange, StaffUser } from '../store/ports.js';

/**
 * The staff-admin rules that are about who acts: nobody disables or demotes themselves (the
 * store keeps the other rule, that an active team lead always remains, race-safely).
 */
export type AdminAction = 'disable' | 'change-role' | 'reset-password';

/** Why a team lead may not do this to this account, or null when they may. */
export function selfRefusal(actor: Pick<StaffUser, 'id'>, target: Pick<StaffUser, 'id'>, action: AdminAction): string | null {
  if (actor.id !== target.id) return null;
  switch (action) {
    case 'disable':
      return 'You cannot disable your own account. Ask another team lead to do it';
    case 'change-role':
      return 'You cannot change your own role. Ask another team lead to do it';
    case 'reset-password':
      return 'You cannot reset your own password here. Change it from your account instead';
  }
}

/** What to tell the team lead when the store refused a change. */
export function changeRefusal(change: StaffChange, target: Pick<StaffUser, 'displayName'>, action: 'disable' | 'change-role'): string | null {
  if (change !== 'last-team-lead') return null;
  const what = action === 'disable' ? 'disabled' : 'made an agent';
  return `${target.displayName} is the only active team lead, so they cannot be ${what}. Make someone else a team lead first`;
}

export const roleName = (role: Role): string => (role === 'team-lead' ? 'Team lead' : 'Agent');
