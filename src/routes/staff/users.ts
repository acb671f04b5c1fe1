import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { createStaffAccount } from '../../staff/create-account.js';
import { readFormBody } from '../../validation/form-body.js';
import { formatDateTime } from '../../text/dates.js';
import { liftLock, lockedUsernames } from '../../staff/sign-in-throttle.js';
import { changeRefusal, roleName, selfRefusal, type AdminAction } from '../../staff/admin.js';
import { changeRoleSchema, resetPasswordSchema } from '../../staff/forms.js';
import { hashPassword } from '../../staff/passwords.js';
import { temporaryPassword } from '../../staff/temporary-password.js';
import { fieldErrors, type FieldError } from '../../forms/field-errors.js';
import { StoreUnavailableError } from '../../store/errors.js';
import type { Role, StaffUser } from '../../store/ports.js';

const TEAM_LEADS = { roles: ['team-lead'] as const };
const FORM_FIELDS = ['_csrf', 'username', 'displayName', 'role', 'password', 'confirmPassword'];
const ROLE_ITEMS = [
  { value: 'agent', text: 'Agent', hint: 'Triages tickets and processes cleansing requests' },
  { value: 'team-lead', text: 'Team lead', hint: 'Everything an agent does, plus staff accounts, the audit log and exports' },
];

type Params = { Params: { id: string } };

/**
 * Team leads manage staff accounts: add, disable and re-enable, reset a password, change a
 * role, lift a sign-in lock. Disabling or resetting ends that person's sessions at once.
 * Nobody acts on their own account here, and the store keeps one active team lead.
 */
const users: FastifyPluginAsync = async (app) => {
  const renderList = async (reply: FastifyReply, errors: FieldError[] = [], status = 200) => {
    const [all, locked] = await Promise.all([app.store.staff.list(), lockedUsernames(app.store, app.now())]);
    const rows = all.map((u) => {
      const lockedUntil = locked.get(u.username.toLowerCase());
      return {
        ...u,
        roleName: roleName(u.role),
        created: formatDateTime(u.createdAt),
        lastSignIn: u.lastSignInAt ? formatDateTime(u.lastSignInAt) : 'Never',
        lockedUntil: lockedUntil ? formatDateTime(lockedUntil) : null,
      };
    });
    return reply.page('pages/staff/users', { title: 'Staff accounts', rows, errors }, { status });
  };

  /** The account a route acts on, or an answer (not found, or the actor's own account). */
  const targetFor = async (request: { params: { id: string }; staff: StaffUser | null }, reply: FastifyReply, action: AdminAction) => {
    const target = await app.store.staff.findById(request.params.id);
    if (!target) {
      await reply.callNotFound();
      return null;
    }
    const refusal = selfRefusal(request.staff!, target, action);
    if (refusal) {
      await reply.code(409).page('pages/error', { title: refusal, paragraphs: [] });
      return null;
    }
    return target;
  };

  app.get('/users', { config: TEAM_LEADS }, async (_request, reply) => renderList(reply));

  app.get('/users/new', { config: TEAM_LEADS }, async (_request, reply) =>
    reply.page('pages/staff/new-user', { title: 'Add a staff account', values: {}, errors: [], roleItems: ROLE_ITEMS }),
  );

  app.post('/users/new', { config: TEAM_LEADS }, async (request, reply) => {
    const body = readFormBody(request.body, FORM_FIELDS);
    if (!body.ok) return reply.errorPage(400);
    const values = { username: body.values.username, displayName: body.values.displayName, role: body.values.role };
    let result;
    try {
      result = await createStaffAccount(app.store, body.values);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      request.log.error({ err: error }, 'add staff account: store unavailable');
      return reply.page('pages/staff/new-user', { title: 'Add a staff account', values, errors: [], roleItems: ROLE_ITEMS, storeFault: true }, { status: 503 });
    }
    if (!result.ok) {
      return reply.page('pages/staff/new-user', { title: 'Add a staff account', values, errors: result.errors, roleItems: ROLE_ITEMS }, { status: 422 });
    }
    await app.audit(`staff.created:${result.user.role}`, request.staff, result.user.username);
    return reply.redirect('/staff/users', 303);
  });

  app.post<Params>('/users/:id/disable', { config: TEAM_LEADS }, async (request, reply) => {
    const target = await targetFor(request, reply, 'disable');
    if (!target) return reply;
    const change = await app.store.staff.setDisabled(target.id, true);
    const refusal = changeRefusal(change, target, 'disable');
    if (refusal) return renderList(reply, [{ field: 'staff', href: '#staff-accounts', message: refusal }], 409);
    if (change === 'not-found') return reply.callNotFound();
    // Sessions are looked up on every request, so this signs them out at once.
    await app.store.sessions.deleteForUser(target.id);
    await app.audit('staff.disabled', request.staff, target.username);
    return reply.redirect('/staff/users', 303);
  });

  // After too many failed sign-ins a username is locked for a while; a team lead can lift it.
  app.post<Params>('/users/:id/unlock', { config: TEAM_LEADS }, async (request, reply) => {
    const target = await app.store.staff.findById(request.params.id);
    if (!target) return reply.callNotFound();
    await liftLock(app.store, target.username);
    await app.audit('staff.sign-in-lock-lifted', request.staff, target.username);
    return reply.redirect('/staff/users', 303);
  });

  app.post<Params>('/users/:id/enable', { config: TEAM_LEADS }, async (request, reply) => {
    const target = await app.store.staff.findById(request.params.id);
    if (!target) return reply.callNotFound();
    await app.store.staff.setDisabled(target.id, false);
    await app.audit('staff.enabled', request.staff, target.username);
    return reply.redirect('/staff/users', 303);
  });

  // Change a role.
  const roleTitle = (target: StaffUser) => `Change the role of ${target.displayName}`;
  const renderRole = (reply: FastifyReply, target: StaffUser, data: { role: string; errors?: FieldError[]; storeFault?: boolean }, status = 200) =>
    reply.page('pages/staff/users-role', { title: roleTitle(target), target, roleItems: ROLE_ITEMS, errors: [], ...data }, { status });

  app.get<Params>('/users/:id/role', { config: TEAM_LEADS }, async (request, reply) => {
    const target = await targetFor(request, reply, 'change-role');
    return target ? renderRole(reply, target, { role: target.role }) : reply;
  });

  app.post<Params>('/users/:id/role', { config: TEAM_LEADS }, async (request, reply) => {
    const body = readFormBody(request.body, ['_csrf', 'role']);
    if (!body.ok) return reply.errorPage(400);
    const target = await targetFor(request, reply, 'change-role');
    if (!target) return reply;
    const parsed = changeRoleSchema.safeParse(body.values);
    if (!parsed.success) return renderRole(reply, target, { role: '', errors: fieldErrors(parsed.error.issues, { role: 'role' }) }, 422);
    const role = parsed.data.role as Role;
    if (role === target.role) return reply.redirect('/staff/users', 303);
    let change;
    try {
      change = await app.store.staff.setRole(target.id, role);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      request.log.error({ err: error }, 'change role: store unavailable');
      return renderRole(reply, target, { role, storeFault: true }, 503);
    }
    const refusal = changeRefusal(change, target, 'change-role');
    if (refusal) return renderRole(reply, target, { role, errors: [{ field: 'role', href: '#role', message: refusal }] }, 409);
    if (change === 'not-found') return reply.callNotFound();
    await app.audit('staff.role-changed', request.staff, target.username);
    return reply.redirect('/staff/users', 303);
  });

  // Reset a password: the user must choose a new one at their next sign-in.
  const resetTitle = (target: StaffUser) => `Reset the password of ${target.displayName}`;
  const renderReset = (reply: FastifyReply, target: StaffUser, data: { password?: string; errors?: FieldError[]; storeFault?: boolean }, status = 200) =>
    reply.page('pages/staff/users-password', { title: resetTitle(target), target, errors: [], ...data }, { status });

  app.get<Params>('/users/:id/password', { config: TEAM_LEADS }, async (request, reply) => {
    const target = await targetFor(request, reply, 'reset-password');
    return target ? renderReset(reply, target, {}) : reply;
  });

  app.post<Params>('/users/:id/password', { config: TEAM_LEADS }, async (request, reply) => {
    const body = readFormBody(request.body, ['_csrf', 'password']);
    if (!body.ok) return reply.errorPage(400);
    const target = await targetFor(request, reply, 'reset-password');
    if (!target) return reply;
    const parsed = resetPasswordSchema(target.username).safeParse(body.values);
    if (!parsed.success) {
      return renderReset(reply, target, { password: body.values.password, errors: fieldErrors(parsed.error.issues, { password: 'password' }) }, 422);
    }
    const generated = parsed.data.password === '';
    const password = generated ? temporaryPassword() : parsed.data.password;
    try {
      const change = await app.store.staff.setPassword(target.id, await hashPassword(password), true);
      if (change === 'not-found') return reply.callNotFound();
      // Whoever holds a session on the old password is signed out.
      await app.store.sessions.deleteForUser(target.id);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      request.log.error({ err: error }, 'reset password: store unavailable');
      return renderReset(reply, target, { password: body.values.password, storeFault: true }, 503);
    }
    await app.audit('staff.password-reset', request.staff, target.username);
    // Someone who forgot their password has often locked their username too: say so, and where to lift it.
    const lockedUntil = (await lockedUsernames(app.store, app.now())).get(target.username.toLowerCase());
    // Shown once, on this answer only: it is never stored except as its hash.
    return reply.page('pages/staff/users-password-done', {
      title: `Password reset for ${target.displayName}`,
      target,
      generated: generated ? password : null,
      lockedUntil: lockedUntil ? formatDateTime(lockedUntil) : null,
    });
  });
};

export default users;
