import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { StoreUnavailableError } from '../store/errors.js';

/** Error code for a store that can't read or write right now (StoreUnavailableError). */
export const STORE_UNAVAILABLE = 'STORE_UNAVAILABLE';
/** Seconds a person (or client) is asked to wait before trying a failed save again. */
export const STORE_RETRY_AFTER_SECONDS = 30;

interface ErrorPage {
  title: string;
  paragraphs: string[];
}

/** What a person sees for each kind of failure: plain words, what to do next, no stack traces. */
export function errorPageFor(status: number, code: string | undefined, retryAfter?: string): ErrorPage {
  if (code?.startsWith('FST_CSRF')) {
    return {
      title: 'This form has expired',
      paragraphs: [
        'For your security, the form could not be sent. Nothing was saved.',
        'Go back, reload the page and try again. Your browser may still have your answers in the form.',
      ],
    };
  }
  if (code === STORE_UNAVAILABLE) {
    return {
      title: 'Sorry, the service can’t save your answers right now',
      paragraphs: [
        'What you sent has not been saved.',
        `Wait ${retryAfter ?? 'a minute'} and try again. If the patient needs help now, contact the NHS login service desk.`,
      ],
    };
  }
  if (code === 'FST_UNDER_PRESSURE') {
    return {
      title: 'Sorry, the service is busy',
      paragraphs: [`Wait ${retryAfter ?? 'a minute'} and try again. Nothing was saved from your last request.`],
    };
  }
  switch (status) {
    case 400:
    case 415:
      return {
        title: 'There is a problem with what was sent',
        paragraphs: ['The form sent something this service does not expect, so nothing was saved.', 'Go back and try again.'],
      };
    case 401:
    case 403:
      return { title: 'You cannot see this page', paragraphs: ['Sign in with an account that is allowed to see it.'] };
    case 404:
      return { title: 'Page not found', paragraphs: ['If you typed the web address, check it is correct.', 'If you pasted the web address, check you copied the entire address.'] };
    case 413:
      return { title: 'What was sent is too long', paragraphs: ['Nothing was saved. Go back, shorten your answers and try again.'] };
    case 429:
      return {
        title: 'Too many attempts',
        paragraphs: [
          `You have tried this too many times in a short time. Wait ${retryAfter ?? 'a minute'} and try again.`,
          'Nothing was saved from your last attempt. Use your browser’s back button: your answers are still in the form.',
        ],
      };
    default:
      return {
        title: 'Sorry, there is a problem with the service',
        paragraphs: ['Try again later. If the patient needs help now, contact the NHS login service desk.'],
      };
  }
}

declare module 'fastify' {
  interface FastifyReply {
    /** Sends the error page for a status (e.g. 400 for a malformed form), in plain words. */
    errorPage(status: number): Promise<FastifyReply>;
  }
}

export default fp(
  async (app) => {
    app.decorateReply('errorPage', function (status: number) {
      const page = errorPageFor(status, undefined);
      return this.page('pages/error', { title: page.title, paragraphs: page.paragraphs }, { status });
    });

    app.setErrorHandler(async (error: FastifyError, request, reply) => {
      // A store fault may pass: "try again" (503), never "there is a problem" (500).
      if (error instanceof StoreUnavailableError) {
        request.log.warn({ operation: error.operation, cause: faultCode(error.cause) }, 'store unavailable');
        reply.header('retry-after', String(STORE_RETRY_AFTER_SECONDS));
        const page = errorPageFor(503, STORE_UNAVAILABLE, humanSeconds(STORE_RETRY_AFTER_SECONDS));
        return reply.page('pages/error', { title: page.title, paragraphs: page.paragraphs }, { status: 503 });
      }
      const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      if (status >= 500) request.log.error({ err: error }, 'unhandled error');
      else request.log.info({ code: error.code, status }, 'request refused');
      const retryAfter = status === 429 || status === 503 ? String(reply.getHeader('retry-after') ?? '') : undefined;
      const page = errorPageFor(status, error.code, retryAfter ? humanSeconds(Number(retryAfter)) : undefined);
      return reply.page('pages/error', { title: page.title, paragraphs: page.paragraphs }, { status });
    });

    app.setNotFoundHandler(async (_request, reply) => reply.errorPage(404));
  },
  { name: 'errors', dependencies: ['views'] },
);

/** The driver's error code or name, for the log: never its message, which may quote data. */
function faultCode(cause: unknown): string | undefined {
  if (!(cause instanceof Error)) return undefined;
  const code = (cause as { code?: unknown }).code;
  return code === undefined ? cause.name : String(code);
}

function humanSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return 'a minute';
  if (seconds < 90) return `${Math.ceil(seconds)} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
