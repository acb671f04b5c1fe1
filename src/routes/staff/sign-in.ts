import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { parse as parseDuration } from '@lukeed/ms';
import { signInSchema, safeNext } from '../../staff/forms.js';
import { verifyNothing, verifyPassword } from '../../staff/passwords.js';
import { attemptFailed, attemptSucceeded, beginAttempt, type ThrottlePolicy } from '../../staff/sign-in-throttle.js';
import { readFormBody } from '../../validation/form-body.js';
import { fieldErrors, type FieldError } from '../../forms/field-errors.js';
import { formatDateTime } from '../../text/dates.js';
import { StoreUnavailableError } from '../../store/errors.js';
import { signInBrowser, signOutBrowser } from './session-cookie.js';

const FIELDS = { username: 'username', password: 'password' };

type SignInFailure = 'wrong-password' | 'unknown-username' | 'disabled' | 'locked' | 'too-many-from-address';

const minutes = (ms: number): string => {
  const n = Math.max(1, Math.ceil(ms / 60_000));
  return n === 1 ? '1 minute' : `${n} minutes`;
};

const signIn: FastifyPluginAsync = async (app) => {
  const policy: ThrottlePolicy = {
    lockFailures: app.config.SIGN_IN_LOCK_FAILURES,
    lockMs: app.config.SIGN_IN_LOCK_MINUTES * 60_000,
    addressFailures: app.config.SIGN_IN_RATE_LIMIT,
    addressWindowMs: parseDuration(app.config.SIGN_IN_RATE_WINDOW) ?? 15 * 60_000,
  };

  const render = (reply: FastifyReply, data: { username?: string; next: string; errors?: unknown[]; storeFault?: boolean; ended?: string | undefined }, status = 200) =>
    reply.page('pages/staff/sign-in', { title: 'Sign in', errors: [], ...data }, { status, csrf: true });

  const formError = (message: string): FieldError[] => [{ field: 'username', href: '#username', message }];
  const lockedMessage = (until: Date) =>
    `This account is locked for ${minutes(until.getTime() - app.now().getTime())} after ${policy.lockFailures} failed sign-ins, until ${formatDateTime(until)}. ` +
    'Try again then, or ask a team lead to lift the lock';

  // Why the person was signed out, when it was the clock (?ended=idle|absolute).
  const endedMessages: Record<string, string> = {
    idle: `You were signed out because the service had not been used for ${app.config.STAFF_IDLE_MINUTES} minutes. Sign in again to carry on.`,
    absolute: 'You were signed out because your sign-in had reached its time limit. Sign in again to carry on.',
  };

  app.get<{ Querystring: { next?: string; ended?: string } }>('/sign-in', { config: { public: true } }, async (request, reply) => {
    if (request.staff) return reply.redirect('/staff/requests', 303);
    const ended = Object.hasOwn(endedMessages, String(request.query.ended)) ? endedMessages[String(request.query.ended)] : undefined;
    return render(reply, { next: safeNext(String(request.query.next ?? '')), ended });
  });

  app.post('/sign-in', { config: { public: true } }, async (request, reply) => {
    const body = readFormBody(request.body, ['_csrf', 'username', 'password', 'next']);
    if (!body.ok) return reply.errorPage(400);
    const parsed = signInSchema.safeParse(body.values);
    const next = safeNext(body.values.next ?? '');
    if (!parsed.success) {
      return render(reply, { username: body.values.username, next, errors: fieldErrors(parsed.error.issues, FIELDS) }, 422);
    }
    const { username, password } = parsed.data;
    const now = app.now();
    const failed = async (reason: SignInFailure) => {
      // The username as typed (the event's reference: nobody is signed in), never the password.
      request.log.warn({ username, reason }, 'sign-in failed');
      await app.audit(`staff.sign-in-failed:${reason}`, null, username);
    };
    try {
      const attempt = await beginAttempt(app.store, { username, ip: request.ip }, now, policy);
      if (!attempt.ok) {
        await failed(attempt.reason === 'locked' ? 'locked' : 'too-many-from-address');
        const message =
          attempt.reason === 'locked'
            ? lockedMessage(attempt.until)
            : `There have been too many failed sign-ins from your network. Wait ${minutes(attempt.retryMs)} and try again`;
        return render(reply, { username, next, errors: formError(message) }, 429);
      }
      const user = await app.store.staff.findByUsername(username);
      const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyNothing(password);
      if (!user || !valid || user.disabled) {
        await failed(!user ? 'unknown-username' : user.disabled ? 'disabled' : 'wrong-password');
        const lockedUntil = await attemptFailed(app.store, username, attempt, now, policy);
        // One message for every failure: it must not tell anyone which usernames exist.
        const message = lockedUntil ? lockedMessage(lockedUntil) : 'Enter a correct username and password';
        return render(reply, { username, next, errors: formError(message) }, lockedUntil ? 429 : 422);
      }
      await attemptSucceeded(app.store, attempt);
      await signInBrowser(app, request, reply, user);
      await app.store.staff.recordSignIn(user.id, now);
      await app.audit('staff.signed-in', user);
      return reply.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      request.log.error({ err: error }, 'sign-in: store unavailable');
      return render(reply, { username, next, errors: [], storeFault: true }, 503);
    }
  });

  app.post('/sign-out', { config: { public: true } }, async (request, reply) => {
    await signOutBrowser(app, request, reply);
    if (request.staff) {
      await app.audit('staff.signed-out', request.staff);
    }
    return reply.redirect('/staff/sign-in', 303);
  });
};

export default signIn;
