import type { FastifyPluginAsync } from 'fastify';

/**
 * The pages every NHS service links from its footer: contact, accessibility statement, privacy
 * notice and cookies. Static text; the cookie page reads the session length from config so it
 * says what the app really does.
 */
const info: FastifyPluginAsync = async (app) => {
  app.get('/contact', async (_request, reply) => reply.page('pages/info/contact', { title: 'Contact us' }));
  app.get('/accessibility', async (_request, reply) => reply.page('pages/info/accessibility', { title: 'Accessibility statement' }));
  app.get('/privacy', async (_request, reply) => reply.page('pages/info/privacy', { title: 'Privacy notice' }));
  app.get('/cookies', async (_request, reply) =>
    reply.page('pages/info/cookies', { title: 'Cookies', sessionHours: app.config.STAFF_SESSION_HOURS }),
  );
};

export default info;
