import fp from 'fastify-plugin';
import { loadDataKeys } from '../crypto/data-key.js';
import { createFieldCipher, type FieldCipher } from '../crypto/field-cipher.js';
import { RequestDesk } from '../requests/desk.js';
import { createRequestVault } from '../requests/vault.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Requests of every kind, sealed and opened around the store (src/requests/desk.ts). */
    requests: RequestDesk;
    /** Field encryption under the data keys (form drafts). */
    fieldCipher: FieldCipher;
  }
}

/** setInterval's longest delay; a longer one would fire every millisecond instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const DRAFT_PURGE_EVERY_MS = 10 * 60_000;

/**
 * Patient data at rest: the data keys (DATA_KEY, or the key file made on first start), the
 * request desk that seals every request, and the jobs that keep the store in shape: at start,
 * sealing anything not under the current key (an upgrade's clear-text rows, a rotated key);
 * at start and on a timer, the retention purge, one audit event per run with its count.
 */
export default fp(
  async (app) => {
    const loaded = loadDataKeys(app.config);
    if (loaded.created) app.log.warn({ keyFile: loaded.source }, 'Made a new data key file; keep it safe and apart from the database backups');
    else app.log.info({ keySource: loaded.source, keys: loaded.keys.length }, 'data keys loaded');
    const desk = new RequestDesk(app.store, createRequestVault(loaded.keys));
    app.decorate('requests', desk);
    app.decorate('fieldCipher', createFieldCipher(loaded.keys));

    const purge = async () => {
      try {
        const purged = await desk.purge(app.now(), app.config.RETENTION_DAYS);
        // One event per run that erased anything, with the count; a run that found nothing
        // due touched no personal data, so it is only logged.
        if (purged.length > 0) {
          await app.audit('requests.purged', null, String(purged.length));
          app.log.info({ purged: purged.length }, 'retention: personal fields of closed requests erased');
        } else app.log.debug('retention: nothing due');
      } catch (error) {
        app.log.error({ err: error }, 'retention purge failed; it runs again on its timer');
      }
    };
    // The public forms' drafts expire after DRAFT_MINUTES (reads ignore expired ones); this deletes them.
    const purgeDrafts = async () => {
      try {
        const purged = await app.store.drafts.purgeExpired(app.now());
        if (purged > 0) app.log.info({ purged }, 'expired form drafts deleted');
      } catch (error) {
        app.log.warn({ err: error }, 'could not delete expired form drafts');
      }
    };
    const timer = setInterval(() => void purge(), Math.min(app.config.RETENTION_EVERY_MINUTES * 60_000, MAX_TIMER_MS));
    timer.unref();
    const draftTimer = setInterval(() => void purgeDrafts(), DRAFT_PURGE_EVERY_MS);
    draftTimer.unref();
    app.addHook('onReady', async () => {
      try {
        const { resealed, unreadable } = await desk.resealAll();
        if (resealed > 0) app.log.info({ resealed }, 'requests sealed under the current data key');
        if (unreadable > 0) app.log.error({ unreadable }, 'requests that no data key held can open: restore the missing key (DATA_KEY_PREVIOUS or the key file)');
      } catch (error) {
        app.log.error({ err: error }, 'could not seal requests under the current data key; trying again at the next start');
      }
      await purge();
      await purgeDrafts();
    });
    app.addHook('preClose', async () => {
      clearInterval(timer);
      clearInterval(draftTimer);
    });
  },
  { name: 'requests', dependencies: ['core', 'audit'] },
);
