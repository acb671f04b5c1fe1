import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadBankHolidays } from '../../calendar/working-days.js';
import type { FieldError } from '../../forms/field-errors.js';
import { addNote, assignRequest, conflictMessage, MOVE_FIELD_IDS, moveRequest, NOTE_FIELD_IDS, type ChangeResult, type Refusal } from '../../requests/changes.js';
import { RequestDesk } from '../../requests/desk.js';
import { detailRows } from '../../requests/detail-rows.js';
import { KINDS, REQUEST_KINDS } from '../../requests/kinds.js';
import { retentionOf } from '../../requests/retention.js';
import type { Actor } from '../../requests/model.js';
import { encodeCursor, parseQueueQuery, QUEUE_FIELDS, QUEUE_FIELD_IDS, type QueueFilter, type QueueValues } from '../../requests/queue-query.js';
import { queueRow } from '../../requests/queue-row.js';
import { requestsCsv } from '../../requests/csv.js';
import { referencesFor } from '../../requests/reference.js';
import { retentionWords, timelineRows } from '../../requests/timeline.js';
import { isStatus, movesOffered, rejectionReasonsFor, STATUSES, statusLabel, type RequestStatus } from '../../requests/statuses.js';
import type { StaffUser, StoredRequest } from '../../store/ports.js';
import { formatDateTime } from '../../text/dates.js';
import { readFormBody } from '../../validation/form-body.js';
import { reviewPanel } from './reviews.js';

const HOLIDAYS_FILE = fileURLToPath(new URL('../../../fixtures/bank-holidays.json', import.meta.url));
const MOVE_FIELDS = ['_csrf', 'version', 'to', 'reason', 'text', 'heldToken', 'confirm'];
const ASSIGN_FIELDS = ['_csrf', 'version', 'assign'];
const NOTE_FIELDS = ['_csrf', 'text', 'heldToken', 'confirm'];
const versionField = z.string().regex(/^[1-9][0-9]{0,8}$/).transform(Number);

/** The NHS.UK tag colour each status shows in. */
const STATUS_COLOURS: Readonly<Record<RequestStatus, string>> = {
  new: 'blue',
  'in-progress': 'purple',
  'waiting-for-practice': 'orange',
  completed: 'green',
  rejected: 'red',
};
const statusTag = (status: RequestStatus) => ({ text: statusLabel(status), colour: STATUS_COLOURS[status] });

const actorOf = (staff: StaffUser): Actor => ({ userId: staff.id, username: staff.username, displayName: staff.displayName, role: staff.role });

/** What the agent typed into one of the page's forms, kept when the page comes back with errors. */
interface Typed {
  form: 'move' | 'note';
  values: Record<string, string>;
  errors: FieldError[];
  /** Set when the guard held an email or a date: the page asks for a confirmation. */
  heldToken?: string;
}

/** Someone else saved first: what the agent saw and tried, beside the version stored now. */
interface Conflict {
  message: string;
  seenVersion: number;
  attempted: string;
}

/**
 * Agents' queue of cleansing requests and the request page: status, timeline, notes, the
 * moves this role may make, assigning. Every change goes through src/requests/changes.ts and
 * then a conditional write on the version; every full view and every change is audited.
 */
const requests: FastifyPluginAsync = async (app) => {
  const { holidays, warnings } = await loadBankHolidays(HOLIDAYS_FILE, app.now());
  warnings.forEach((warning) => app.log.warn(warning));
  const ageingWorkingDays = app.config.REQUEST_AGEING_DAYS;

  const queueValues = (request: FastifyRequest): QueueValues => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    return Object.fromEntries(QUEUE_FIELDS.map((f) => [f, typeof query[f] === 'string' ? query[f] : ''])) as QueueValues;
  };

  // Team leads: the filtered requests as a spreadsheet, personal data only when asked for (and recorded as such).
  app.get('/requests/export.csv', async (request, reply) => {
    const staff = request.staff!;
    const withPersonal = (request.query as Record<string, unknown>).personal === 'yes';
    const parsed = parseQueueQuery({ ...queueValues(request), after: '' }, { userId: staff.id, now: app.now(), holidays });
    if (!parsed.ok) return reply.errorPage(400);
    await app.audit(withPersonal ? 'requests.exported-with-personal-data' : 'requests.exported', staff);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="requests-${app.now().toISOString().slice(0, 10)}${withPersonal ? '-with-personal-data' : ''}.csv"`)
      .header('cache-control', 'no-store')
      .send(requestsCsv(app.requests, parsed.filter, withPersonal));
  });

  app.get('/requests', async (request, reply) => {
    const staff = request.staff!;
    const values = queueValues(request);
    const now = app.now();
    const parsed = parseQueueQuery(values, { userId: staff.id, now, holidays });
    const page = {
      title: values.assigned === 'me' ? 'My requests' : 'Requests',
      values,
      ids: QUEUE_FIELD_IDS,
      statusItems: [
        { value: 'open', text: 'Open (not Completed or Rejected)' },
        { value: 'all', text: 'Any status' },
        ...STATUSES.map((s) => ({ value: s, text: statusLabel(s) })),
      ],
      kindItems: [{ value: '', text: 'Any kind' }, ...REQUEST_KINDS.map((k) => ({ value: k, text: KINDS[k].label }))],
      ageingWorkingDays,
      mine: values.assigned === 'me',
      exportHref: staff.role === 'team-lead' ? `/staff/requests/export.csv?${new URLSearchParams(Object.entries(values).filter(([k, v]) => k !== 'after' && v !== '')).toString()}` : null,
    };
    if (!parsed.ok) {
      return reply.page('pages/staff/requests', { ...page, title: `Error: ${page.title}`, errors: parsed.errors, rows: [] }, { status: 422 });
    }
    const filter = parsed.filter;
    const found = await app.requests.queue({ ...filter, limit: filter.limit + 1 });
    const shown = found.slice(0, filter.limit);
    await app.audit('requests.listed', staff);
    const link = (after: string | null) => {
      const params = new URLSearchParams(Object.entries(values).filter(([k, v]) => k !== 'after' && v !== ''));
      if (after !== null) params.set('after', after);
      const search = params.toString();
      return `/staff/requests${search ? `?${search}` : ''}`;
    };
    const last = shown[shown.length - 1]?.stored;
    const next = found.length > filter.limit && last ? link(encodeCursor(last, filter.order)) : null;
    const previous = filter.after === null ? null : await previousPage(filter, shown[0]?.stored ?? null, link);
    const rows = shown.map((r) => queueRow(r.record, { now, holidays, ageingWorkingDays }));
    return reply.page('pages/staff/requests', {
      ...page,
      errors: [],
      rows: rows.map((row, i) => ({ ...row, statusTag: statusTag(shown[i]!.stored.status) })),
      next,
      previous,
      // Newest first: the next page is older; oldest first: newer.
      words: filter.order === 'newest' ? { next: 'Older', previous: 'Newer' } : { next: 'Newer', previous: 'Older' },
      filtered: Object.entries(values).some(([k, v]) => k !== 'after' && k !== 'order' && v !== ''),
    });
  });

  /**
   * The page before a keyset page: read backwards from its first row. Up to a page of rows
   * means the first page; otherwise the row beyond them is where the previous page starts after.
   */
  async function previousPage(filter: QueueFilter, first: StoredRequest | null, link: (after: string | null) => string): Promise<string> {
    const order = filter.order === 'newest' ? 'oldest' : 'newest';
    const from = first ? { createdAt: first.createdAt, id: first.id } : filter.after;
    const back = await app.store.requests.queue({ ...filter, order, after: from, limit: filter.limit + 1 });
    const beyond = back[filter.limit];
    return beyond ? link(encodeCursor(beyond, filter.order)) : link(null);
  }

  async function find(request: FastifyRequest<{ Params: { reference: string } }>): Promise<StoredRequest | null> {
    const [reference, ...others] = referencesFor(request.params.reference);
    return reference && others.length === 0 ? app.requests.find(reference) : null;
  }

  async function show(request: FastifyRequest, reply: FastifyReply, found: StoredRequest, extras: { typed?: Typed; conflict?: Conflict; status?: number } = {}) {
    const staff = request.staff!;
    const record = await app.requests.full(found);
    await app.audit('request.viewed', staff, found.reference);
    const retention = retentionWords(retentionOf(found, app.now(), app.config.RETENTION_DAYS));
    const moves = movesOffered(found.status, staff.role);
    const typed = extras.typed;
    const errors = [...(extras.conflict ? [{ field: 'version', href: '#conflict', message: extras.conflict.message }] : []), ...(typed?.errors ?? [])];
    const conflict = extras.conflict;
    // Both versions: the one the agent's form was made from, with what they tried, and the one stored now.
    const versions = conflict
      ? {
          yours: [
            { key: 'Version', value: String(conflict.seenVersion) },
            { key: 'What you tried', value: conflict.attempted },
            ...(typed?.values.text ? [{ key: 'Your words', lines: typed.values.text.split(/\r?\n/) }] : []),
          ],
          saved: [
            { key: 'Version', value: String(found.version) },
            { key: 'Status', value: statusLabel(found.status) },
            { key: 'Assigned to', value: found.assignee?.displayName ?? 'Nobody' },
            { key: 'Changed', value: `${formatDateTime(found.lastChange.at)} by ${found.lastChange.by?.displayName ?? 'GP practice staff, online'}` },
          ],
        }
      : null;
    return reply.page(
      'pages/staff/request',
      {
        title: `${errors.length ? 'Error: ' : ''}${KINDS[found.kind].label} ${found.reference}`,
        kindLabel: KINDS[found.kind].label,
        retention,
        possibleDuplicates: found.possibleDuplicates,
        reference: found.reference,
        action: `/staff/requests/${found.reference}`,
        version: found.version,
        statusTag: statusTag(found.status),
        assignee: found.assignee,
        assignedToMe: found.assignee?.userId === staff.id,
        canUnassign: found.assignee !== null && (found.assignee.userId === staff.id || staff.role === 'team-lead'),
        open: !['completed', 'rejected'].includes(found.status),
        rows: detailRows(record),
        timeline: timelineRows(record.history),
        notes: record.notes.map((n) => ({ at: formatDateTime(n.at), who: n.by.displayName, text: n.text, confirmed: n.confirmedNotPatient })),
        moveItems: moves.map((m) => ({ value: m.to, text: `${m.action}: ${statusLabel(m.to)}`, checked: typed?.form === 'move' && typed.values.to === m.to })),
        reasonItems: moves.some((m) => m.needs === 'rejection') ? rejectionReasonsFor(found.kind) : [],
        reopenOnly: moves.length === 0 && ['completed', 'rejected'].includes(found.status),
        ids: { move: MOVE_FIELD_IDS, note: NOTE_FIELD_IDS },
        typed: typed ?? null,
        conflict: conflict ? { message: conflict.message, ...versions } : null,
        errors,
        backLink: { href: '/staff/requests', text: 'Back to requests' },
        review: await reviewPanel(app, found.reference, staff),
      },
      { status: extras.status ?? (errors.length ? 422 : 200) },
    );
  }

  app.get<{ Params: { reference: string } }>('/requests/:reference', async (request, reply) => {
    const found = await find(request);
    if (!found) return reply.callNotFound();
    return show(request, reply, found);
  });

  /** After a refusal (or a lost race), the page again with why; never a 500. */
  async function refused(request: FastifyRequest, reply: FastifyReply, seen: StoredRequest, refusal: Refusal, typed: Typed, attempted: string) {
    switch (refusal.type) {
      case 'conflict': {
        const fresh = (await app.requests.find(seen.reference)) ?? seen;
        return show(request, reply, fresh, { conflict: { message: refusal.message, seenVersion: seen.version, attempted }, typed: { ...typed, errors: [] }, status: 409 });
      }
      case 'not-allowed':
        return show(request, reply, seen, { typed: { ...typed, errors: [{ field: 'to', href: typed.form === 'note' ? `#${NOTE_FIELD_IDS.text}` : movesOffered(seen.status, request.staff!.role).length ? `#${MOVE_FIELD_IDS.to}` : '#status', message: refusal.message }] }, status: 409 });
      case 'invalid':
        return show(request, reply, seen, { typed: { ...typed, errors: refusal.errors } });
      case 'held':
        return show(request, reply, seen, { typed: { ...typed, errors: refusal.errors, heldToken: refusal.token } });
    }
  }

  /** The version the form was shown with, and the stored request as it was when that form was read. */
  async function seenVersion(request: FastifyRequest<{ Params: { reference: string } }>, fields: string[]) {
    const found = await find(request);
    const body = readFormBody(request.body, fields);
    if (!found || !body.ok) return { found, body: null, version: null };
    const version = versionField.safeParse(body.values.version);
    return { found, body: body.values, version: version.success ? version.data : null };
  }

  /** Writes a checked change on the version it was checked against; a conflict when someone else wrote first. */
  async function save(
    request: FastifyRequest,
    reply: FastifyReply,
    found: StoredRequest,
    seenVersion: number,
    result: ChangeResult,
    typed: Typed,
    attempted: string,
    action: 'request.status-changed' | 'request.assigned',
  ) {
    if (!result.ok) return refused(request, reply, { ...found, version: seenVersion }, result.refusal, typed, attempted);
    // The change and its audit event are written together (one commit on SQLite).
    const saved = await app.requests.change(found, { ...result.state, entry: result.entry }, { action, by: request.staff, at: result.entry.at });
    if (!saved) {
      const fresh = await app.requests.find(found.reference);
      if (!fresh) return reply.callNotFound();
      const message = conflictMessage(fresh.lastChange.by, fresh.lastChange.at, app.now());
      return show(request, reply, fresh, { conflict: { message, seenVersion, attempted }, typed: { ...typed, errors: [] }, status: 409 });
    }
    return reply.redirect(`/staff/requests/${saved.reference}`, 303);
  }

  app.post<{ Params: { reference: string } }>('/requests/:reference/status', async (request, reply) => {
    const { found, body, version } = await seenVersion(request, MOVE_FIELDS);
    if (!found) return reply.callNotFound();
    if (!body || version === null) return reply.errorPage(400);
    const typed: Typed = { form: 'move', values: body, errors: [] };
    const result = moveRequest(RequestDesk.state(found), {
      actor: actorOf(request.staff!),
      to: body.to ?? '',
      expectedVersion: version,
      reason: body.reason ?? '',
      text: body.text ?? '',
      confirmation: body.confirm === 'yes' && body.heldToken ? body.heldToken : null,
      at: app.now(),
    });
    const attempted = isStatus(body.to) ? `Move it to ${statusLabel(body.to)}` : 'Change its status';
    return save(request, reply, found, version, result, typed, attempted, 'request.status-changed');
  });

  app.post<{ Params: { reference: string } }>('/requests/:reference/assign', async (request, reply) => {
    const { found, body, version } = await seenVersion(request, ASSIGN_FIELDS);
    if (!found) return reply.callNotFound();
    if (!body || version === null || (body.assign !== 'me' && body.assign !== 'nobody')) return reply.errorPage(400);
    const result = assignRequest(RequestDesk.state(found), { actor: actorOf(request.staff!), assign: body.assign, expectedVersion: version, at: app.now() });
    const attempted = body.assign === 'me' ? 'Assign it to you' : 'Unassign it';
    return save(request, reply, found, version, result, { form: 'move', values: {}, errors: [] }, attempted, 'request.assigned');
  });

  app.post<{ Params: { reference: string } }>('/requests/:reference/notes', async (request, reply) => {
    const found = await find(request);
    if (!found) return reply.callNotFound();
    const body = readFormBody(request.body, NOTE_FIELDS);
    if (!body.ok) return reply.errorPage(400);
    const values = body.values;
    const result = addNote({
      actor: actorOf(request.staff!),
      text: values.text ?? '',
      confirmation: values.confirm === 'yes' && values.heldToken ? values.heldToken : null,
      at: app.now(),
    });
    if (!result.ok) return refused(request, reply, found, result.refusal, { form: 'note', values, errors: [] }, 'Add a note');
    await app.requests.addNote(found, result.note);
    await app.audit('request.note-added', request.staff, found.reference);
    return reply.redirect(`/staff/requests/${found.reference}#notes`, 303);
  });
};

export default requests;
