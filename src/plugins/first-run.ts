import fp from 'fastify-plugin';
import { newToken, sameSecret } from '../staff/tokens.js';

declare module 'fastify' {
  interface FastifyInstance {
    firstRun: FirstRun;
  }
}

/**
 * With no staff accounts, the app writes one log line with a one-time set-up link (as Jenkins
 * and Grafana do); whoever opens it creates the first team lead. The token lives only in
 * memory: a restart before set-up prints a new one.
 */
export class FirstRun {
  private token: string | null = null;

  open(): string {
    this.token = newToken();
    return this.token;
  }

  accepts(candidate: string): boolean {
    return this.token !== null && sameSecret(candidate, this.token);
  }

  close(): void {
    this.token = null;
  }
}

export default fp(
  async (app) => {
    const firstRun = new FirstRun();
    app.decorate('firstRun', firstRun);
    app.addHook('onReady', async () => {
      if ((await app.store.staff.count()) > 0) return;
      const base = app.config.PUBLIC_URL ?? `http://${app.config.HOST}:${app.config.PORT}`;
      const link = new URL(`/setup/${firstRun.open()}`, base).href;
      app.log.warn({ setupLink: link }, `No staff accounts yet. Create the first team lead at ${link}`);
    });
  },
  { name: 'first-run', dependencies: ['core'] },
);
