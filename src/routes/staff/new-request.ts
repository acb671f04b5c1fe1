import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CLEANSING_FIELDS, CLEANSING_LIMITS, FIELD_IDS, parseCleansingForm } from '../../cleansing/form-schema.js';
import type { FieldError } from '../../forms/field-errors.js';
import { walkedPath } from '../../requests/checked.js';
import { CONTACT_FIELDS, CONTACT_FIELD_IDS, CONTACT_LIMITS, parseContactForm } from '../../requests/contact-form-schema.js';
import { isRequestKind, KINDS, REQUEST_KINDS, type RequestKind } from '../../requests/kinds.js';
import type { RequestDetails } from '../../requests/model.js';
import { parseTicketSource, TICKET_FIELD_ID } from '../../requests/ticket-source.js';
import { senderErrorsForAgent } from '../../triage/cleansing.js';
import { readFormBody } from '../../validation/form-body.js';

const idempotencyKey = z.uuid();
const startQuery = z.object({ ticket: z.string().max(100).optional(), tree: z.string().max(100).optional(), answers: z.string().max(2000).optional() });

type Values = Record<string, string>;
type Parsed = { ok: true; details: RequestDetails } | { ok: false; errors: FieldError[]; values: Values };

/**
 * Agents write up either kind of request from a phone or email ticket: the ticket reference
 * (required) and the same fields and checks as the public form, "About you" being about the
 * practice staff member who raised the ticket. A triage that ended at the contact form opens
 * it here with the path it walked (in the agent's words).
 */
const newRequest: FastifyPluginAsync = async (app) => {
  const forms: Record<RequestKind, { fields: readonly string[]; parse: (values: Values) => Parsed; page: (values: Values) => Record<string, unknown> }> = {
    cleansing: {
      fields: CLEANSING_FIELDS,
      parse(values) {
        const parsed = parseCleansingForm(values as never, app.now());
        return parsed.ok ? { ok: true, details: { kind: 'cleansing', ...parsed.value } } : { ok: false, errors: parsed.errors, values: parsed.values };
      },
      page: () => ({ ids: FIELD_IDS, limits: CLEANSING_LIMITS }),
    },
    contact: {
      fields: CONTACT_FIELDS,
      parse(values) {
        const parsed = parseContactForm(values as never, { trees: app.trees, checkedRequired: false, audience: 'agent' });
        return parsed.ok ? { ok: true, details: { kind: 'contact', ...parsed.value } } : { ok: false, errors: parsed.errors, values: parsed.values };
      },
      page: (values) => ({ ids: CONTACT_FIELD_IDS, limits: CONTACT_LIMITS, walked: walkedPath(app.trees, values.treeId ?? '', values.answers ?? '', 'agent') }),
    },
  };
  const empty = (kind: RequestKind): Values => Object.fromEntries([...forms[kind].fields, 'ticketReference'].map((f) => [f, '']));

  const show = (reply: FastifyReply, kind: RequestKind, values: Values, key: string, errors: FieldError[] = []) =>
    reply.page(
      'pages/staff/new-request',
      {
        title: `${errors.length ? 'Error: ' : ''}Write up a request from a ticket: ${KINDS[kind].label.toLowerCase()}`,
        kind,
        kindLabel: KINDS[kind].label,
        action: `/staff/requests/new/${kind}`,
        values,
        idempotencyKey: key,
        errors,
        ticketFieldId: TICKET_FIELD_ID,
        ...forms[kind].page(values),
        backLink: { href: '/staff/requests/new', text: 'Back' },
      },
      { status: errors.length ? 422 : 200, csrf: true },
    );

  app.get('/requests/new', async (_request, reply) =>
    reply.page('pages/staff/new-request-kind', {
      title: 'Write up a request from a ticket',
      kinds: REQUEST_KINDS.map((kind) => ({ href: `/staff/requests/new/${kind}`, text: KINDS[kind].label })),
      backLink: { href: '/staff/requests', text: 'Back to requests' },
    }),
  );

  const kindOf = (request: FastifyRequest<{ Params: { kind: string } }>): RequestKind | null => (isRequestKind(request.params.kind) ? request.params.kind : null);

  app.get<{ Params: { kind: string } }>('/requests/new/:kind', async (request, reply) => {
    const kind = kindOf(request);
    if (!kind) return reply.callNotFound();
    const query = startQuery.safeParse(request.query);
    const start = query.success ? query.data : {};
    return show(reply, kind, { ...empty(kind), ticketReference: start.ticket ?? '', ...(kind === 'contact' ? { treeId: start.tree ?? '', answers: start.answers ?? '' } : {}) }, randomUUID());
  });

  app.post<{ Params: { kind: string } }>('/requests/new/:kind', async (request, reply) => {
    const kind = kindOf(request);
    if (!kind) return reply.callNotFound();
    const form = forms[kind];
    const body = readFormBody(request.body, [...form.fields, 'ticketReference', 'idempotencyKey', '_csrf']);
    if (!body.ok) return reply.errorPage(400);
    const key = idempotencyKey.safeParse(body.values.idempotencyKey);
    if (!key.success) return reply.errorPage(400);
    const values = Object.fromEntries([...form.fields, 'ticketReference'].map((f) => [f, body.values[f] ?? '']));
    const ticket = parseTicketSource(values.ticketReference ?? '');
    const parsed = form.parse(values);
    if (!ticket.ok || !parsed.ok) {
      const errors = [...(ticket.ok ? [] : [ticket.error]), ...(parsed.ok ? [] : senderErrorsForAgent(parsed.errors as never))];
      return show(reply, kind, parsed.ok ? values : { ...parsed.values, ticketReference: values.ticketReference ?? '' }, key.data, errors);
    }
    const staff = request.staff!;
    const { reference } = await app.requests.submit({
      details: parsed.details,
      source: ticket.source,
      idempotencyKey: key.data,
      at: app.now(),
      by: { userId: staff.id, username: staff.username, displayName: staff.displayName },
    });
    return reply.redirect(`/staff/requests/${reference}`, 303);
  });
};

export default newRequest;
