import type { AuditCheckpoint, AuditEvent } from '../store/ports.js';
import { GENESIS_HASH, eventHash } from './chain.js';
import { checkpointSignedBy } from './checkpoint.js';

export type Tampering =
  /** The event's content no longer gives its stored hash. */
  | 'altered'
  /** The event's previous-hash is not the hash of the event before it. */
  | 'broken-link'
  /** A sequence number is skipped. */
  | 'missing'
  /** A signed checkpoint vouches for more events than the log now has. */
  | 'truncated'
  /** The event a checkpoint signed now has another hash: the chain was re-hashed. */
  | 'rewritten'
  /** A checkpoint whose signature is not this key's. */
  | 'forged-checkpoint';

export type VerifyResult =
  | { intact: true; events: number; checkpoints: number }
  | { intact: false; seq: number; problem: Tampering; message: string };

/** What the command and the page print. */
export function describeResult(result: VerifyResult): string {
  if (!result.intact) return `not intact: ${result.message}`;
  return result.events === 0 ? 'intact: no events yet' : `intact: events 1 to ${result.events}`;
}

const failure = (seq: number, problem: Tampering, message: string): VerifyResult => ({
  intact: false,
  seq,
  problem,
  message,
});

/**
 * Walks the chain one event at a time (oldest first, fed in batches so memory stays flat) and
 * holds each signed checkpoint against the event it names. Reports the first event that does
 * not match and why. Pure: the caller reads the events and checkpoints.
 */
export class ChainVerifier {
  private expected = 1;
  private prev = GENESIS_HASH;
  private failed: VerifyResult | null = null;
  private pending: AuditCheckpoint[];
  private lastCheckpointSeq = 0;
  private checkpointsMatched = 0;

  constructor(
    private readonly key: Buffer,
    checkpoints: readonly AuditCheckpoint[],
  ) {
    this.pending = [...checkpoints].sort((a, b) => a.seq - b.seq);
  }

  /** Feeds the next event; false once a failure is found (nothing more is needed). */
  push(event: AuditEvent): boolean {
    if (this.failed) return false;
    this.failed = this.check(event);
    return this.failed === null;
  }

  finish(): VerifyResult {
    if (this.failed) return this.failed;
    const last = this.expected - 1;
    const beyond = this.pending[0];
    if (beyond) {
      if (!checkpointSignedBy(this.key, beyond)) return this.forged(beyond);
      return failure(
        last + 1,
        'truncated',
        `events after ${last} are missing: a checkpoint signed ${beyond.at.toISOString()} vouches for events up to ${beyond.seq}`,
      );
    }
    return { intact: true, events: last, checkpoints: this.checkpointsMatched };
  }

  private check(event: AuditEvent): VerifyResult | null {
    const seq = this.expected;
    if (event.seq !== seq) {
      return failure(seq, 'missing', `event ${seq} is missing: the log goes from event ${seq - 1} to event ${event.seq}`);
    }
    if (event.prev !== this.prev) {
      return failure(
        seq,
        'broken-link',
        `event ${seq} does not follow event ${seq - 1}: its previous-event hash is not event ${seq - 1}'s hash (an event was removed, added or re-hashed)`,
      );
    }
    if (eventHash(this.prev, event) !== event.hash) {
      return failure(seq, 'altered', `event ${seq} has been altered: its content no longer matches its hash`);
    }
    while (this.pending[0] && this.pending[0].seq === seq) {
      const checkpoint = this.pending.shift()!;
      if (!checkpointSignedBy(this.key, checkpoint)) return this.forged(checkpoint);
      if (checkpoint.hash !== event.hash) {
        return failure(
          this.lastCheckpointSeq + 1,
          'rewritten',
          `the chain was rewritten: event ${seq}'s hash does not match the checkpoint signed ${checkpoint.at.toISOString()}, so events ${this.lastCheckpointSeq + 1} to ${seq} were changed and re-hashed`,
        );
      }
      this.lastCheckpointSeq = seq;
      this.checkpointsMatched++;
    }
    // A checkpoint for a sequence number below this one that no event matched cannot exist
    // (events come in order with no gaps), so only the head of `pending` needs looking at.
    this.prev = event.hash;
    this.expected = seq + 1;
    return null;
  }

  private forged(checkpoint: AuditCheckpoint): VerifyResult {
    return failure(
      checkpoint.seq,
      'forged-checkpoint',
      `the checkpoint for event ${checkpoint.seq} is not signed with this service's audit key (forged, changed, or a different AUDIT_KEY)`,
    );
  }
}
