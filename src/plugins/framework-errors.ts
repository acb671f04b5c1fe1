import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorPageFor } from './errors.js';

/**
 * Fastify's answer to a URL it cannot decode (bad percent-encoding or UTF-8, as in
 * /problems/%E0%A4%A) comes before any route or hook, and is JSON by default. This gives the
 * person the same HTML error page as any other 400, with the headers pages carry.
 */
export function frameworkErrorPage(getApp: () => FastifyInstance) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const app = getApp();
    app.setSecurityHeaders(request.raw, reply.raw);
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
    const page = errorPageFor(status, error.code);
    app
      .view('pages/error', { title: page.title, paragraphs: page.paragraphs, staff: null, csrfToken: undefined })
      .then((html) => {
        reply
          .code(status)
          .header('cache-control', 'no-store')
          .type('text/html; charset=utf-8')
          .send(html);
      })
      .catch(() => reply.code(status).type('text/plain; charset=utf-8').send(page.title));
  };
}
