import type { JourneyCountRepository, JourneyEvent } from '../store/ports.js';

/**
 * Anonymous counts of GP-staff journeys, added up in memory and written in one go every few
 * seconds (and at shutdown), so showing a step never waits on a database write. A crash loses
 * at most the last few seconds of tallies: they are statistics, not records.
 */
export class JourneyTally {
  private pending = new Map<string, { treeId: string; nodeId: string; event: JourneyEvent; count: number }>();

  add(treeId: string, nodeId: string, event: JourneyEvent): void {
    const key = `${treeId}\u0000${nodeId}\u0000${event}`;
    const entry = this.pending.get(key);
    if (entry) entry.count += 1;
    else this.pending.set(key, { treeId, nodeId, event, count: 1 });
  }

  /** Writes what has been added since the last flush. */
  async flush(repository: JourneyCountRepository): Promise<void> {
    const entries = [...this.pending.values()];
    this.pending = new Map();
    for (const { treeId, nodeId, event, count } of entries) {
      await repository.add(treeId, nodeId, event, count);
    }
  }
}
