import { join } from 'node:path';
import fp from 'fastify-plugin';
import { ROOT } from '../paths.js';
import { loadTrees, type TreeCatalogue } from '../trees/load.js';
import { loadLinkageRules } from '../linkage/rules.js';
import type { LinkageRules } from '../linkage/rules.js';

declare module 'fastify' {
  interface FastifyInstance {
    trees: TreeCatalogue;
    linkageRules: LinkageRules;
  }
}

export const TREES_DIR = join(ROOT, 'fixtures/trees');
export const LINKAGE_RULES_FILE = join(ROOT, 'fixtures/linkage-rules.json');

/**
 * The diagnostic trees and the linkage checker's rules, read and checked once at start. A bad
 * tree stops the start with every problem listed (file, node id, what is wrong).
 */
export default fp<{ treesDir?: string }>(
  async (app, options) => {
    app.decorate('trees', await loadTrees(options.treesDir ?? TREES_DIR));
    app.decorate('linkageRules', await loadLinkageRules(LINKAGE_RULES_FILE));
  },
  { name: 'trees' },
);
