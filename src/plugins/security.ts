import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import fp from 'fastify-plugin';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import helmet from 'helmet';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyRateLimit from '@fastify/rate-limit';

/** Where @fastify/csrf-protection keeps its secret (its default cookie name). */
export const CSRF_COOKIE = '_csrf';

declare module 'fastify' {
  interface FastifyInstance {
    /** The secret behind signed cookies and confirmation links. */
    cookieSecret: string;
    /** Sets the security headers on a raw response (for answers sent before any hook runs). */
    setSecurityHeaders(request: IncomingMessage, response: ServerResponse): void;
  }
  interface FastifyReply {
    /** Replaces the CSRF secret (cookie `_csrf`): at sign-in, sign-out and set-up, so no token outlives a change of user. */
    rotateCsrf(): void;
  }
}

/** Every directive is a fixed list: a directive that depends on the request (a nonce) could not be computed once. */
const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  // nhsuk-frontend's CSS loads the NHS Frutiger fonts from the NHS font CDN.
  fontSrc: ["'self'", 'https://assets.nhs.uk'],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
};

/**
 * The security headers helmet sets, as a name-to-value table (names in lower case): helmet's
 * middleware run once against a response that only records what is set and removed.
 */
export function securityHeaders(https: boolean): Readonly<Record<string, string>> {
  const middleware = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    referrerPolicy: { policy: 'no-referrer' },
    // DENY, to say what frame-ancestors 'none' says to browsers that only read this header.
    xFrameOptions: { action: 'deny' },
    // HSTS only makes sense behind HTTPS.
    strictTransportSecurity: https,
  });
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  let done = false;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
    done = true;
  });
  // helmet 8 is synchronous; a version that is not would leave the table half-made.
  if (!done) throw new Error('helmet did not finish synchronously: its headers cannot be computed once');
  return Object.freeze(headers);
}

/** Headers, cookies, form bodies, CSRF on every POST, and the rate limiter (used per route). */
export default fp(
  async (app) => {
    const secret = app.config.COOKIE_SECRET ?? randomBytes(32).toString('hex');
    app.decorate('cookieSecret', secret);

    // helmet's headers, computed once at start and set in one go on every reply. (Its
    // middleware sets them one by one on the raw response on every request, which also puts
    // Node on its slower path of merging headers; the headers are the same for every request
    // because no directive depends on the request.)
    const headers = securityHeaders(app.config.SECURE_COOKIES);
    const names = Object.keys(headers);
    app.decorate('setSecurityHeaders', (_request: IncomingMessage, response: ServerResponse) => {
      for (const name of names) response.setHeader(name, headers[name]!);
    });
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
    await app.register(fastifyCookie, { secret });
    await app.register(fastifyFormbody);
    await app.register(fastifyCsrf, {
      sessionPlugin: '@fastify/cookie',
      cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', signed: true, secure: app.config.SECURE_COOKIES },
    });
    app.decorateReply('rotateCsrf', function () {
      // generateCsrf() makes and sets a new secret when the request brought none.
      delete this.request.cookies[CSRF_COOKIE];
      this.generateCsrf();
    });
    // Every POST carries a CSRF token, public forms included. preValidation: after the body is parsed.
    app.addHook('preValidation', (request, reply, done) => {
      if (request.method === 'POST') app.csrfProtection(request, reply, done);
      else done();
    });
    await app.register(fastifyRateLimit, { global: false });
  },
  { name: 'security', dependencies: ['core'] },
);
