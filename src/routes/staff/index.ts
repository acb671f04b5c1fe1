import type { FastifyPluginAsync } from 'fastify';
import type { Role } from '../../store/ports.js';
import { checkSession, SESSION_COOKIE } from '../../staff/sessions.js';
import { accessFor, verdict } from '../../staff/access.js';
import { sessionCookieOptions, sessionPolicy } from './session-cookie.js';
import signInRoutes from './sign-in.js';
import requestRoutes from './requests.js';
import newRequestRoutes from './new-request.js';
import userRoutes from './users.js';
import triageRoutes from './triage.js';
import auditRoutes from './audit.js';
import accountRoutes, { CHANGE_PASSWORD_PATH } from './account.js';
import figuresRoutes from './figures.js';
import reviewRoutes, { openQueryCount } from './reviews.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without signing in (the sign-in page itself). */
    public?: boolean;
    /** Roles allowed; any signed-in staff member when not set. */
    roles?: readonly Role[];
  }
}

/**
 * The staff area. One onRequest hook resolves the session for every route in here and lets
 * through only whom the access table (src/staff/access.ts) allows on that route.
 */
const staffArea: FastifyPluginAsync = async (app) => {
  const policy = sessionPolicy(app);
  app.addHook('onRequest', async (request, reply) => {
    const session = await checkSession(app.store, request.cookies[SESSION_COOKIE], app.now(), policy);
    request.staff = session.status === 'active' ? session.user : null;
    if (session.status === 'expired') {
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(app));
      await app.audit(`staff.session-expired-${session.reason}`, session.user ?? null);
    }
    const { config, url } = request.routeOptions;
    // The table (src/staff/access.ts) decides; a route not in it yet falls back to its own config,
    // and the access test fails until it is added.
    const access = accessFor(request.method, url ?? '') ?? (config.public ? 'public' : (config.roles ?? 'staff'));
    const decided = verdict(access, request.staff?.role ?? null);
    if (decided === 'allowed') {
      // After a team lead's reset, the change-password page (and signing out) is all there is.
      const open = url === CHANGE_PASSWORD_PATH || access === 'public';
      if (request.staff?.mustChangePassword && !open) return reply.redirect(CHANGE_PASSWORD_PATH, 303);
      return;
    }
    if (decided === 'sign-in') {
      // HEAD answers as GET does (Fastify serves HEAD from the GET route).
      if (request.method === 'GET' || request.method === 'HEAD') {
        const next = encodeURIComponent(request.url.split('?')[0] ?? '/staff');
        const ended = session.status === 'expired' ? `&ended=${session.reason}` : '';
        return reply.redirect(`/staff/sign-in?next=${next}${ended}`, 303);
      }
      return reply.code(401).page('pages/error', { title: 'You are signed out', paragraphs: ['Sign in again to carry on.'] });
    }
    return reply.code(403).page('pages/error', {
      title: 'You cannot see this page',
      paragraphs: ['This page is for team leads. Ask a team lead if you need something from it.'],
    });
  });
  // Staff pages show personal data: never indexed, never cached.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-robots-tag', 'noindex');
  });

  // The staff home: where to go, and how many review queries wait for this person's answer.
  app.get('/', async (request, reply) => reply.page('pages/staff/home', { title: 'Service desk', openQueries: await openQueryCount(app, request.staff!) }));
  await app.register(signInRoutes);
  await app.register(newRequestRoutes);
  await app.register(requestRoutes);
  await app.register(userRoutes);
  await app.register(triageRoutes);
  await app.register(auditRoutes);
  await app.register(accountRoutes);
  await app.register(figuresRoutes);
  await app.register(reviewRoutes);
};

export default staffArea;
