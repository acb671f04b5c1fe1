import type { Store, StaffUser } from '../store/ports.js';
import { hashToken, newToken } from './tokens.js';

export const SESSION_COOKIE = 'sid';

/** Last-seen is written at most this often: the idle timeout needs minutes, not every request. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionPolicy {
  /** Absolute lifetime. */
  hours: number;
  /** Idle timeout (sliding). */
  idleMinutes: number;
}

/** The cookie's Max-Age: whole seconds, as the cookie library insists (1.1 hours is 3960 s). */
export const sessionCookieMaxAge = (hours: number): number => Math.floor(hours * 3600);

/** Starts a server-side session; returns the token for the cookie. */
export async function startSession(store: Store, userId: string, hours: number, now: Date): Promise<string> {
  const token = newToken();
  await store.sessions.create({
    tokenHash: hashToken(token),
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + sessionCookieMaxAge(hours) * 1000),
    lastSeenAt: now,
  });
  return token;
}

export type SessionCheck =
  | { status: 'none' }
  | { status: 'active'; user: StaffUser }
  /** The session had ended by time; it is deleted now. `user` is whose it was, when known. */
  | { status: 'expired'; reason: 'idle' | 'absolute'; user: StaffUser | null };

/**
 * The signed-in staff member for a cookie token. Looked up on every request, so signing out
 * or disabling an account takes effect at once; a session unused for longer than the idle
 * timeout, or past its lifetime, ends and says why (for the audit log).
 */
export async function checkSession(store: Store, token: string | undefined, now: Date, policy: SessionPolicy): Promise<SessionCheck> {
  if (!token) return { status: 'none' };
  const tokenHash = hashToken(token);
  const session = await store.sessions.lookup(tokenHash);
  if (!session) return { status: 'none' };
  const lastSeen = (session.lastSeenAt ?? session.createdAt).getTime();
  const reason = session.expiresAt.getTime() <= now.getTime() ? 'absolute' : now.getTime() - lastSeen > policy.idleMinutes * 60_000 ? 'idle' : null;
  const user = await store.staff.findById(session.userId);
  if (reason) {
    await store.sessions.delete(tokenHash);
    return { status: 'expired', reason, user };
  }
  if (!user || user.disabled) return { status: 'none' };
  if (now.getTime() - lastSeen >= TOUCH_EVERY_MS) await store.sessions.touch(tokenHash, now);
  return { status: 'active', user };
}

/** The signed-in staff member for a cookie token, or null (see checkSession). */
export async function resolveSession(store: Store, token: string | undefined, now: Date, policy: SessionPolicy): Promise<StaffUser | null> {
  const check = await checkSession(store, token, now, policy);
  return check.status === 'active' ? check.user : null;
}

export async function endSession(store: Store, token: string | undefined): Promise<void> {
  if (token) await store.sessions.delete(hashToken(token));
}
