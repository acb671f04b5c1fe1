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
  /** The body of a Nunjucks call block, for fixtures that show one. */
  callBlock?: string;
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

/** The package's macro with the fixture's params, and its call block when it has one. */
export function renderMacro(component: string, fixture: Fixture): string {
  const name = macroName(component);
  const from = `{% from "nhsuk/components/${component}/macro.njk" import ${name} %}`;
  const template = fixture.callBlock === undefined ? `${from}{{ ${name}(params) }}` : `${from}{% call ${name}(params) %}{{ callBlock | safe }}{% endcall %}`;
  return env.renderString(template, { params: structuredClone(fixture.context), callBlock: fixture.callBlock });
}

/** Our partial with the fixture's params; a call block's body is the partial's `caller` param. */
export function renderPartial(partial: string, fixture: Fixture): string {
  const params = structuredClone(fixture.context);
  return eta.render(`/partials/nhsuk/${partial}`, fixture.callBlock === undefined ? params : { ...params, caller: fixture.callBlock });
}
