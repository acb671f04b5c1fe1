import type { AuditRepository, NewAuditEvent } from '../store/ports.js';
import { signCheckpoint } from './checkpoint.js';

export interface CheckpointPolicy {
  /** Sign the head once it is this many events past the last checkpoint. */
  every: number;
  key: Buffer;
  now: () => Date;
}

/**
 * Appends events and keeps checkpoints coming: after every `every` events (counted from the
 * stored head, so events recorded by other processes or straight through the store count too)
 * and whenever `checkpoint()` is called (hourly and at close, by the audit plugin).
 */
export class AuditRecorder {
  private lastSigned: number | null = null;
  private signing: Promise<void> | null = null;

  constructor(
    private readonly audit: AuditRepository,
    private readonly policy: CheckpointPolicy,
  ) {}

  async record(event: NewAuditEvent): Promise<void> {
    await this.audit.record(event);
    await this.sign(this.policy.every);
  }

  /** Signs the head if any event came after the last checkpoint. */
  checkpoint(): Promise<void> {
    return this.sign(1);
  }

  private async sign(gap: number): Promise<void> {
    // One signing at a time: requests finishing together need one checkpoint, not many.
    while (this.signing) await this.signing;
    this.signing = (async () => {
      this.lastSigned ??= (await this.audit.latestCheckpoint())?.seq ?? 0;
      const head = await this.audit.head();
      if (!head || head.seq - this.lastSigned < gap) return;
      await this.audit.addCheckpoint(signCheckpoint(this.policy.key, head, this.policy.now()));
      this.lastSigned = head.seq;
    })();
    try {
      await this.signing;
    } finally {
      this.signing = null;
    }
  }
}
