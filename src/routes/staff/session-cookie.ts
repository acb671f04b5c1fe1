import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffUser } from '../../store/ports.js';
import { endSession, SESSION_COOKIE, sessionCookieMaxAge, startSession, type SessionPolicy } from '../../staff/sessions.js';

export const sessionPolicy = (app: FastifyInstance): SessionPolicy => ({
  hours: app.config.STAFF_SESSION_HOURS,
  idleMinutes: app.config.STAFF_IDLE_MINUTES,
});

export const sessionCookieOptions = (app: FastifyInstance) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: app.config.SECURE_COOKIES,
});

/**
 * Signs a staff member in on this browser: the session it held before (if any) is deleted,
 * a new one starts, and the CSRF secret is replaced.
 */
export async function signInBrowser(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, user: StaffUser): Promise<void> {
  await endSession(app.store, request.cookies[SESSION_COOKIE]);
  const token = await startSession(app.store, user.id, app.config.STAFF_SESSION_HOURS, app.now());
  reply.setCookie(SESSION_COOKIE, token, { ...sessionCookieOptions(app), maxAge: sessionCookieMaxAge(app.config.STAFF_SESSION_HOURS) });
  reply.rotateCsrf();
}

/** Ends this browser's session (if any), clears its cookie and replaces the CSRF secret. */
export async function signOutBrowser(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  await endSession(app.store, request.cookies[SESSION_COOKIE]);
  reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(app));
  reply.rotateCsrf();
}
