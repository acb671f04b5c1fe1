import type { Fixture } from './render.js';

/**
 * The one list of where our partials and nhsuk-frontend's macros part: fixtures a partial
 * can't render ("not supported"), and differences kept on purpose. Each with its reason.
 */
export interface Rule {
  /** Fixture names (the package's own), or params the fixture uses (dotted paths, `*` for any item). */
  fixtures?: string[];
  uses?: string[];
  reason: string;
}

export interface Entry {
  /** The package's component folder (dist/nhsuk/components/<component>/fixtures.json). */
  component: string;
  /** Why a component with no fixtures of its own is still covered. */
  noFixtures?: string;
  notSupported?: Rule[];
  differences?: Rule[];
}

export const allowList: Record<string, Entry> = {
  caption: { component: 'caption', noFixtures: "the package has no caption fixtures: captions are compared in the heading, label, legend and tables fixtures" },
  heading: { component: 'heading' },
  hint: { component: 'hint' },
  label: { component: 'label' },
  legend: { component: 'legend' },
  fieldset: { component: 'fieldset' },
  'error-message': { component: 'error-message' },
  'back-link': { component: 'back-link' },
  button: {
    component: 'button',
    notSupported: [{ uses: ['icon'], reason: 'icons: the service has no icon buttons' }],
  },
  input: { component: 'input' },
  textarea: { component: 'textarea' },
  'character-count': { component: 'character-count' },
  'error-summary': { component: 'error-summary' },
  panel: { component: 'panel' },
  radios: { component: 'radios' },
  checkboxes: { component: 'checkboxes' },
  select: { component: 'select' },
  details: { component: 'details' },
  'date-input': { component: 'date-input' },
  'summary-list': { component: 'summary-list' },
  card: {
    component: 'card',
    notSupported: [{ fixtures: ['primary (with chevron)', 'primary (with chevron and description)'], reason: "the primary card's chevron icon: the service has no primary cards" }],
  },
  'warning-callout': { component: 'warning-callout' },
  tag: { component: 'tag' },
  tables: {
    component: 'tables',
    notSupported: [{ uses: ['scroll'], reason: 'scrolling tables (the scroll component): staff tables use the responsive layout instead' }],
  },
  'inset-text': { component: 'inset-text' },
  pagination: {
    component: 'pagination',
    notSupported: [{ uses: ['items'], reason: 'numbered pages: staff lists page by cursor (keyset), so they have only newer and older links' }],
  },
  'skip-link': { component: 'skip-link' },
  footer: { component: 'footer' },
  header: {
    component: 'header',
    notSupported: [
      { uses: ['search'], reason: 'search: the service has no site search' },
      { uses: ['account.items.*.icon'], reason: 'account icons: the staff account menu has none' },
    ],
  },
};

function uses(value: unknown, path: string[]): boolean {
  if (path.length === 0) return value !== undefined && value !== null && value !== false && value !== '';
  if (value === null || typeof value !== 'object') return false;
  const [head, ...rest] = path as [string, ...string[]];
  if (head === '*') return Object.values(value).some((item) => uses(item, rest));
  return uses((value as Record<string, unknown>)[head], rest);
}

/** The first rule that covers this fixture. */
export function rule(rules: Rule[] | undefined, fixture: Fixture): Rule | undefined {
  return (rules ?? []).find(
    (r) => r.fixtures?.includes(fixture.name) || r.uses?.some((path) => uses(fixture.context, path.split('.'))),
  );
}
