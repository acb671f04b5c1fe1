import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ROOT } from '../../src/paths.js';
import { normalise } from './normalise.js';
import { fixtures, renderMacro, renderPartial } from './render.js';
import { allowList, rule, type Rule } from './allow-list.js';

/*
 * Every partial in views/partials/nhsuk/ against nhsuk-frontend's own fixtures: the package's
 * Nunjucks macro and our eta partial render each fixture's params, and the two trees must be
 * the same (whitespace, attribute order and class order aside). A fixture a partial can't
 * render, or a difference we keep on purpose, is in allow-list.ts with its reason.
 */
const partials = readdirSync(join(ROOT, 'views/partials/nhsuk'))
  .filter((file) => file.endsWith('.eta'))
  .map((file) => file.slice(0, -'.eta'.length));

const label = (index: number, name: string) => `${index + 1}. ${name}`;

for (const partial of partials) {
  t.test(partial, async (t) => {
    const entry = allowList[partial];
    t.ok(entry, `${partial} has an entry in allow-list.ts (its component, and any gaps)`);
    if (!entry) return;
    const all = fixtures(entry.component);
    if (entry.noFixtures) t.equal(all.length, 0, `${entry.component} has no fixtures of its own: ${entry.noFixtures}`);
    else t.ok(all.length > 0, `${entry.component} has fixtures to compare`);
    const used = new Map<Rule, number>();
    const use = (r: Rule) => used.set(r, (used.get(r) ?? 0) + 1);
    for (const [index, fixture] of all.entries()) {
      const name = label(index, fixture.name);
      const unsupported = rule(entry.notSupported, fixture);
      if (unsupported) {
        use(unsupported);
        continue;
      }
      const ours = renderPartial(partial, fixture);
      t.notMatch(ours, /\bundefined\b|\bnull\b|\[object Object\]/, `${name}: no option left out prints "undefined"`);
      const theirs = normalise(renderMacro(entry.component, fixture));
      // The harness itself: the macro, set up here, renders what the package says it renders.
      t.equal(theirs, normalise(fixture.html), `${name}: the package's macro renders its fixture's HTML`);
      const different = rule(entry.differences, fixture);
      if (different) {
        use(different);
        t.not(normalise(ours), theirs, `${name}: differs on purpose (${different.reason}); remove the entry once it matches`);
      } else {
        t.equal(normalise(ours), theirs, name);
      }
    }
    for (const r of entry.notSupported ?? []) {
      t.ok(used.has(r), `not supported: ${used.get(r) ?? 0} ${entry.component} fixtures: ${r.reason}`);
    }
    for (const r of entry.differences ?? []) {
      t.ok(used.has(r), `differs on purpose: ${used.get(r) ?? 0} ${entry.component} fixtures: ${r.reason}`);
    }
  });
}

t.test('every allow-list entry names a partial that exists', async (t) => {
  t.same(Object.keys(allowList).filter((p) => !partials.includes(p)), []);
});
