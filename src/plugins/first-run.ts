import fp from 'fastify-plugin';
import { hashToken, newToken } from '../staff/tokens.js';

/**
 * With no staff accounts, the app writes one log line with a one-time set-up link (as Jenkins
 * and Grafana do); whoever opens it creates the first team lead. The store keeps only the
 * token's hash, with an expiry, so every process on the store accepts it; each start while
 * there are still no accounts adds a fresh link, and using any one ends them all.
 */
export default fp(
  async (app) => {
    app.addHook('onReady', async () => {
      if ((await app.store.staff.count()) > 0) return;
      const token = newToken();
      const expiresAt = new Date(app.now().getTime() + app.config.SETUP_TOKEN_HOURS * 3_600_000);
      await app.store.setupTokens.issue(hashToken(token), expiresAt);
      const base = app.config.PUBLIC_URL ?? `http://${app.config.HOST}:${app.config.PORT}`;
      const link = new URL(`/setup/${token}`, base).href;
      app.log.warn(
        { setupLink: link, expiresAt: expiresAt.toISOString() },
        `No staff accounts yet. Create the first team lead at ${link} (works once, for ${app.config.SETUP_TOKEN_HOURS} hours)`,
      );
    });
  },
  { name: 'first-run', dependencies: ['core'] },
);
