import { exits, type Tree } from '../trees/schema.js';
import type { JourneyCount, JourneyDayCount, JourneyPoint } from '../store/ports.js';

/**
 * How a GP journey ended, read from the tree data: at an outcome that sends the person on to a
 * contact form or a cleansing request (work for the service desk), or at any other outcome
 * (fixed, or advice that needs no form: deflected).
 */
export type Ending = 'deflected' | 'request';
export const ENDINGS: readonly Ending[] = ['deflected', 'request'];
export const ENDING_LABELS: Record<Ending, string> = {
  deflected: 'Ended without a form',
  request: 'Ended at a contact form or cleansing request',
};
const REQUEST_NEXT: ReadonlySet<string> = new Set(['contact-form', 'cleansing-request']);

export function endingOf(tree: Tree, nodeId: string): Ending | null {
  const node = tree.nodes[nodeId];
  if (node?.kind !== 'outcome') return null;
  return node.next && REQUEST_NEXT.has(node.next) ? 'request' : 'deflected';
}

/** The tallies the per-day chart needs: each tree's start ('reached') and each outcome ('ended'). */
export function dailyPoints(trees: readonly Tree[]): JourneyPoint[] {
  return trees.flatMap((tree) => [
    { treeId: tree.id, nodeId: tree.start, event: 'reached' as const },
    ...Object.entries(tree.nodes)
      .filter(([, node]) => node.kind === 'outcome')
      .map(([nodeId]) => ({ treeId: tree.id, nodeId, event: 'ended' as const })),
  ]);
}

export interface TreeJourneys {
  treeId: string;
  title: string;
  started: number;
  deflected: number;
  request: number;
}

export interface JourneyFigures {
  perTree: TreeJourneys[];
  /** Per day: journeys started and how they ended, all trees together. */
  perDay: Array<{ day: string; started: number; deflected: number; request: number }>;
  /** Share of the journeys that ended which ended without a form, or null when none ended. */
  deflection: { deflected: number; ended: number; share: number | null };
  stops: Stop[];
}

export interface Stop {
  treeId: string;
  treeTitle: string;
  nodeId: string;
  nodeTitle: string;
  reached: number;
  movedOn: number;
  stopped: number;
}

const sumOf = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

/**
 * Where people stop: at each node that is not an outcome, the times it was reached minus the
 * times people moved on from it. The tallies are per node, not per path, so a node reached from
 * several parents has its reaches shared among them in proportion to how often each parent was
 * reached. Going back or reloading a page counts as reaching it again: an estimate, ranked.
 */
export function stopNodes(tree: Tree, treeTitle: string, title: (tree: Tree, nodeId: string) => string, reached: ReadonlyMap<string, number>): Stop[] {
  const parents = new Map<string, string[]>();
  for (const [id, node] of Object.entries(tree.nodes)) {
    for (const target of new Set(exits(node).map(([, next]) => next))) parents.set(target, [...(parents.get(target) ?? []), id]);
  }
  const reach = (id: string) => reached.get(id) ?? 0;
  return Object.entries(tree.nodes)
    .filter(([, node]) => node.kind !== 'outcome')
    .map(([id, node]) => {
      const movedOn = sumOf(
        [...new Set(exits(node).map(([, next]) => next))].map((child) => {
          const from = parents.get(child) ?? [id];
          const all = sumOf(from.map(reach));
          return all === 0 ? 0 : (reach(child) * reach(id)) / all;
        }),
      );
      const rounded = Math.round(movedOn);
      return { treeId: tree.id, treeTitle, nodeId: id, nodeTitle: title(tree, id), reached: reach(id), movedOn: rounded, stopped: Math.max(0, reach(id) - rounded) };
    })
    .filter((stop) => stop.stopped > 0);
}

/** The journey figures from the store's sums: totals over the range and the daily points. */
export function journeyFigures(
  trees: readonly Tree[],
  titles: { tree: (tree: Tree) => string; node: (tree: Tree, nodeId: string) => string },
  totals: readonly JourneyCount[],
  days: readonly JourneyDayCount[],
  allDays: readonly string[],
  stopLimit: number,
): JourneyFigures {
  const byTree = new Map(trees.map((tree) => [tree.id, tree]));
  const perTree = trees.map((tree) => ({ treeId: tree.id, title: titles.tree(tree), started: 0, deflected: 0, request: 0 }));
  const rowOf = new Map(perTree.map((row) => [row.treeId, row]));
  const reachedByTree = new Map<string, Map<string, number>>();
  for (const count of totals) {
    const tree = byTree.get(count.treeId);
    const row = rowOf.get(count.treeId);
    // A tally for a tree or node no longer shipped is left out: it can't be classified.
    if (!tree || !row || !tree.nodes[count.nodeId]) continue;
    if (count.event === 'reached') {
      if (count.nodeId === tree.start) row.started += count.count;
      const reached = reachedByTree.get(tree.id) ?? new Map<string, number>();
      reached.set(count.nodeId, count.count);
      reachedByTree.set(tree.id, reached);
    } else {
      const ending = endingOf(tree, count.nodeId);
      if (ending) row[ending] += count.count;
    }
  }
  const perDayMap = new Map(allDays.map((day) => [day, { day, started: 0, deflected: 0, request: 0 }]));
  for (const count of days) {
    const tree = byTree.get(count.treeId);
    const row = perDayMap.get(count.day);
    if (!tree || !row) continue;
    if (count.event === 'reached' && count.nodeId === tree.start) row.started += count.count;
    if (count.event === 'ended') {
      const ending = endingOf(tree, count.nodeId);
      if (ending) row[ending] += count.count;
    }
  }
  const deflected = sumOf(perTree.map((row) => row.deflected));
  const ended = deflected + sumOf(perTree.map((row) => row.request));
  const stops = trees
    .flatMap((tree) => stopNodes(tree, titles.tree(tree), titles.node, reachedByTree.get(tree.id) ?? new Map()))
    .sort((a, b) => b.stopped - a.stopped || a.treeId.localeCompare(b.treeId) || a.nodeId.localeCompare(b.nodeId))
    .slice(0, stopLimit);
  return {
    perTree,
    perDay: [...perDayMap.values()],
    deflection: { deflected, ended, share: ended === 0 ? null : deflected / ended },
    stops,
  };
}
