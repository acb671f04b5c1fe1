/**
 * Helpers for the real-browser tests: the real app on a random port, Debian's Chromium driven by
 * playwright-core (one browser per test file), and axe-core run inside the page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Test } from 'tap';
import { chromium, type Browser, type BrowserContextOptions, type ConsoleMessage, type Page } from 'playwright-core';
import { build, type Built } from '../helpers.js';
import type { Config } from '../../src/config.js';

/** Debian's package; playwright-core cannot download its own browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Generous but bounded: the whole file has tap's 120 s. */
const ACTION_TIMEOUT_MS = 15_000;
const NAVIGATION_TIMEOUT_MS = 20_000;
const LAUNCH_TIMEOUT_MS = 30_000;

export interface Served extends Built {
  /** http://127.0.0.1:<port> */
  baseURL: string;
}

/** The real app (fresh SQLite file, see build) listening on a random local port; closed when the test ends. */
export async function serve(t: Test, overrides: Partial<Config> = {}): Promise<Served> {
  const built = await build(t, overrides);
  // build's teardown closes the app, and with it the server.
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const address = built.app.server.address();
  if (address === null || typeof address === 'string') throw new Error(`unexpected server address: ${String(address)}`);
  return Object.assign(built, { baseURL: `http://127.0.0.1:${address.port}` });
}

/**
 * One headless Chromium for the whole test file, closed in the file's teardown.
 *
 * Each launch gets a fresh profile: playwright's launch() always creates a new temporary
 * user-data dir (and deletes it on close), and refuses a --user-data-dir argument; a
 * persistent context would allow only one context, and the no-JavaScript journey needs its own.
 */
export async function launchBrowser(t: Test): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    timeout: LAUNCH_TIMEOUT_MS,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  t.teardown(() => browser.close());
  return browser;
}

export interface OpenPage {
  page: Page;
  /**
   * Console errors (CSP violations among them), uncaught page errors, and scripts, styles,
   * images or fonts that failed or came back 4xx/5xx, as text.
   */
  errors: string[];
}

/**
 * A page in a new browser context (its own cookies) for one test, closed when the test ends.
 * The app's Content-Security-Policy stays in force: the tests check it does not block anything.
 */
export async function openPage(t: Test, browser: Browser, baseURL: string, options: BrowserContextOptions = {}): Promise<OpenPage> {
  const context = await browser.newContext({ baseURL, locale: 'en-GB', viewport: { width: 1280, height: 900 }, ...options });
  t.teardown(() => context.close());
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  // This sandbox has no internet: the NHS font CDN (allowed by the CSP) answers with an empty
  // font here, so a blocked or failed font still shows up as an error below.
  await context.route('https://assets.nhs.uk/fonts/**', (route) => route.fulfill({ status: 200, contentType: 'font/woff2', body: '' }));
  const page = await context.newPage();
  if (options.javaScriptEnabled === false) scriptless.add(page);
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    // Chromium logs every 4xx page as "Failed to load resource", and the tests open error pages
    // on purpose; failed scripts, styles, images and fonts are caught below instead.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource: the server responded')) errors.push(message.text());
    // nhsuk-frontend logs a component that fails to start (ElementError, SupportError) with
    // console.log when no onError is given: an error whatever the console level.
    else if (/^\w*Error\b/.test(message.text())) errors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  // Pages (documents) and htmx requests (xhr, fetch) may be 4xx by design: an answer missing.
  const subresource = (type: string) => !['document', 'xhr', 'fetch'].includes(type);
  page.on('response', (response) => {
    if (response.status() >= 400 && subresource(response.request().resourceType())) errors.push(`${response.status()} for ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    // ERR_ABORTED: the page moved on (Back, a link) before, say, the favicon arrived; not a failure of the app.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    if (subresource(request.resourceType())) errors.push(`request failed (${request.failure()?.errorText ?? 'unknown'}): ${request.url()}`);
  });
  return { page, errors };
}

/** WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best-practice rules (landmarks, headings, regions). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** One entry per failing element: its CSS selector(s). */
  targets: string[];
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Pages opened with JavaScript disabled: axe needs a hand with timers there (see checkAxe). */
const scriptless = new WeakSet<Page>();

/**
 * Runs axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules, and best practice) on the page as it is now and returns the
 * violations in a form that reads well in a failure message.
 *
 * How axe gets into the page: the app's CSP is `script-src 'self'`, so page.addScriptTag with
 * inline content is refused (and addInitScript would put axe in every page before the app's own
 * scripts run). A context with bypassCSP: true would work but would switch the CSP off for the
 * app's own scripts too, hiding exactly the CSP problems these tests look for. page.evaluate
 * runs through the DevTools protocol, which the page's CSP does not govern, so axe's source is
 * evaluated that way, in the real page with the real CSP.
 *
 * With JavaScript disabled, DevTools evaluation still works and promises still settle, but
 * timers never fire, and axe.run defers its work with setTimeout, so it would never finish.
 * For those pages only, setTimeout is swapped while axe runs for one that runs short delays as
 * a microtask and never fires long ones (axe's time-outs for frames, which these pages lack),
 * then put back. No page script runs either way.
 */
export async function checkAxe(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async ({ tags, shimTimers }) => {
      interface AxeResult {
        violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[];
      }
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe;
      const realSetTimeout = window.setTimeout;
      const realClearTimeout = window.clearTimeout;
      if (shimTimers) {
        let next = 1;
        const cancelled = new Set<number>();
        const shim = (callback: TimerHandler, ms = 0, ...args: unknown[]): number => {
          const id = next++;
          if (typeof callback === 'function' && ms <= 100) {
            void Promise.resolve().then(() => {
              if (!cancelled.has(id)) (callback as (...a: unknown[]) => void)(...args);
            });
          }
          return id;
        };
        window.setTimeout = shim as typeof window.setTimeout;
        window.clearTimeout = ((id?: number) => void (id !== undefined && cancelled.add(id))) as typeof window.clearTimeout;
      }
      try {
        const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact ?? null,
          help: v.help,
          targets: v.nodes.map((n) => n.target.map(String).join(' ')),
        }));
      } finally {
        window.setTimeout = realSetTimeout;
        window.clearTimeout = realClearTimeout;
      }
    },
    { tags: AXE_TAGS, shimTimers: scriptless.has(page) },
  );
}

/** Asserts axe finds nothing on the page; the message names the rule and the elements. */
export async function assertNoAxeViolations(t: Test, page: Page, what: string): Promise<void> {
  const violations = await checkAxe(page);
  const readable = violations.map((v) => `${v.id} (${v.impact ?? 'no impact'}): ${v.help} -> ${v.targets.join(', ')}`);
  t.same(readable, [], `axe: no WCAG A/AA or best-practice violations on ${what} (${page.url()})`);
}

/** The page's <h1> text without its caption (nhsuk-frontend 10 puts it inside the h1), trimmed and with whitespace collapsed. */
export async function h1(page: Page): Promise<string> {
  const text = await page.locator('h1').first().evaluate((h) => {
    const copy = h.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('[class^="nhsuk-caption"]').forEach((caption) => caption.remove());
    return copy.textContent ?? '';
  });
  return text.replace(/\s+/g, ' ').trim();
}

/** What has keyboard focus: its id, tag and text, for assertions and messages. */
export async function focused(page: Page): Promise<{ id: string; tag: string; text: string; href: string | null }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return {
      id: el?.id ?? '',
      tag: el?.tagName.toLowerCase() ?? '',
      text: (el?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      href: el?.getAttribute('href') ?? null,
    };
  });
}

/** Presses Tab until `matches` says the focused element is the one wanted; fails after `max` presses. */
export async function tabUntil(
  page: Page,
  matches: (f: Awaited<ReturnType<typeof focused>>) => boolean,
  max = 60,
): Promise<Awaited<ReturnType<typeof focused>>> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (matches(now)) return now;
  }
  throw new Error(`Tab never reached the element wanted after ${max} presses`);
}

/** Does `action` (a click, a submit) and waits for the page it loads, which must be at `url`. */
export async function navigate(page: Page, action: () => Promise<unknown>, url: RegExp): Promise<void> {
  await Promise.all([page.waitForEvent('load'), action()]);
  if (!url.test(page.url())) throw new Error(`expected to be at ${url}, but at ${page.url()}`);
}
