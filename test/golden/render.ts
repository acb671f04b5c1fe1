import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import nunjucks from 'nunjucks';
import { Eta } from 'eta';
import { ROOT } from '../../src/paths.js';

const DIST = join(ROOT, 'node_modules/nhsuk-frontend/dist');

/** nhsuk-frontend's own Nunjucks set-up: its dist folder on the search path, as its README says. */
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(DIST), { autoescape: true });
/** Our views, rendered as the app renders them (eta's defaults, views/ as the root). */
const eta = new Eta({ views: join(ROOT, 'views') });

export interface Fixture {
  name: string;
  context: Record<string, unknown>;
  options?: Record<string, unknown>;
  html: string;
}

export function fixtures(component: string): Fixture[] {
  const file = join(DIST, 'nhsuk/components', component, 'fixtures.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { fixtures: Fixture[] }).fixtures;
}

/** The macro's name: kebab-case component folder to camelCase, as in the package's macro.njk files. */
function macroName(component: string): string {
  const name = readFileSync(join(DIST, 'nhsuk/components', component, 'macro.njk'), 'utf8').match(/{%\s*macro\s+(\w+)/);
  if (!name?.[1]) throw new Error(`no macro in ${component}/macro.njk`);
  return name[1];
}

export function renderMacro(component: string, params: Record<string, unknown>): string {
  const name = macroName(component);
  const template = `{% from "nhsuk/components/${component}/macro.njk" import ${name} %}{{ ${name}(params) }}`;
  return env.renderString(template, { params });
}

export function renderPartial(partial: string, params: Record<string, unknown>): string {
  return eta.render(`/partials/nhsuk/${partial}`, params);
}
