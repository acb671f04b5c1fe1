import { join } from 'node:path';
import fp from 'fastify-plugin';
import fastifyView from '@fastify/view';
import fastifyStatic from '@fastify/static';
import { Eta } from 'eta';
import { ROOT } from '../paths.js';
import type { StaffUser } from '../store/ports.js';

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

export default fp(
  async (app) => {
    await app.register(fastifyView, {
      engine: { eta: new Eta() },
      templates: join(ROOT, 'views'),
      production: true,
      defaultContext: { serviceName: SERVICE_NAME },
    });

    // nhsuk-frontend's CSS expects its images at /assets/.
    await app.register(fastifyStatic, { root: join(modules, 'nhsuk-frontend/dist/nhsuk/assets'), prefix: '/assets/' });
    await app.register(fastifyStatic, {
      root: join(modules, 'nhsuk-frontend/dist/nhsuk'),
      prefix: '/nhsuk/',
      decorateReply: false,
      allowedPath: (path) => /^\/nhsuk-frontend\.min\.(css|js)(\.map)?$/.test(path),
    });
    await app.register(fastifyStatic, {
      root: join(modules, 'htmx.org/dist'),
      prefix: '/vendor/htmx/',
      decorateReply: false,
      allowedPath: (path) => path === '/htmx.min.js',
    });
    await app.register(fastifyStatic, { root: join(ROOT, 'static'), prefix: '/static/', decorateReply: false });

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
      return this.type('text/html; charset=utf-8').send(html);
    });

    const rendered = new Map<string, string>();
    app.decorateReply('sharedPage', async function (key, template, data) {
      let html = rendered.get(key);
      if (html === undefined) {
        html = await this.viewAsync(template, { ...data(), staff: null, csrfToken: undefined });
        // Bounded: the oldest entry goes first (a Map keeps insertion order).
        if (rendered.size >= SHARED_PAGE_LIMIT) rendered.delete(rendered.keys().next().value!);
        rendered.set(key, html);
      }
      return this.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
    });
  },
  { name: 'views', dependencies: ['security'] },
);
