import type { FastifyPluginAsync } from 'fastify';
import { checkLinkage } from '../linkage/check.js';
import { LINKAGE_FORM_FIELDS, readLinkageForm, type LinkageFormValues } from '../linkage/form.js';
import { readFormBody } from '../validation/form-body.js';
import { reviewForPage } from '../trees/review.js';

const TITLE = 'Check the GP registration details (PIN document)';

/** The linkage checker on its own page, for agents and GP staff. It stores nothing it is given. */
const linkage: FastifyPluginAsync = async (app) => {
  const common = () => ({ title: TITLE, rules: app.linkageRules, review: reviewForPage(app.linkageRules.review, app.now()) });
  app.get('/check/linkage', async (_request, reply) =>
    reply.page('pages/check/linkage', { ...common(), values: {}, errors: [] }, { csrf: true }),
  );

  app.post('/check/linkage', async (request, reply) => {
    const body = readFormBody(request.body, ['_csrf', ...LINKAGE_FORM_FIELDS]);
    if (!body.ok) {
      return reply.errorPage(400);
    }
    const values = body.values as LinkageFormValues;
    const form = readLinkageForm(values, app.now());
    if (!form.ok) {
      return reply.page('pages/check/linkage', { ...common(), values, errors: form.errors }, { status: 422, csrf: true });
    }
    const report = checkLinkage(form.input, app.linkageRules, app.now());
    return reply.page('pages/check/linkage', { ...common(), values, errors: [], report }, { csrf: true });
  });
};

export default linkage;
