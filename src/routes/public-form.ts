import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { confirmationPath, verifyConfirmation } from '../forms/confirmation-link.js';
import { DraftBox, type FormDraft } from '../forms/drafts.js';
import type { FieldError } from '../forms/field-errors.js';
import type { RequestDetails } from '../requests/model.js';
import type { RequestKind } from '../requests/kinds.js';
import { referencePattern } from '../requests/reference.js';
import { newToken } from '../staff/tokens.js';
import { StoreUnavailableError } from '../store/errors.js';
import { readFormBody } from '../validation/form-body.js';

type Parsed<V, D> = { ok: true; value: D } | { ok: false; errors: FieldError[]; values: V };

/** What makes one public form (the cleansing request, the GP contact form) itself. */
export interface PublicFormSpec<V extends Record<string, string>, D> {
  /** '/cleansing-request': the form; then /check, /submit, /confirmation. */
  base: string;
  kind: RequestKind;
  /** The form's fields, in page order. */
  fields: readonly (keyof V & string)[];
  parse(values: V, now: Date): Parsed<V, D>;
  details(value: D): RequestDetails;
  /** The form page's data besides values and errors (title, ids, limits, back link). */
  formPage(values: V, request: FastifyRequest): Record<string, unknown>;
  checkPage(value: D): Record<string, unknown>;
  confirmationPage(reference: string): Record<string, unknown>;
  /** Values a link may start the form with (the contact form's tree path); null when none. */
  startValues?(request: FastifyRequest): Partial<V> | null;
  views: { form: string; check: string; confirmation: string };
}

/**
 * A public form's steps, shared by every kind: post/redirect/get with the answers kept as an
 * encrypted draft (src/forms/drafts.ts), so the form, check-your-answers and confirmation are all
 * GETs the browser can go Back to without "Confirm Form Resubmission"; a rate-limited,
 * idempotent submit that stores the request and replaces the draft in one write; a 503 page
 * with the answers kept when the store cannot save; a confirmation page only its sender can open.
 */
export function registerPublicForm<V extends Record<string, string>, D>(app: FastifyInstance, spec: PublicFormSpec<V, D>): void {
  const { base } = spec;
  const check = `${base}/check`;
  const cookie = `${spec.kind}-draft`;
  const formKeys = [...spec.fields, '_csrf'];
  const empty = Object.fromEntries(spec.fields.map((f) => [f, ''])) as V;
  const box = new DraftBox<V>(app.store.drafts, app.fieldCipher, app.config.DRAFT_MINUTES, spec.kind, spec.fields);
  const cookieOptions = { path: base, httpOnly: true, sameSite: 'lax' as const, secure: app.config.SECURE_COOKIES, maxAge: app.config.DRAFT_MINUTES * 60 };
  const confirmationQuery = z.object({ ref: z.string().regex(referencePattern(spec.kind)), sig: z.string().max(64) });

  const showForm = (request: FastifyRequest, reply: FastifyReply, values: V, errors: FieldError[] = [], status?: number) =>
    reply.page(spec.views.form, { ...spec.formPage(values, request), values, errors, storeFault: status === 503 }, { status: status ?? (errors.length ? 422 : 200), csrf: true });

  const draftOf = (request: FastifyRequest) => box.load(request.cookies[cookie], app.now());

  /** Saves the draft under this browser's cookie (made on first save). */
  const saveDraft = async (request: FastifyRequest, reply: FastifyReply, draft: FormDraft<V>) => {
    const token = request.cookies[cookie] ?? newToken();
    await box.save(token, draft, app.now());
    reply.setCookie(cookie, token, cookieOptions);
  };

  app.get(base, async (request, reply) => {
    const draft = await draftOf(request);
    const start = spec.startValues?.(request) ?? null;
    const kept = draft && 'values' in draft ? draft : null;
    // A link that carries values (a new tree path) starts from them, keeping what was typed.
    if (start) return showForm(request, reply, { ...(kept?.values ?? empty), ...start });
    return kept ? showForm(request, reply, kept.values, kept.errors) : showForm(request, reply, empty);
  });

  app.post(base, async (request, reply) => {
    const body = readFormBody(request.body, formKeys);
    if (!body.ok) return reply.errorPage(400);
    const values = Object.fromEntries(spec.fields.map((f) => [f, body.values[f] ?? ''])) as V;
    const parsed = spec.parse(values, app.now());
    // With errors, only what may be shown again is kept (never a full NHS number).
    const draft: FormDraft<V> = parsed.ok ? { values, idempotencyKey: randomUUID(), errors: [] } : { values: parsed.values, idempotencyKey: null, errors: parsed.errors };
    try {
      await saveDraft(request, reply, draft);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      request.log.error({ err: error, form: spec.kind }, 'public form: store unavailable');
      return showForm(request, reply, parsed.ok ? values : parsed.values, parsed.ok ? [] : parsed.errors, 503);
    }
    return reply.redirect(parsed.ok ? check : base, 303);
  });

  const showCheck = async (reply: FastifyReply, values: V, status = 200) => {
    const parsed = spec.parse(values, app.now());
    if (!parsed.ok) return reply.redirect(base, 303);
    return reply.page(spec.views.check, { ...spec.checkPage(parsed.value), storeFault: status === 503, backLink: { href: base } }, { status, csrf: true });
  };

  app.get(check, async (request, reply) => {
    const draft = await draftOf(request);
    if (!draft || !('values' in draft) || !draft.idempotencyKey) return reply.redirect(base, 303);
    return showCheck(reply, draft.values);
  });

  app.post(
    `${base}/submit`,
    { config: { rateLimit: { max: app.config.PUBLIC_SUBMIT_RATE_LIMIT, timeWindow: app.config.PUBLIC_SUBMIT_RATE_WINDOW } } },
    async (request, reply) => {
      const body = readFormBody(request.body, ['_csrf']);
      if (!body.ok) return reply.errorPage(400);
      const draft = await draftOf(request);
      // Sent already (a double click, or Back and send again): the same confirmation.
      if (draft && 'sentReference' in draft) return reply.redirect(confirmationPath(app.cookieSecret, draft.sentReference, base), 303);
      if (!draft || !draft.idempotencyKey) return reply.redirect(base, 303);
      // Checked again: "today" may have moved on since the check page.
      const parsed = spec.parse(draft.values, app.now());
      if (!parsed.ok) {
        await saveDraft(request, reply, { values: parsed.values, idempotencyKey: null, errors: parsed.errors });
        return reply.redirect(base, 303);
      }
      const token = request.cookies[cookie]!;
      const now = app.now();
      let reference;
      try {
        // The answers are replaced by just the reference in the same write as the request,
        // until the draft expires: a double click or Back and send again finds it.
        ({ reference } = await app.requests.submit({
          details: spec.details(parsed.value),
          source: { channel: 'public' },
          idempotencyKey: draft.idempotencyKey,
          at: now,
          by: null,
          draft: (sent) => box.sealed(token, { sentReference: sent }, now),
        }));
      } catch (error) {
        if (!(error instanceof StoreUnavailableError)) throw error;
        request.log.error({ err: error, form: spec.kind }, 'public form submit: store unavailable');
        return showCheck(reply, draft.values, 503);
      }
      reply.setCookie(cookie, token, cookieOptions);
      return reply.redirect(confirmationPath(app.cookieSecret, reference, base), 303);
    },
  );

  app.get(`${base}/confirmation`, async (request, reply) => {
    const query = confirmationQuery.safeParse(request.query);
    if (!query.success || !verifyConfirmation(app.cookieSecret, query.data.ref, query.data.sig)) return reply.callNotFound();
    return reply.page(spec.views.confirmation, spec.confirmationPage(query.data.ref));
  });
}
