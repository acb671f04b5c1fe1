import type { FastifyPluginAsync } from 'fastify';
import { createStaffAccount } from '../staff/create-account.js';
import { SESSION_COOKIE, startSession } from '../staff/sessions.js';
import { readFormBody } from '../validation/form-body.js';

const FORM_FIELDS = ['_csrf', 'username', 'displayName', 'password', 'confirmPassword'];

/** First run: the one-time link from the log creates the first team lead and signs them in. */
const setup: FastifyPluginAsync = async (app) => {
  const usable = async (token: string) => app.firstRun.accepts(token) && (await app.store.staff.count()) === 0;

  app.get<{ Params: { token: string } }>('/setup/:token', async (request, reply) => {
    if (!(await usable(request.params.token))) return reply.callNotFound();
    return reply.page('pages/setup', { title: 'Create the first team lead', values: {}, errors: [] }, { csrf: true });
  });

  app.post<{ Params: { token: string } }>('/setup/:token', async (request, reply) => {
    if (!(await usable(request.params.token))) return reply.callNotFound();
    const body = readFormBody(request.body, FORM_FIELDS);
    if (!body.ok) return reply.errorPage(400);
    const result = await createStaffAccount(app.store, body.values, 'team-lead');
    if (!result.ok) {
      const values = { username: body.values.username, displayName: body.values.displayName };
      return reply.page('pages/setup', { title: 'Create the first team lead', values, errors: result.errors }, { status: 422, csrf: true });
    }
    app.firstRun.close();
    await app.audit('staff.first-team-lead-created', result.user);
    const token = await startSession(app.store, result.user.id, app.config.STAFF_SESSION_HOURS, app.now());
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: app.config.SECURE_COOKIES, maxAge: app.config.STAFF_SESSION_HOURS * 3600 });
    return reply.redirect('/staff/users', 303);
  });
};

export default setup;
