import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
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
import { DraftBox, type CleansingDraft } from '../cleansing/drafts.js';
import { createFieldCipher } from '../crypto/field-cipher.js';
import { loadDataKey } from '../crypto/data-key.js';
import { newToken } from '../staff/tokens.js';
import { StoreUnavailableError } from '../store/errors.js';
import { readFormBody } from '../validation/form-body.js';

const BASE = '/cleansing-request';
const CHECK = `${BASE}/check`;
const FORM_KEYS = [...CLEANSING_FIELDS, '_csrf'];
const DRAFT_COOKIE = 'cleansing-draft';
/** Expired drafts are deleted at start and this often (reads also ignore them). */
const PURGE_EVERY_MS = 10 * 60_000;
const confirmationQuery = z.object({ ref: z.string().regex(REFERENCE_PATTERN), sig: z.string().max(64) });

const EMPTY = Object.fromEntries(CLEANSING_FIELDS.map((f) => [f, ''])) as CleansingFormValues;

/**
 * GP-practice staff ask the service desk to cleanse a patient's NHS login account (seed 004).
 * Post/redirect/get: each POST stores the answers as an encrypted draft (src/cleansing/drafts.ts)
 * and redirects, so the form, check-your-answers and confirmation are all GETs the browser can
 * go Back to without "Confirm Form Resubmission".
 */
const cleansingRequest: FastifyPluginAsync = async (app) => {
  const dataKey = loadDataKey(app.config);
  if (dataKey.created) app.log.warn({ keyFile: dataKey.source }, 'Made a new data key file; keep it with the database backups');
  const box = new DraftBox(app.store.drafts, createFieldCipher([dataKey.key]), app.config.DRAFT_MINUTES);
  const cookieOptions = { path: BASE, httpOnly: true, sameSite: 'lax' as const, secure: app.config.SECURE_COOKIES, maxAge: app.config.DRAFT_MINUTES * 60 };

  const purge = async () => {
    try {
      const purged = await app.store.drafts.purgeExpired(app.now());
      if (purged > 0) app.log.info({ purged }, 'expired cleansing drafts deleted');
    } catch (error) {
      app.log.warn({ err: error }, 'could not delete expired cleansing drafts');
    }
  };
  const timer = setInterval(() => void purge(), PURGE_EVERY_MS).unref();
  app.addHook('onReady', purge);
  app.addHook('onClose', async () => clearInterval(timer));

  const showForm = (reply: FastifyReply, values: CleansingFormValues, errors: FieldError[] = [], status?: number) =>
    reply.page(
      'pages/cleansing-request/form',
      {
        title: 'Ask for an NHS login account to be cleansed',
        values,
        errors,
        ids: FIELD_IDS,
        limits: CLEANSING_LIMITS,
        backLink: { href: '/problems/lost-email' },
        storeFault: status === 503,
      },
      { status: status ?? (errors.length ? 422 : 200), csrf: true },
    );

  const draftOf = (request: FastifyRequest) => box.load(request.cookies[DRAFT_COOKIE], app.now());

  /** Saves the draft under this browser's cookie (made on first save). */
  const saveDraft = async (request: FastifyRequest, reply: FastifyReply, draft: CleansingDraft) => {
    const token = request.cookies[DRAFT_COOKIE] ?? newToken();
    await box.save(token, draft, app.now());
    reply.setCookie(DRAFT_COOKIE, token, cookieOptions);
  };

  app.get(BASE, async (request, reply) => {
    const draft = await draftOf(request);
    if (!draft || !('values' in draft)) return showForm(reply, EMPTY);
    return showForm(reply, draft.values, draft.errors);
  });

  app.post(BASE, async (request, reply) => {
    const body = readFormBody(request.body, FORM_KEYS);
    if (!body.ok) return reply.errorPage(400);
    const values = Object.fromEntries(CLEANSING_FIELDS.map((f) => [f, body.values[f] ?? ''])) as CleansingFormValues;
    const parsed = parseCleansingForm(values, app.now());
    // With errors, only what may be shown again is kept (never a full NHS number).
    const draft: CleansingDraft = parsed.ok
      ? { values, idempotencyKey: randomUUID(), errors: [] }
      : { values: parsed.values, idempotencyKey: null, errors: parsed.errors };
    try {
      await saveDraft(request, reply, draft);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      request.log.error({ err: error }, 'cleansing form: store unavailable');
      return showForm(reply, parsed.ok ? values : parsed.values, parsed.ok ? [] : parsed.errors, 503);
    }
    return reply.redirect(parsed.ok ? CHECK : BASE, 303);
  });

  const showCheck = async (reply: FastifyReply, values: CleansingFormValues, status = 200) => {
    const parsed = parseCleansingForm(values, app.now());
    if (!parsed.ok) return reply.redirect(BASE, 303);
    return reply.page(
      'pages/cleansing-request/check',
      { title: 'Check your answers before sending the request', rows: checkAnswersRows(parsed.value), storeFault: status === 503, backLink: { href: BASE } },
      { status, csrf: true },
    );
  };

  app.get(CHECK, async (request, reply) => {
    const draft = await draftOf(request);
    if (!draft || !('values' in draft) || !draft.idempotencyKey) return reply.redirect(BASE, 303);
    return showCheck(reply, draft.values);
  });

  app.post(
    `${BASE}/submit`,
    { config: { rateLimit: { max: app.config.PUBLIC_SUBMIT_RATE_LIMIT, timeWindow: app.config.PUBLIC_SUBMIT_RATE_WINDOW } } },
    async (request, reply) => {
      const body = readFormBody(request.body, ['_csrf']);
      if (!body.ok) return reply.errorPage(400);
      const draft = await draftOf(request);
      // Sent already (a double click, or Back and send again): the same confirmation.
      if (draft && 'sentReference' in draft) return reply.redirect(confirmationPath(app.cookieSecret, draft.sentReference), 303);
      if (!draft || !draft.idempotencyKey) return reply.redirect(BASE, 303);
      // Checked again: "today" may have moved on since the check page.
      const parsed = parseCleansingForm(draft.values, app.now());
      if (!parsed.ok) {
        await saveDraft(request, reply, { values: parsed.values, idempotencyKey: null, errors: parsed.errors });
        return reply.redirect(BASE, 303);
      }
      let reference;
      try {
        ({ reference } = await submitCleansingRequest(app.store, parsed.value, draft.idempotencyKey, app.now()));
      } catch (error) {
        if (!(error instanceof StoreUnavailableError)) throw error;
        request.log.error({ err: error }, 'cleansing submit: store unavailable');
        return showCheck(reply, draft.values, 503);
      }
      // The answers are deleted: only the reference stays, until the draft expires.
      await saveDraft(request, reply, { sentReference: reference }).catch((error: unknown) => {
        if (!(error instanceof StoreUnavailableError)) throw error;
      });
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
