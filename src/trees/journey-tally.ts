import type { JourneyCountRepository, JourneyEvent } from '../store/ports.js';

interface Entry {
  treeId: string;
  nodeId: string;
  event: JourneyEvent;
  day: string;
  count: number;
}

/**
 * Anonymous counts of GP-staff journeys, added up in memory and written in one go every few
 * seconds (and at shutdown), so showing a step never waits on a database write. A crash loses
 * at most the last few seconds of tallies: they are statistics, not records. Each is kept per
 * UTC day (for the figures page), never with a time, an IP address or anything about a person.
 */
export class JourneyTally {
  private pending = new Map<string, Entry>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  add(treeId: string, nodeId: string, event: JourneyEvent): void {
    const day = this.now().toISOString().slice(0, 10);
    const key = `${treeId}\u0000${nodeId}\u0000${event}\u0000${day}`;
    const entry = this.pending.get(key);
    if (entry) entry.count += 1;
    else this.pending.set(key, { treeId, nodeId, event, day, count: 1 });
  }

  /** Writes what has been added since the last flush. */
  async flush(repository: JourneyCountRepository): Promise<void> {
    const entries = [...this.pending.values()];
    this.pending = new Map();
    for (const { treeId, nodeId, event, count, day } of entries) {
      await repository.add(treeId, nodeId, event, count, day);
    }
  }
}
