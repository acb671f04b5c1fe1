import fp from 'fastify-plugin';
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
    // set-up tokens and query strings, none of which belong in a log.
    app.addHook('onResponse', async (request, reply) => {
      request.log.info(
        { method: request.method, route: request.routeOptions.url ?? '(no route)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
        'request',
      );
    });
  },
  { name: 'core' },
);
