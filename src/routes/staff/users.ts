import type { FastifyPluginAsync } from 'fastify';
import { createStaffAccount } from '../../staff/create-account.js';
import { readFormBody } from '../../validation/form-body.js';
import { formatDateTime } from '../../text/dates.js';
import { liftLock, lockedUsernames } from '../../staff/sign-in-throttle.js';
import { StoreUnavailableError } from '../../store/errors.js';

const TEAM_LEADS = { roles: ['team-lead'] as const };
const FORM_FIELDS = ['_csrf', 'username', 'displayName', 'role', 'password', 'confirmPassword'];
const ROLE_ITEMS = [
  { value: 'agent', text: 'Agent', hint: 'Triages tickets and processes cleansing requests' },
  { value: 'team-lead', text: 'Team lead', hint: 'Everything an agent does, plus staff accounts, the audit log and exports' },
];

/** Team leads manage staff accounts. Disabling an account ends its sessions at once. */
const users: FastifyPluginAsync = async (app) => {
  app.get('/users', { config: TEAM_LEADS }, async (_request, reply) => {
    const [all, locked] = await Promise.all([app.store.staff.list(), lockedUsernames(app.store, app.now())]);
    const rows = all.map((u) => {
      const lockedUntil = locked.get(u.username.toLowerCase());
      return { ...u, created: formatDateTime(u.createdAt), lockedUntil: lockedUntil ? formatDateTime(lockedUntil) : null };
    });
    return reply.page('pages/staff/users', { title: 'Staff accounts', rows });
  });

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

  app.post<{ Params: { id: string } }>('/users/:id/disable', { config: TEAM_LEADS }, async (request, reply) => {
    const target = await app.store.staff.findById(request.params.id);
    if (!target) return reply.callNotFound();
    if (target.id === request.staff!.id) {
      return reply.code(409).page('pages/error', { title: 'You cannot disable your own account', paragraphs: ['Ask another team lead to do it.'] });
    }
    await app.store.staff.setDisabled(target.id, true);
    await app.store.sessions.deleteForUser(target.id);
    await app.audit('staff.disabled', request.staff, target.username);
    return reply.redirect('/staff/users', 303);
  });

  // After too many failed sign-ins a username is locked for a while; a team lead can lift it.
  app.post<{ Params: { id: string } }>('/users/:id/unlock', { config: TEAM_LEADS }, async (request, reply) => {
    const target = await app.store.staff.findById(request.params.id);
    if (!target) return reply.callNotFound();
    await liftLock(app.store, target.username);
    await app.audit('staff.sign-in-lock-lifted', request.staff, target.username);
    return reply.redirect('/staff/users', 303);
  });

  app.post<{ Params: { id: string } }>('/users/:id/enable', { config: TEAM_LEADS }, async (request, reply) => {
    const target = await app.store.staff.findById(request.params.id);
    if (!target) return reply.callNotFound();
    await app.store.staff.setDisabled(target.id, false);
    await app.audit('staff.enabled', request.staff, target.username);
    return reply.redirect('/staff/users', 303);
  });
};

export default users;
