import { walk, type Walk } from './engine.js';
import { formatAnswers } from './answers.js';
import type { Audience, Tree } from './schema.js';

/**
 * walk() remembered, for one catalogue of trees. A walk is a pure function of the tree, the
 * answers and the audience, and the trees do not change while the app runs, so the same
 * answers give the same step: this keeps the result of replaying (and validating) them once.
 * Only walks where every answer was valid are kept: those are bounded by the trees themselves,
 * while invalid answer lists are as many as anyone cares to type (they are replayed each
 * time). Bounded all the same (a declared cycle makes valid lists endless): the oldest entry
 * goes first (a Map keeps insertion order).
 *
 * A remembered walk is shared by every request that gives the same answers, so it is frozen.
 */
export class WalkCache {
  private readonly walks = new Map<string, Walk>();

  constructor(private readonly limit: number) {}

  walk(tree: Tree, answers: readonly string[], audience: Audience): Walk {
    // Tree ids are unique in a catalogue; the version too, should a catalogue ever be reloaded.
    const key = `${tree.id}|${tree.version}|${audience}|${formatAnswers(answers)}`;
    const known = this.walks.get(key);
    if (known) return known;
    const fresh = walk(tree, answers, audience);
    if (fresh.invalid) return fresh;
    if (this.walks.size >= this.limit) this.walks.delete(this.walks.keys().next().value!);
    this.walks.set(key, freeze(fresh));
    return fresh;
  }

  /** How many walks are kept. */
  get size(): number {
    return this.walks.size;
  }
}

/** Freezes what walk() made (not the tree's own objects a node refers to). */
function freeze(journey: Walk): Walk {
  for (const step of journey.trail) {
    Object.freeze(step.answersBefore);
    Object.freeze(step);
  }
  Object.freeze(journey.trail);
  Object.freeze(journey.answers);
  if (journey.back) Object.freeze(journey.back);
  Object.freeze(journey.node);
  return Object.freeze(journey);
}
