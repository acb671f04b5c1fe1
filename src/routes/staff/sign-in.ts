import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { signInSchema, safeNext } from '../../staff/forms.js';
import { verifyNothing, verifyPassword } from '../../staff/passwords.js';
import { endSession, SESSION_COOKIE, startSession } from '../../staff/sessions.js';
import { readFormBody } from '../../validation/form-body.js';
import { fieldErrors } from '../../forms/field-errors.js';

const FIELDS = { username: 'username', password: 'password' };

const signIn: FastifyPluginAsync = async (app) => {
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: app.config.SECURE_COOKIES };

  const render = (reply: FastifyReply, data: { username?: string; next: string; errors?: unknown[] }, status = 200) =>
    reply.page('pages/staff/sign-in', { title: 'Sign in', errors: [], ...data }, { status, csrf: true });

  app.get<{ Querystring: { next?: string } }>('/sign-in', { config: { public: true } }, async (request, reply) => {
    if (request.staff) return reply.redirect('/staff/requests', 303);
    return render(reply, { next: safeNext(String(request.query.next ?? '')) });
  });

  app.post(
    '/sign-in',
    {
      config: {
        public: true,
        rateLimit: { max: app.config.SIGN_IN_RATE_LIMIT, timeWindow: app.config.SIGN_IN_RATE_WINDOW },
      },
    },
    async (request, reply) => {
      const body = readFormBody(request.body, ['_csrf', 'username', 'password', 'next']);
      if (!body.ok) return reply.errorPage(400);
      const parsed = signInSchema.safeParse(body.values);
      const next = safeNext(body.values.next ?? '');
      if (!parsed.success) {
        return render(reply, { username: body.values.username, next, errors: fieldErrors(parsed.error.issues, FIELDS) }, 422);
      }
      const user = await app.store.staff.findByUsername(parsed.data.username);
      const valid = user ? await verifyPassword(user.passwordHash, parsed.data.password) : await verifyNothing(parsed.data.password);
      if (!user || !valid || user.disabled) {
        // One message for every failure: it must not tell anyone which usernames exist.
        const errors = [{ field: 'username', href: '#username', message: 'Enter a correct username and password' }];
        // The username as typed, so a team lead can see guessing; the password never.
        await app.audit('staff.sign-in-failed', null, parsed.data.username);
        return render(reply, { username: parsed.data.username, next, errors }, 422);
      }
      const token = await startSession(app.store, user.id, app.config.STAFF_SESSION_HOURS, app.now());
      await app.audit('staff.signed-in', user);
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: app.config.STAFF_SESSION_HOURS * 3600 });
      return reply.redirect(next, 303);
    },
  );

  app.post('/sign-out', { config: { public: true } }, async (request, reply) => {
    await endSession(app.store, request.cookies[SESSION_COOKIE]);
    if (request.staff) {
      await app.audit('staff.signed-out', request.staff);
    }
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return reply.redirect('/staff/sign-in', 303);
  });
};

export default signIn;
