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

/** Headers, cookies, form bodies, CSRF on every POST, and the rate limiter (used per route). */
export default fp(
  async (app) => {
    const secret = app.config.COOKIE_SECRET ?? randomBytes(32).toString('hex');
    app.decorate('cookieSecret', secret);

    // helmet's middleware, built once. (@fastify/helmet builds a new one on every request,
    // which cost about 5% of a page's CPU in npm run bench; the headers are the same.)
    const securityHeaders = helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
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
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      // DENY, to say what frame-ancestors 'none' says to browsers that only read this header.
      xFrameOptions: { action: 'deny' },
      // HSTS only makes sense behind HTTPS.
      strictTransportSecurity: app.config.SECURE_COOKIES,
    });
    app.decorate('setSecurityHeaders', (request: IncomingMessage, response: ServerResponse) => securityHeaders(request, response, () => undefined));
    app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)));
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
