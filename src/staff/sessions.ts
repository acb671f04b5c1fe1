import type { Store, StaffUser } from '../store/ports.js';
import { hashToken, newToken } from './tokens.js';

export const SESSION_COOKIE = 'sid';

/** Starts a server-side session; returns the token for the cookie. */
export async function startSession(store: Store, userId: string, hours: number, now: Date): Promise<string> {
  const token = newToken();
  await store.sessions.create({
    tokenHash: hashToken(token),
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + hours * 3_600_000),
  });
  return token;
}

/**
 * The signed-in staff member for a cookie token, or null. Looked up on every request, so
 * signing out or disabling an account takes effect at once.
 */
export async function resolveSession(store: Store, token: string | undefined, now: Date): Promise<StaffUser | null> {
  if (!token) return null;
  const session = await store.sessions.find(hashToken(token), now);
  if (!session) return null;
  const user = await store.staff.findById(session.userId);
  return user && !user.disabled ? user : null;
}

export async function endSession(store: Store, token: string | undefined): Promise<void> {
  if (token) await store.sessions.delete(hashToken(token));
}
