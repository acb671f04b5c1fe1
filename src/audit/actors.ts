import type { AuditActor, StaffUser } from '../store/ports.js';

/** Who did it, as the audit log records it: an id and a username, nothing else. */
export const staffActor = (user: Pick<StaffUser, 'id' | 'username'>): AuditActor => ({ userId: user.id, username: user.username });

/** GP-practice staff using the public pages: anonymous by design. */
export const PUBLIC_ACTOR: AuditActor = { userId: null, username: null };
