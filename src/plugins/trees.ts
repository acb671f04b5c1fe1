import { join } from 'node:path';
import fp from 'fastify-plugin';
import { ROOT } from '../paths.js';
import { loadTrees, type TreeCatalogue } from '../trees/load.js';
import { loadLinkageRules } from '../linkage/rules.js';
import type { LinkageRules } from '../linkage/rules.js';
import { JourneyTally } from '../trees/journey-tally.js';
import { loadCodeBook, type CodeBook } from '../trees/nhs-login-codes.js';
import { isOverdue, type Review } from '../trees/review.js';

declare module 'fastify' {
  interface FastifyInstance {
    trees: TreeCatalogue;
    linkageRules: LinkageRules;
    journeyTally: JourneyTally;
    /** NHS login's CIDnnnn references. */
    nhsLoginCodes: CodeBook;
  }
}

const TALLY_FLUSH_MS = 5000;

export const TREES_DIR = join(ROOT, 'fixtures/trees');
export const LINKAGE_RULES_FILE = join(ROOT, 'fixtures/linkage-rules.json');
export const NHS_LOGIN_CODES_FILE = join(ROOT, 'fixtures/nhs-login-codes.json');

/** Every content file past its next-review date, for the start log. */
export function overdueContent(items: ReadonlyArray<{ name: string; review: Review }>, now: Date): string[] {
  return items.filter((item) => isOverdue(item.review, now)).map((item) => `${item.name} (next review was due ${item.review.nextReview}, owner: ${item.review.owner})`);
}

/**
 * The diagnostic trees and the linkage checker's rules, read and checked once at start (a bad
 * tree stops the start with every problem listed: file, node id, what is wrong), NHS login's
 * CID codes (checked the same way), a log line naming any of them past its review date, and the
 * anonymous journey tally, saved every few seconds and at shutdown.
 */
export default fp<{ treesDir?: string; codesFile?: string }>(
  async (app, options) => {
    const trees = await loadTrees(options.treesDir ?? TREES_DIR);
    app.decorate('trees', trees);
    const linkageRules = await loadLinkageRules(LINKAGE_RULES_FILE);
    app.decorate('linkageRules', linkageRules);
    const codes = await loadCodeBook(options.codesFile ?? NHS_LOGIN_CODES_FILE, new Set(trees.list().map((tree) => tree.id)));
    app.decorate('nhsLoginCodes', codes);
    const overdue = overdueContent(
      [
        ...trees.list().map((tree) => ({ name: `tree ${tree.id}`, review: tree.review })),
        { name: 'NHS login codes', review: codes.review },
        { name: 'linkage rules', review: linkageRules.review },
      ],
      app.now(),
    );
    // One line naming each, so whoever keeps the content sees it in the log at every start.
    if (overdue.length > 0) app.log.warn({ overdue }, `Content past its review date: ${overdue.join('; ')}`);

    const tally = new JourneyTally(() => app.now());
    app.decorate('journeyTally', tally);
    const flush = () => tally.flush(app.store.journeys).catch((error: unknown) => app.log.error({ err: error }, 'journey tally not saved'));
    const timer = setInterval(flush, TALLY_FLUSH_MS).unref();
    // preClose: before the store (closed in core's onClose) goes away.
    app.addHook('preClose', async () => {
      clearInterval(timer);
      await flush();
    });
  },
  { name: 'trees', dependencies: ['core'] },
);
