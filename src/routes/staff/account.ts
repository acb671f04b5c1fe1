import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { changePasswordSchema } from '../../staff/forms.js';
import { hashPassword, verifyPassword } from '../../staff/passwords.js';
import { roleName } from '../../staff/admin.js';
import { readFormBody } from '../../validation/form-body.js';
import { fieldErrors, type FieldError } from '../../forms/field-errors.js';
import { formatDateTime } from '../../text/dates.js';
import { StoreUnavailableError } from '../../store/errors.js';
import { signInBrowser } from './session-cookie.js';

export const CHANGE_PASSWORD_PATH = '/staff/account/password';
const FIELDS = { currentPassword: 'current-password', password: 'password', confirmPassword: 'confirm-password' };

/**
 * "Your account": every staff member changes their own password here (and must, after a team
 * lead's reset). A change ends their other sessions and gives this browser a new session and
 * CSRF secret, as signing in does.
 */
const account: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { changed?: string } }>('/account', async (request, reply) => {
    const me = request.staff!;
    const rows = [
      { key: { text: 'Name' }, value: { text: me.displayName } },
      { key: { text: 'Username' }, value: { text: me.username } },
      { key: { text: 'Role' }, value: { text: roleName(me.role) } },
      { key: { text: 'Last sign-in' }, value: { text: me.lastSignInAt ? formatDateTime(me.lastSignInAt) : 'Never' } },
    ];
    return reply.page('pages/staff/account', { title: 'Your account', rows, changed: request.query.changed === 'password' });
  });

  const render = (reply: FastifyReply, data: { errors?: FieldError[]; storeFault?: boolean }, status = 200) =>
    reply.page(
      'pages/staff/account-password',
      { title: 'Change your password', errors: [], mustChange: reply.request.staff!.mustChangePassword, ...data },
      { status },
    );

  app.get('/account/password', async (_request, reply) => render(reply, {}));

  app.post('/account/password', async (request, reply) => {
    const body = readFormBody(request.body, ['_csrf', 'username', 'currentPassword', 'password', 'confirmPassword']);
    if (!body.ok) return reply.errorPage(400);
    const me = request.staff!;
    // `username` is the form's hidden field for password managers, and is not read.
    const parsed = changePasswordSchema(me.username).safeParse(body.values);
    // Passwords are never typed back into the form.
    if (!parsed.success) return render(reply, { errors: fieldErrors(parsed.error.issues, FIELDS) }, 422);
    if (!(await verifyPassword(me.passwordHash, parsed.data.currentPassword))) {
      return render(reply, { errors: [{ field: 'currentPassword', href: '#current-password', message: 'Your current password is not right' }] }, 422);
    }
    try {
      await app.store.staff.setPassword(me.id, await hashPassword(parsed.data.password), false);
      // Every session of theirs ends (a stolen one among them); this browser starts a new one.
      await app.store.sessions.deleteForUser(me.id);
      await signInBrowser(app, request, reply, me);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      request.log.error({ err: error }, 'change password: store unavailable');
      return render(reply, { storeFault: true }, 503);
    }
    await app.audit('staff.password-changed', me, me.username);
    return reply.redirect('/staff/account?changed=password', 303);
  });
};

export default account;
