import type { AuditActor, NewAuditEvent } from '../store/ports.js';
import { PUBLIC_ACTOR } from './actors.js';
import type { AuditAction } from './actions.js';

export interface AuditOptions {
  /** When it happened; the caller's clock. */
  at: Date;
  /** Store at most one such event per action and reference (a retried request stays single). */
  once?: boolean;
}

/** Who did it: a staff member (id and username only) or, with null, the anonymous public. */
export type AuditBy = { id: string; username: string } | AuditActor | null;

function actorOf(by: AuditBy): AuditActor {
  if (by === null) return PUBLIC_ACTOR;
  if ('id' in by) return { userId: by.id, username: by.username };
  return { userId: by.userId, username: by.username };
}

/** The one place an audit event is built: an action from the vocabulary, an actor, a reference. */
export function auditEvent(action: AuditAction, by: AuditBy, reference: string | null, options: AuditOptions): NewAuditEvent {
  const event: NewAuditEvent = { at: options.at, actor: actorOf(by), action, reference };
  if (options.once) event.dedupeKey = `${action}:${reference ?? ''}`;
  return event;
}
