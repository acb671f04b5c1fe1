import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import type { Store } from './store/ports.js';
import { loggerOptions } from './plugins/logging.js';
import { frameworkErrorPage } from './plugins/framework-errors.js';
import { serverOptions } from './http/server-options.js';
import healthPlugin from './plugins/health.js';
import corePlugin from './plugins/core.js';
import auditPlugin from './plugins/audit.js';
import requestsPlugin from './plugins/requests.js';
import securityPlugin from './plugins/security.js';
import viewsPlugin from './plugins/views.js';
import errorsPlugin from './plugins/errors.js';
import firstRunPlugin from './plugins/first-run.js';
import homeRoutes from './routes/home.js';
import treesPlugin from './plugins/trees.js';
import problemRoutes from './routes/problems.js';
import linkageRoutes from './routes/linkage.js';
import cleansingRequestRoutes from './routes/cleansing-request.js';
import contactFormRoutes from './routes/contact-form.js';
import checkProgressRoutes from './routes/check-progress.js';
import setupRoutes from './routes/setup.js';
import staffRoutes from './routes/staff/index.js';
import infoRoutes from './routes/info.js';

export interface AppOptions {
  config: Config;
  /** Opened by the caller; the app closes it when it closes. */
  store: Store;
  /** Where log lines go (tests capture them); stdout when not given. */
  logStream?: DestinationStream;
  /** The clock, so tests can fix "today". */
  now?: () => Date;
  /** Where the diagnostic trees are read from (fixtures/trees unless a test says otherwise). */
  treesDir?: string;
}

/** Builds the whole app: plugins first, then routes. Tests build exactly this. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app: FastifyInstance = Fastify({
    logger: loggerOptions(config, options.logStream),
    // Fastify's two lines per request are replaced by one of ours (src/plugins/core.ts).
    logController: new LogController({ disableRequestLogging: true }),
    ...serverOptions(config),
    bodyLimit: 64 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: frameworkErrorPage((): FastifyInstance => app),
  });

  await app.register(corePlugin, { config, store: options.store, now: options.now ?? (() => new Date()) });
  await app.register(auditPlugin);
  await app.register(requestsPlugin);
  await app.register(securityPlugin);
  await app.register(viewsPlugin);
  await app.register(errorsPlugin);
  await app.register(healthPlugin);
  await app.register(firstRunPlugin);
  await app.register(treesPlugin, options.treesDir ? { treesDir: options.treesDir } : {});

  await app.register(homeRoutes);
  await app.register(problemRoutes);
  await app.register(linkageRoutes);
  await app.register(cleansingRequestRoutes);
  await app.register(contactFormRoutes);
  await app.register(checkProgressRoutes);
  await app.register(setupRoutes);
  await app.register(staffRoutes, { prefix: '/staff' });
  await app.register(infoRoutes);
  return app;
}
