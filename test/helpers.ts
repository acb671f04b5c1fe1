import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Test } from 'tap';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.js';
import { configSchema, type Config } from '../src/config.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { hashPassword } from '../src/staff/passwords.js';
import type { Role, StaffUser } from '../src/store/ports.js';

export interface Built {
  app: FastifyInstance;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  /** The raw log text, for "never appears" checks. */
  logText: () => string;
}

/** The real app on a fresh SQLite file in a temporary folder, closed when the test ends. */
export async function build(t: Test, overrides: Partial<Config> = {}, now?: () => Date): Promise<Built> {
  const dir = t.testdir({});
  // Event-loop shedding off unless a test asks for it: on a busy 2-core CI machine a parallel
  // test file can stall the loop past 1 s and make an unrelated page answer "busy".
  const config = { ...configSchema.parse({}), SQLITE_PATH: join(dir, 'test.sqlite'), LOG_LEVEL: 'info' as const, PRESSURE_MAX_EVENT_LOOP_DELAY_MS: 0, ...overrides };
  const chunks: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  const app = await buildApp({ config, store: openSqliteStore(config.SQLITE_PATH), logStream, ...(now ? { now } : {}) });
  await app.ready();
  t.teardown(() => app.close());
  const logText = () => chunks.join('');
  return {
    app,
    logText,
    get logs() {
      return logText()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
  };
}

/** A browser-like client for app.inject: keeps cookies, finds CSRF tokens in the last page. */
export class Client {
  private cookies = new Map<string, string>();
  last: LightMyRequestResponse | null = null;

  constructor(readonly app: FastifyInstance) {}

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: { ...this.cookieHeader(), ...headers } }));
  }

  /** Posts a form as a browser would, adding the CSRF token from the last page unless given. */
  async post(url: string, form: Record<string, string | string[]>, options: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const fields = new URLSearchParams();
    const token = options.csrf === false ? undefined : (form._csrf as string | undefined) ?? this.csrfToken();
    if (token && !('_csrf' in form)) fields.append('_csrf', token);
    for (const [key, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) fields.append(key, v);
    }
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...this.cookieHeader() },
        payload: fields.toString(),
      }),
    );
  }

  /** Submits the last page's form as a browser would: its hidden fields, plus what was typed. */
  async submit(url: string, typed: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const hidden = this.last ? hiddenFields(this.last.body) : {};
    return this.post(url, { ...hidden, ...typed });
  }

  /** The Cookie header this client would send. */
  cookieHeaderValue(): string {
    return this.cookieHeader().cookie ?? '';
  }

  csrfToken(): string | undefined {
    return this.last ? hiddenField(this.last.body, '_csrf') : undefined;
  }

  private cookieHeader(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() <= Date.now());
      if (expired || cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    if ((response.headers['content-type'] ?? '').toString().startsWith('text/html')) this.last = response;
    return response;
  }
}

/** The value of a hidden input in a page. */
export function hiddenField(html: string, name: string): string | undefined {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html);
  return match?.[1] ? decodeEntities(match[1]) : undefined;
}

/** Every hidden input in a page, by name. */
export function hiddenFields(html: string): Record<string, string> {
  return Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, decodeEntities(m[2]!)]),
  );
}

export const decodeEntities = (text: string): string =>
  text.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The page's h1 text, without its caption (nhsuk-frontend 10 puts the caption inside the h1). */
export const heading = (html: string): string =>
  decodeEntities(
    /<h1[^>]*>\s*([\s\S]*?)\s*<\/h1>/
      .exec(html)?.[1]
      ?.replace(/<span class="nhsuk-caption[^"]*">[\s\S]*?<\/span>/, '')
      .replace(/<[^>]+>/g, '')
      .trim() ?? '',
  );

/** The page's <title> text. */
export const title = (html: string): string => decodeEntities(/<title>([\s\S]*?)<\/title>/.exec(html)?.[1]?.trim() ?? '');

/** The error summary's messages with their links, in order. */
export function errorSummary(html: string): { href: string; message: string }[] {
  const summary = /<div class="nhsuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]+)">([\s\S]*?)<\/a>/g)].map((m) => ({ href: m[1]!, message: decodeEntities(m[2]!.trim()) }));
}

/** The value attribute of an input by id (what the page re-displays). */
export function inputValue(html: string, id: string): string | undefined {
  const tag = new RegExp(`<input[^>]*id="${id}"[^>]*>`).exec(html)?.[0];
  const value = tag ? /value="([^"]*)"/.exec(tag)?.[1] : undefined;
  return value === undefined ? undefined : decodeEntities(value);
}

export function textareaValue(html: string, id: string): string | undefined {
  const value = new RegExp(`<textarea[^>]*id="${id}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)?.[1];
  return value === undefined ? undefined : decodeEntities(value);
}

let passwordHashCache: Promise<string> | undefined;
export const TEST_PASSWORD = 'correct horse battery staple';

/** A staff account in the store (password TEST_PASSWORD). */
export async function createStaff(
  app: FastifyInstance,
  role: Role,
  username = `${role}-${Math.random().toString(36).slice(2, 8)}`,
  displayName = `Test ${role}`,
): Promise<StaffUser> {
  passwordHashCache ??= hashPassword(TEST_PASSWORD);
  return app.store.staff.create({ username, displayName, role, passwordHash: await passwordHashCache });
}

/** A client signed in through the real sign-in form; with a display name, the username is made from it ("Sam Agent": sam.agent). */
export async function login(app: FastifyInstance, role: Role, displayName?: string): Promise<{ client: Client; user: StaffUser }> {
  const user = displayName ? await createStaff(app, role, displayName.toLowerCase().replace(/\W+/g, '.'), displayName) : await createStaff(app, role);
  const client = new Client(app);
  await client.get('/staff/sign-in');
  const response = await client.post('/staff/sign-in', { username: user.username, password: TEST_PASSWORD, next: '/staff/requests' });
  if (response.statusCode !== 303) throw new Error(`sign-in failed: ${response.statusCode}`);
  return { client, user };
}
