import { join } from 'node:path';
import fp from 'fastify-plugin';
import { ROOT } from '../paths.js';
import { loadTrees, type TreeCatalogue } from '../trees/load.js';
import { loadLinkageRules } from '../linkage/rules.js';
import type { LinkageRules } from '../linkage/rules.js';
import { JourneyTally } from '../trees/journey-tally.js';

declare module 'fastify' {
  interface FastifyInstance {
    trees: TreeCatalogue;
    linkageRules: LinkageRules;
    journeyTally: JourneyTally;
  }
}

const TALLY_FLUSH_MS = 5000;

export const TREES_DIR = join(ROOT, 'fixtures/trees');
export const LINKAGE_RULES_FILE = join(ROOT, 'fixtures/linkage-rules.json');

/**
 * The diagnostic trees and the linkage checker's rules, read and checked once at start (a bad
 * tree stops the start with every problem listed: file, node id, what is wrong), and the
 * anonymous journey tally, saved every few seconds and at shutdown.
 */
export default fp<{ treesDir?: string }>(
  async (app, options) => {
    app.decorate('trees', await loadTrees(options.treesDir ?? TREES_DIR));
    app.decorate('linkageRules', await loadLinkageRules(LINKAGE_RULES_FILE));

    const tally = new JourneyTally();
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
