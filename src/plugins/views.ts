import { join } from 'node:path';
import fp from 'fastify-plugin';
import type { FastifyReply } from 'fastify';
import fastifyView from '@fastify/view';
import fastifyStatic from '@fastify/static';
import { Eta } from 'eta';
import { ROOT } from '../paths.js';
import type { StaffUser } from '../store/ports.js';
import { loadAssets, STATIC_DIR } from '../web/assets.js';
import { compressOnce, compressPage, type Compressed } from '../web/compression.js';

export const SERVICE_NAME = 'NHS login support';

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Renders a page with the layout's common data: the signed-in staff member and, when the
     * page has a POST form, a CSRF token. Personal-data pages are never cached.
     */
    page(template: string, data: Record<string, unknown>, options?: { status?: number; csrf?: boolean }): Promise<FastifyReply>;
    /**
     * page() for a page that is the same for everyone who asks with the same key (no staff
     * member, no CSRF token, no personal data): rendered once, then served from memory.
     */
    sharedPage(key: string, template: string, data: () => Record<string, unknown>): Promise<FastifyReply>;
  }
  interface FastifyRequest {
    staff: StaffUser | null;
  }
}

const modules = join(ROOT, 'node_modules');
/** Shared pages kept in memory: every step of every tree, twice (page and fragment), fits. */
const SHARED_PAGE_LIMIT = 2000;
const YEAR_MS = 365 * 24 * 3600 * 1000;

/** Adds a request header to Vary, keeping what a route already put there (HX-Request). */
function addVary(reply: FastifyReply, header: string) {
  const current = reply.getHeader('vary');
  if (current === undefined || current === '') {
    reply.header('vary', header);
    return;
  }
  const wanted = header.toLowerCase();
  const text = String(current);
  if (!text.split(',').some((name) => name.trim().toLowerCase() === wanted)) reply.header('vary', `${text}, ${header}`);
}

/** Sends a page, compressed when the browser accepts it (see compression.ts for when it pays). */
function sendHtml(reply: FastifyReply, body: string | Compressed) {
  reply.type('text/html; charset=utf-8');
  const sent = typeof body === 'string' ? compressPage(body, reply.request.headers['accept-encoding'], reply.request.staff !== null) : body.pick(reply.request.headers['accept-encoding']);
  if (sent.varies) addVary(reply, 'Accept-Encoding');
  if (sent.encoding) reply.header('content-encoding', sent.encoding);
  return reply.send(sent.body);
}

export default fp(
  async (app) => {
    const assets = loadAssets();
    await app.register(fastifyView, {
      engine: { eta: new Eta() },
      templates: join(ROOT, 'views'),
      production: true,
      // it.asset('css/app.css') in a template: the URL of that file as built (content-hashed).
      defaultContext: { serviceName: SERVICE_NAME, asset: assets.url },
    });

    // nhsuk-frontend's CSS expects its images at /assets/. Not content-hashed, so cached for a
    // day only (they change only when the nhsuk-frontend package does).
    await app.register(fastifyStatic, { root: join(modules, 'nhsuk-frontend/dist/nhsuk/assets'), prefix: '/assets/', maxAge: '1d' });
    // CSS and JS as built by scripts/build-assets.js: a new content is a new URL, so each file
    // is cached for a year without asking again, and sent as its brotli or gzip twin when the
    // browser accepts one. A URL not in this build (an old hash) is a 404.
    await app.register(fastifyStatic, {
      root: STATIC_DIR,
      prefix: '/static/',
      decorateReply: false,
      preCompressed: true,
      immutable: true,
      maxAge: YEAR_MS,
      allowedPath: (path) => assets.served.has(path),
      setHeaders: (res) => res.setHeader('vary', 'Accept-Encoding'),
    });

    app.decorateRequest('staff', null);
    app.decorateReply('page', async function (template, data, options = {}) {
      const csrf = options.csrf || this.request.staff !== null;
      if (options.status) this.code(options.status);
      this.header('cache-control', 'no-store');
      const html = await this.viewAsync(template, {
        ...data,
        staff: this.request.staff,
        // The layout marks the staff menu's current section (aria-current) from this.
        currentPath: this.request.url.split('?')[0],
        csrfToken: csrf ? this.generateCsrf() : undefined,
      });
      return sendHtml(this, html);
    });

    // Kept with its compressed forms, each made once at the highest quality.
    const rendered = new Map<string, Compressed>();
    app.decorateReply('sharedPage', async function (key, template, data) {
      let page = rendered.get(key);
      if (page === undefined) {
        page = compressOnce(await this.viewAsync(template, { ...data(), staff: null, csrfToken: undefined }));
        // Bounded: the oldest entry goes first (a Map keeps insertion order).
        if (rendered.size >= SHARED_PAGE_LIMIT) rendered.delete(rendered.keys().next().value!);
        rendered.set(key, page);
      }
      this.header('cache-control', 'no-store');
      return sendHtml(this, page);
    });
  },
  { name: 'views', dependencies: ['security'] },
);
