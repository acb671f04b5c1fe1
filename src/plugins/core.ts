import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Store } from '../store/ports.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    store: Store;
    /** The clock: route code asks this, never `new Date()`, so tests can fix "today". */
    now: () => Date;
  }
}

interface CoreOptions {
  config: Config;
  store: Store;
  now: () => Date;
}

/** Shared services, plus one log line per request naming the route pattern, never the URL. */
export default fp<CoreOptions>(
  async (app, { config, store, now }) => {
    app.decorate('config', config);
    app.decorate('store', store);
    app.decorate('now', now);
    app.addHook('onClose', async () => store.close());

    // The route pattern (/staff/requests/:reference), not the URL: URLs carry references,
    // set-up tokens and query strings, none of which belong in a log. Every field of this line
    // is fixed by construction (request id, method, route pattern, status, time), so none can
    // hold personal data: it skips pino's redaction, which would walk each of its values for
    // the redact paths on every request (most of the cost of logging it).
    const requestLine = app.log.child({}, { redact: [] });
    app.addHook('onResponse', (request, reply, done) => {
      // request.log has the route's level (health checks log only warnings) and LOG_LEVEL's;
      // it is pino's (Fastify makes one from loggerOptions), whose type has isLevelEnabled.
      if ((request.log as Logger).isLevelEnabled('info')) {
        requestLine.info(
          { reqId: request.id, method: request.method, route: request.routeOptions.url ?? '(no route)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
          'request',
        );
      }
      done();
    });
  },
  { name: 'core' },
);
