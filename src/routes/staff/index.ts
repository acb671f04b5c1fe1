import type { FastifyPluginAsync } from 'fastify';
import type { Role } from '../../store/ports.js';
import { resolveSession, SESSION_COOKIE } from '../../staff/sessions.js';
import { accessFor, verdict } from '../../staff/access.js';
import signInRoutes from './sign-in.js';
import requestRoutes from './requests.js';
import userRoutes from './users.js';
import triageRoutes from './triage.js';
import auditRoutes from './audit.js';

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
  app.addHook('onRequest', async (request, reply) => {
    request.staff = await resolveSession(app.store, request.cookies[SESSION_COOKIE], app.now());
    const { config, url } = request.routeOptions;
    // The table (src/staff/access.ts) decides; a route not in it yet falls back to its own config,
    // and the access test fails until it is added.
    const access = accessFor(request.method, url ?? '') ?? (config.public ? 'public' : (config.roles ?? 'staff'));
    const decided = verdict(access, request.staff?.role ?? null);
    if (decided === 'allowed') return;
    if (decided === 'sign-in') {
      if (request.method === 'GET') {
        const next = encodeURIComponent(request.url.split('?')[0] ?? '/staff');
        return reply.redirect(`/staff/sign-in?next=${next}`, 303);
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

  app.get('/', async (_request, reply) => reply.redirect('/staff/requests', 303));
  await app.register(signInRoutes);
  await app.register(requestRoutes);
  await app.register(userRoutes);
  await app.register(triageRoutes);
  await app.register(auditRoutes);
};

export default staffArea;
