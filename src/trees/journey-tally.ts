import type { JourneyCountRepository, JourneyEvent } from '../store/ports.js';

interface Entry {
  treeId: string;
  nodeId: string;
  event: JourneyEvent;
  day: string;
  count: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Anonymous counts of GP-staff journeys, added up in memory and written in one go every few
 * seconds (and at shutdown), so showing a step never waits on a database write. A crash loses
 * at most the last few seconds of tallies: they are statistics, not records. Each is kept per
 * UTC day (for the figures page), never with a time, an IP address or anything about a person.
 */
export class JourneyTally {
  private pending = new Map<string, Entry>();
  /** The UTC day last seen and where it starts and ends (ms), so a step is not a date format. */
  private day = '';
  private dayStart = 0;
  private dayEnd = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  add(treeId: string, nodeId: string, event: JourneyEvent): void {
    const day = this.today();
    const key = `${treeId}\u0000${nodeId}\u0000${event}\u0000${day}`;
    const entry = this.pending.get(key);
    if (entry) entry.count += 1;
    else this.pending.set(key, { treeId, nodeId, event, day, count: 1 });
  }

  /** YYYY-MM-DD of now in UTC; worked out again only when the clock leaves the day (either way). */
  private today(): string {
    const ms = this.now().getTime();
    if (ms < this.dayStart || ms >= this.dayEnd) {
      this.day = new Date(ms).toISOString().slice(0, 10);
      this.dayStart = Date.parse(this.day); // a date-only ISO string is read as UTC midnight
      this.dayEnd = this.dayStart + DAY_MS;
    }
    return this.day;
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
