import fp from 'fastify-plugin';
import type { AuditAction } from '../audit/actions.js';
import { auditEvent, type AuditBy } from '../audit/event.js';
import { loadAuditKey } from '../audit/key.js';
import { AuditRecorder } from '../audit/recorder.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Records an audit event: the one way routes write to the audit log. `by` is the staff
     * member who did it (null for the anonymous public); the time is the app's clock.
     */
    audit(action: AuditAction, by: AuditBy, reference?: string | null, options?: { once?: boolean; at?: Date }): Promise<void>;
    /** The checkpoint key (never stored in the database): verify needs it. */
    auditKey: Buffer;
  }
}

/** setInterval's longest delay; a longer one would fire every millisecond instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The audit log: recording, and checkpoints every N events, hourly and at shut-down. */
export default fp(
  async (app) => {
    const key = loadAuditKey(app.config);
    const recorder = new AuditRecorder(app.store.audit, { every: app.config.AUDIT_CHECKPOINT_EVERY, key, now: app.now });
    app.decorate('auditKey', key);
    app.decorate('audit', async (action: AuditAction, by: AuditBy, reference: string | null = null, options: { once?: boolean; at?: Date } = {}) => {
      await recorder.record(auditEvent(action, by, reference, { at: options.at ?? app.now(), ...(options.once ? { once: true } : {}) }));
    });

    const timer = setInterval(() => {
      recorder.checkpoint().catch((error: unknown) => app.log.error({ err: error }, 'audit checkpoint failed'));
    }, Math.min(app.config.AUDIT_CHECKPOINT_MINUTES * 60_000, MAX_TIMER_MS));
    timer.unref();
    // preClose: before the core plugin closes the store. Events written since the last
    // checkpoint are then vouched for too, so deleting them while the app is down is found.
    app.addHook('preClose', async () => {
      clearInterval(timer);
      await recorder.checkpoint().catch((error: unknown) => app.log.error({ err: error }, 'audit checkpoint failed'));
    });
  },
  { name: 'audit', dependencies: ['core'] },
);
