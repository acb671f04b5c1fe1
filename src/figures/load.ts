import { olderThanCutoff, type BankHolidays } from '../calendar/working-days.js';
import { KINDS, REQUEST_KINDS } from '../requests/kinds.js';
import { OPEN_STATUSES, statusLabel } from '../requests/statuses.js';
import type { DayRange, FiguresRepository } from '../store/ports.js';
import { resolveText } from '../trees/engine.js';
import type { Tree } from '../trees/schema.js';
import { dailyPoints, journeyFigures } from './journeys.js';
import { daysOf } from './range.js';
import { journeySections, requestSections, type Section } from './sections.js';

/** The ages the page breaks open requests into: open for more than this many working days. */
export const AGEING_WORKING_DAYS = [1, 3, 5] as const;
export const TOP_PRACTICES = 10;
export const TOP_STOPS = 10;

export interface FiguresPage {
  journeys: Section[];
  requests: Section[];
}

/** Asks the store for each figure (grouped in the store) and turns them into the page's sections. */
export async function loadFigures(
  figures: FiguresRepository,
  trees: readonly Tree[],
  holidays: BankHolidays,
  range: DayRange,
  now: Date,
): Promise<FiguresPage> {
  const days = daysOf(range);
  const [totals, daily, byPractice, byDay, triagesByAgent, ageing, byKindStatusSource, practicesByKind, completion, completedByAgent, openQueries] = await Promise.all([
    figures.journeyTotals(range),
    figures.journeyDays(range, dailyPoints(trees)),
    figures.requestsByPractice(range, TOP_PRACTICES),
    figures.requestsByDay(range),
    figures.triagesFinishedByAgent(range),
    figures.openCreatedBefore(
      AGEING_WORKING_DAYS.map((n) => olderThanCutoff(now, holidays, n)),
      OPEN_STATUSES,
    ),
    figures.requestsByKindStatusSource(range),
    Promise.all(REQUEST_KINDS.map((kind) => figures.requestsByPracticeOfKind(range, kind, TOP_PRACTICES))),
    figures.completionTime(range),
    figures.completedByAgent(range),
    figures.openQueriesByAgent(),
  ]);
  const sum = (rows: Array<{ label: string; count: number }>) => {
    const totals = new Map<string, number>();
    for (const row of rows) totals.set(row.label, (totals.get(row.label) ?? 0) + row.count);
    return [...totals].map(([label, count]) => ({ label, count }));
  };
  const titles = {
    tree: (tree: Tree) => resolveText(tree.title, 'gp'),
    node: (tree: Tree, nodeId: string) => {
      const node = tree.nodes[nodeId];
      return node ? resolveText(node.title, 'gp') : nodeId;
    },
  };
  return {
    journeys: journeySections(journeyFigures(trees, titles, totals, daily, days, TOP_STOPS), days),
    requests: requestSections(
      {
        byDay,
        byPractice,
        triagesByAgent,
        ageing: AGEING_WORKING_DAYS.map((workingDays, i) => ({ workingDays, count: ageing[i] ?? 0 })),
        byKindStatus: sum(byKindStatusSource.map((r) => ({ label: `${KINDS[r.kind].label}: ${statusLabel(r.status)}`, count: r.count }))),
        bySource: sum(byKindStatusSource.map((r) => ({ label: r.source === 'ticket' ? 'Written up from a ticket' : 'Online form', count: r.count }))),
        practicesByKind: REQUEST_KINDS.map((kind, i) => ({ kind: KINDS[kind].label, practices: practicesByKind[i] ?? [] })),
        completion,
        completedByAgent,
        openQueries,
      },
      days,
    ),
  };
}
