import fp from 'fastify-plugin';
import underPressure from '@fastify/under-pressure';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StoreUnavailableError } from '../store/errors.js';

/** Seconds a client (or load balancer) is told to wait when the process or its store can't serve. */
export const RETRY_AFTER_SECONDS = 10;

const MB = 1024 * 1024;

/**
 * The process's health: `GET /health/live` (the process answers) and `GET /health/ready`
 * (the store answers a read and a write probe, and the process is not overloaded), as JSON
 * with no personal data. Load shedding: while the event loop stalls or memory is over its
 * limit (@fastify/under-pressure), every page answers 503 "busy" with Retry-After.
 * Health routes log only warnings, so a probe every few seconds does not fill the log, and
 * they have no rate limit (the rate limiter is per route and these have none).
 */
export default fp(
  async (app) => {
    const { config } = app;
    await app.register(underPressure, {
      maxEventLoopDelay: config.PRESSURE_MAX_EVENT_LOOP_DELAY_MS,
      maxHeapUsedBytes: config.PRESSURE_MAX_HEAP_USED_MB * MB,
      maxRssBytes: config.PRESSURE_MAX_RSS_MB * MB,
      retryAfter: RETRY_AFTER_SECONDS,
    });

    const routeOptions = { logLevel: 'warn' as const };

    app.get(
      '/health/live',
      {
        ...routeOptions,
        // A busy process is still alive: restarting it would only lose the work in hand.
        config: { pressureHandler: () => undefined },
      },
      async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok', underPressure: app.isUnderPressure() }),
    );

    app.get(
      '/health/ready',
      { ...routeOptions, config: { pressureHandler: (_request: FastifyRequest, reply: FastifyReply) => notReady(reply, { process: 'overloaded' }) } },
      async (request, reply) => {
        try {
          await app.store.health(app.now());
        } catch (error) {
          if (!(error instanceof StoreUnavailableError)) request.log.error({ err: error }, 'health probe failed');
          else request.log.warn({ operation: error.operation }, 'store unavailable');
          return notReady(reply, { store: 'unavailable' });
        }
        return reply.header('cache-control', 'no-store').send({ status: 'ready', store: 'ok' });
      },
    );
  },
  { name: 'health', dependencies: ['core'] },
);

function notReady(reply: FastifyReply, body: Record<string, string>): FastifyReply {
  return reply
    .code(503)
    .header('retry-after', String(RETRY_AFTER_SECONDS))
    .header('cache-control', 'no-store')
    .send({ status: 'not ready', ...body });
}
