import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { Eta } from 'eta';
import { ROOT } from '../../src/paths.js';

// The tag partial against nhsuk-frontend 10's own component fixtures (components/tag).
const fixtures = JSON.parse(await readFile(join(ROOT, 'node_modules/nhsuk-frontend/dist/nhsuk/components/tag/fixtures.json'), 'utf8')) as {
  fixtures: Array<{ name: string; context: Record<string, unknown>; html: string }>;
};
const eta = new Eta({ views: join(ROOT, 'views') });
const squash = (html: string) => html.replace(/\s+/g, ' ').replace(/> </g, '><').trim();

t.test('the tag partial matches every nhsuk-frontend tag fixture it supports', async (t) => {
  // A nunjucks call block has no eta equivalent: those fixtures give neither text nor html.
  const supported = fixtures.fixtures.filter(
    ({ context }) => ('text' in context || 'html' in context) && Object.keys(context).every((key) => ['text', 'html', 'colour', 'border', 'classes', 'id'].includes(key)),
  );
  t.ok(supported.length >= 10, 'the colour fixtures at least');
  for (const { name, context, html } of supported) {
    t.equal(squash(eta.render('/partials/nhsuk/tag', context)), squash(html), name);
  }
});
