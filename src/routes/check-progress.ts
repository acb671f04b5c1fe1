import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { parseProgressForm, progressAnswer, PROGRESS_FIELD_IDS, PROGRESS_FIELDS, PROGRESS_NOT_FOUND, type ProgressValues } from '../requests/progress-form.js';
import type { FieldError } from '../forms/field-errors.js';
import { StoreUnavailableError } from '../store/errors.js';
import { readFormBody } from '../validation/form-body.js';

const EMPTY: ProgressValues = { reference: '', email: '' };

/**
 * /check-progress: GP staff give the reference and the email address they sent it from, and
 * see the status and the date of the last change, nothing else. The same words whether the
 * reference is unknown or the email does not match, and rate limited like the forms' submits,
 * so it cannot be used to find out which references exist.
 */
const checkProgress: FastifyPluginAsync = async (app) => {
  const show = (reply: FastifyReply, values: ProgressValues, extras: { errors?: FieldError[]; answer?: { reference: string; status: string; lastChanged: string }; status?: number; storeFault?: boolean } = {}) => {
    const errors = extras.errors ?? [];
    return reply.page(
      'pages/check-progress',
      { title: 'Check the progress of a request', values, ids: PROGRESS_FIELD_IDS, errors, answer: extras.answer ?? null, storeFault: extras.storeFault ?? false, backLink: { href: '/' } },
      { status: extras.status ?? (errors.length ? 422 : 200), csrf: true },
    );
  };

  app.get('/check-progress', async (_request, reply) => show(reply, EMPTY));

  app.post(
    '/check-progress',
    { config: { rateLimit: { max: app.config.PUBLIC_SUBMIT_RATE_LIMIT, timeWindow: app.config.PUBLIC_SUBMIT_RATE_WINDOW } } },
    async (request, reply) => {
      const body = readFormBody(request.body, [...PROGRESS_FIELDS, '_csrf']);
      if (!body.ok) return reply.errorPage(400);
      const values: ProgressValues = { reference: body.values.reference ?? '', email: body.values.email ?? '' };
      const parsed = parseProgressForm(values);
      if (!parsed.ok) return show(reply, values, { errors: parsed.errors });
      let found;
      try {
        found = await app.requests.progress(parsed.value.references[0]!, parsed.value.emailKeyInput);
      } catch (error) {
        if (!(error instanceof StoreUnavailableError)) throw error;
        return show(reply, values, { status: 503, storeFault: true });
      }
      if (!found) return show(reply, values, { errors: [{ field: 'reference', href: `#${PROGRESS_FIELD_IDS.reference}`, message: PROGRESS_NOT_FOUND }] });
      await app.audit('requests.progress-checked', null, found.reference);
      return show(reply, values, { answer: { reference: found.reference, ...progressAnswer(found) } });
    },
  );
};

export default checkProgress;
