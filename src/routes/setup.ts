import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { FieldError } from '../forms/field-errors.js';
import { prepareStaffAccount, storeStaffAccount } from '../staff/create-account.js';
import { hashToken } from '../staff/tokens.js';
import { StoreUnavailableError } from '../store/errors.js';
import { readFormBody } from '../validation/form-body.js';
import { signInBrowser } from './staff/session-cookie.js';

const FORM_FIELDS = ['_csrf', 'username', 'displayName', 'password', 'confirmPassword'];
const TITLE = 'Create the first team lead';

/**
 * First run: the one-time link from the log creates the first team lead and signs them in.
 * The form is checked and the password hashed first; then the token is claimed in one atomic
 * step, so of any number of requests at once exactly one creates an account.
 */
const setup: FastifyPluginAsync = async (app) => {
  const usable = async (token: string) =>
    (await app.store.staff.count()) === 0 && (await app.store.setupTokens.isLive(hashToken(token), app.now()));

  // What a used, expired or made-up link shows.
  const usedLink = (reply: FastifyReply) =>
    reply.code(404).page('pages/error', {
      title: 'This set-up link has been used or has expired',
      paragraphs: ['The first team lead has been created, or the link is too old. Team leads can sign in at /staff/sign-in and add accounts there.'],
    });

  const showForm = (reply: FastifyReply, values: Record<string, string>, errors: FieldError[], status: number, storeFault = false) =>
    reply.page('pages/setup', { title: TITLE, values: { username: values.username, displayName: values.displayName }, errors, storeFault }, { status, csrf: true });

  app.get<{ Params: { token: string } }>('/setup/:token', async (request, reply) => {
    if (!(await usable(request.params.token))) return usedLink(reply);
    return reply.page('pages/setup', { title: TITLE, values: {}, errors: [] }, { csrf: true });
  });

  app.post<{ Params: { token: string } }>('/setup/:token', async (request, reply) => {
    const tokenHash = hashToken(request.params.token);
    const body = readFormBody(request.body, FORM_FIELDS);
    if (!body.ok) return reply.errorPage(400);
    try {
      if (!(await usable(request.params.token))) return usedLink(reply);
      const prepared = await prepareStaffAccount(body.values, 'team-lead');
      if (!prepared.ok) return showForm(reply, body.values, prepared.errors, 422);
      if (!(await app.store.setupTokens.claim(tokenHash, app.now()))) return usedLink(reply);
      // Nothing was created: give the link back so the person can try again.
      const giveBack = () => app.store.setupTokens.issue(tokenHash, new Date(app.now().getTime() + app.config.SETUP_TOKEN_HOURS * 3_600_000));
      const result = await storeStaffAccount(app.store, prepared.account).catch(async (error: unknown) => {
        await giveBack().catch(() => undefined);
        throw error;
      });
      if (!result.ok) {
        await giveBack();
        return showForm(reply, body.values, result.errors, 422);
      }
      await app.audit('staff.first-team-lead-created', result.user);
      await signInBrowser(app, request, reply, result.user);
      await app.store.staff.recordSignIn(result.user.id, app.now());
      return reply.redirect('/staff/users', 303);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      request.log.error({ err: error }, 'set-up: store unavailable');
      return showForm(reply, body.values, [], 503, true);
    }
  });
};

export default setup;
