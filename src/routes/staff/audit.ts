import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { AUDIT_ACTIONS, actionSpec, referenceHref } from '../../audit/actions.js';
import { auditCsv } from '../../audit/csv.js';
import {
  FILTER_FIELDS,
  FILTER_IDS,
  FILTER_QUERY_KEYS,
  filterQueryString,
  parseAuditFilters,
  parseCursor,
  type FilterValues,
} from '../../audit/filters.js';
import { verifyAuditLog } from '../../audit/verify-log.js';
import { describeResult } from '../../audit/verify.js';
import type { FieldError } from '../../forms/field-errors.js';
import type { AuditEvent } from '../../store/ports.js';
import { formatDateTime } from '../../text/dates.js';
import { readFormBody } from '../../validation/form-body.js';
import { dayReview } from './reviews.js';

const TEAM_LEADS = { roles: ['team-lead'] as const };
const PAGE_SIZE = 50;
const ACTION_ITEMS = AUDIT_ACTIONS.map((a) => ({ value: a.action, text: a.text }));

const rowFor = (event: AuditEvent) => ({
  seq: event.seq,
  at: formatDateTime(event.at),
  iso: event.at.toISOString(),
  who: event.actor.username,
  action: actionSpec(event.action).text,
  reference: event.reference,
  href: referenceHref(event.action, event.reference),
});

/**
 * Team leads' audit log: filtered pages newest first (keyset pages by sequence number), the
 * CSV export, and the integrity check. Each of the three is itself recorded.
 */
const auditRoutes: FastifyPluginAsync = async (app) => {
  function readQuery(query: unknown): { values: FilterValues; before: number | undefined } | null {
    const read = readFormBody(query, FILTER_QUERY_KEYS);
    if (!read.ok) return null;
    const before = parseCursor(read.values.before ?? '');
    if (before === null) return null;
    const values = Object.fromEntries(FILTER_FIELDS.map((f) => [f, read.values[f] ?? ''])) as FilterValues;
    return { values, before };
  }

  const showLog = (reply: FastifyReply, values: FilterValues, data: { rows: ReturnType<typeof rowFor>[]; next: string | null; errors?: FieldError[]; paged?: boolean; dayReview?: Awaited<ReturnType<typeof dayReview>> }) =>
    reply.page(
      'pages/staff/audit/index',
      {
        title: 'Audit log',
        values,
        ids: FILTER_IDS,
        actions: ACTION_ITEMS,
        errors: data.errors ?? [],
        rows: data.rows,
        next: data.next,
        paged: data.paged ?? false,
        first: `/staff/audit${filterQueryString(values)}`,
        exportHref: `/staff/audit/export.csv${filterQueryString(values)}`,
        filtered: FILTER_FIELDS.some((f) => values[f].trim() !== ''),
        dayReview: data.dayReview ?? null,
      },
      { status: data.errors?.length ? 422 : 200 },
    );

  app.get('/audit', { config: TEAM_LEADS }, async (request, reply) => {
    const query = readQuery(request.query);
    if (!query) return reply.errorPage(400);
    const parsed = parseAuditFilters(query.values);
    if (!parsed.ok) return showLog(reply, query.values, { rows: [], next: null, errors: parsed.errors });
    // One more than a page: whether there is an older page, without counting.
    const events = await app.store.audit.search({ ...parsed.query, limit: PAGE_SIZE + 1, ...(query.before ? { beforeSeq: query.before } : {}) });
    await app.audit('audit.viewed', request.staff);
    const rows = events.slice(0, PAGE_SIZE).map(rowFor);
    const next = events.length > PAGE_SIZE ? `/staff/audit${filterQueryString(query.values, { before: String(rows.at(-1)!.seq) })}` : null;
    return showLog(reply, query.values, { rows, next, paged: query.before !== undefined, dayReview: await dayReview(app, query.values, request.staff!) });
  });

  app.get('/audit/export.csv', { config: TEAM_LEADS }, async (request, reply) => {
    const query = readQuery(request.query);
    if (!query) return reply.errorPage(400);
    const parsed = parseAuditFilters(query.values);
    if (!parsed.ok) return showLog(reply, query.values, { rows: [], next: null, errors: parsed.errors });
    await app.audit('audit.exported', request.staff);
    const day = app.now().toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-log-${day}.csv"`)
      .header('cache-control', 'no-store')
      .send(auditCsv(app.store.audit, parsed.query));
  });

  app.get('/audit/verify', { config: TEAM_LEADS }, async (_request, reply) =>
    reply.page('pages/staff/audit/verify', { title: "Check the audit log's integrity", result: null, backLink: { href: '/staff/audit', text: 'Back to the audit log' } }),
  );

  app.post('/audit/verify', { config: TEAM_LEADS }, async (request, reply) => {
    const body = readFormBody(request.body, ['_csrf']);
    if (!body.ok) return reply.errorPage(400);
    const result = await verifyAuditLog(app.store.audit, app.auditKey);
    await app.audit('audit.verified', request.staff);
    return reply.page('pages/staff/audit/verify', {
      title: result.intact ? 'The audit log is intact' : 'The audit log has been changed',
      result: { ...result, summary: describeResult(result) },
      backLink: { href: '/staff/audit', text: 'Back to the audit log' },
    });
  });
};

export default auditRoutes;
