import type { FastifyPluginAsync } from 'fastify';

/** The start page: what GP-practice staff can fix here, one link per problem. */
const home: FastifyPluginAsync = async (app) => {
  app.get('/', async (_request, reply) => reply.page('pages/home', { title: 'Help a patient with the NHS App or NHS login' }));
};

export default home;
