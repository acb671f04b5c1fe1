import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  CLEANSING_FIELDS,
  CLEANSING_LIMITS,
  FIELD_IDS,
  parseCleansingForm,
  type CleansingFormValues,
  type FieldError,
} from '../cleansing/form-schema.js';
import { confirmationPath, verifyConfirmation } from '../cleansing/confirmation-link.js';
import { REFERENCE_PATTERN } from '../cleansing/reference.js';
import { submitCleansingRequest } from '../cleansing/submit.js';
import { checkAnswersRows } from '../cleansing/check-answers.js';
import { readFormBody } from '../validation/form-body.js';
import type { CleansingRequestInput } from '../store/ports.js';

const BASE = '/cleansing-request';
const FORM_KEYS = [...CLEANSING_FIELDS, '_csrf'];
/** The check-your-answers form carries the answers back, plus the key that makes a resubmission find the first request. */
const CHECKED_KEYS = [...FORM_KEYS, 'idempotencyKey'];
const idempotencyKey = z.uuid();
const confirmationQuery = z.object({ ref: z.string().regex(REFERENCE_PATTERN), sig: z.string().max(64) });

const EMPTY = Object.fromEntries(CLEANSING_FIELDS.map((f) => [f, ''])) as CleansingFormValues;

/**
 * GP-practice staff ask the service desk to cleanse a patient's NHS login account (seed 004).
 * Stateless until the final submit: the answers travel in the form, so nothing personal is
 * stored before the person presses "Send request".
 */
const cleansingRequest: FastifyPluginAsync = async (app) => {
  const showForm = (reply: FastifyReply, values: CleansingFormValues, errors: FieldError[] = []) =>
    reply.page(
      'pages/cleansing-request/form',
      { title: 'Ask for an NHS login account to be cleansed', values, errors, ids: FIELD_IDS, limits: CLEANSING_LIMITS, backLink: { href: '/problems/lost-email' } },
      { status: errors.length ? 422 : 200, csrf: true },
    );

  const showCheck = (reply: FastifyReply, values: CleansingFormValues, input: CleansingRequestInput) =>
    reply.page(
      'pages/cleansing-request/check',
      { title: 'Check your answers before sending the request', values, rows: checkAnswersRows(input), idempotencyKey: randomUUID() },
      { csrf: true },
    );

  app.get(BASE, async (_request, reply) => showForm(reply, EMPTY));

  app.post(BASE, async (request, reply) => {
    const body = readFormBody(request.body, FORM_KEYS);
    if (!body.ok) return reply.errorPage(400);
    const values = body.values as CleansingFormValues;
    const parsed = parseCleansingForm(values, app.now());
    if (!parsed.ok) return showForm(reply, parsed.values, parsed.errors);
    return showCheck(reply, values, parsed.value);
  });

  // A "Change" link on the check page: back to the form with every answer still in it.
  app.post(`${BASE}/change`, async (request, reply) => {
    const body = readFormBody(request.body, CHECKED_KEYS);
    if (!body.ok) return reply.errorPage(400);
    return showForm(reply, body.values as CleansingFormValues);
  });

  app.post(
    `${BASE}/submit`,
    { config: { rateLimit: { max: app.config.PUBLIC_SUBMIT_RATE_LIMIT, timeWindow: app.config.PUBLIC_SUBMIT_RATE_WINDOW } } },
    async (request, reply) => {
      const body = readFormBody(request.body, CHECKED_KEYS);
      if (!body.ok) return reply.errorPage(400);
      const key = idempotencyKey.safeParse(body.values.idempotencyKey);
      if (!key.success) return reply.errorPage(400);
      // Checked again: the answers came back from the browser.
      const parsed = parseCleansingForm(body.values as CleansingFormValues, app.now());
      if (!parsed.ok) return showForm(reply, parsed.values, parsed.errors);
      const { reference } = await submitCleansingRequest(app.store, parsed.value, key.data, app.now());
      return reply.redirect(confirmationPath(app.cookieSecret, reference), 303);
    },
  );

  app.get(`${BASE}/confirmation`, async (request, reply) => {
    const query = confirmationQuery.safeParse(request.query);
    if (!query.success || !verifyConfirmation(app.cookieSecret, query.data.ref, query.data.sig)) return reply.callNotFound();
    return reply.page('pages/cleansing-request/confirmation', { title: 'Cleansing request sent', reference: query.data.ref });
  });
};

export default cleansingRequest;
