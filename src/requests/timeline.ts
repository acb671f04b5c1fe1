import { formatDate, formatDateTime } from '../text/dates.js';
import { londonIsoDate } from '../calendar/working-days.js';
import type { HistoryEntry, StaffRef } from './model.js';
import { REJECTION_REASONS, statusLabel } from './statuses.js';
import type { RetentionState } from './retention.js';

/**
 * The request's read-only timeline, in words: each history entry as who, when, what and why
 * (Zendesk's ticket audits, Zammad's history). Oldest first, as a history reads.
 */

export interface TimelineRow {
  at: string;
  who: string;
  what: string;
  /** The reason's label and the agent's words, when the move had them. */
  why: string[];
}

const name = (ref: StaffRef | null, empty: string): string => ref?.displayName ?? empty;

const reasonLabel = (id: string): string => REJECTION_REASONS.find((r) => r.id === id)?.label ?? id;

export function timelineRow(entry: HistoryEntry): TimelineRow {
  const at = formatDateTime(entry.at);
  const who = name(entry.by, 'Service desk');
  switch (entry.type) {
    case 'created':
      return { at, who: name(entry.by, 'GP practice staff, online'), what: `Request received: ${statusLabel(entry.status)}`, why: [] };
    case 'status': {
      const why = [entry.why?.reason ? reasonLabel(entry.why.reason) : null, entry.why?.text ?? null].filter((line): line is string => line !== null);
      return { at, who, what: `${statusLabel(entry.from)} → ${statusLabel(entry.to)}`, why };
    }
    case 'assignment': {
      const what =
        entry.to === null
          ? `Unassigned from ${name(entry.from, 'nobody')}`
          : entry.from === null
            ? `Assigned to ${entry.to.displayName}`
            : `Reassigned from ${entry.from.displayName} to ${entry.to.displayName}`;
      return { at, who, what, why: [] };
    }
  }
}

export const timelineRows = (history: readonly HistoryEntry[]): TimelineRow[] => history.map(timelineRow);

/** What a closed request says about its personal data, beside the status; null while open. */
export function retentionWords(retention: RetentionState): string | null {
  const day = (moment: Date) => formatDate(londonIsoDate(moment));
  switch (retention.state) {
    case 'open':
      return null;
    case 'waiting':
      return `Personal details will be erased on ${day(retention.purgeAt)}`;
    case 'due':
      return 'Personal details are due to be erased at the next purge';
    case 'purged':
      return `Personal details were erased on ${day(retention.purgedAt)}`;
  }
}
