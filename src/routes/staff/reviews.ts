import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { parseAuditFilters } from '../../audit/filters.js';
import { londonIsoDate } from '../../calendar/working-days.js';
import type { FieldError } from '../../forms/field-errors.js';
import { referencesFor } from '../../requests/reference.js';
import { reviewableDay, singleDay } from '../../review/day.js';
import { parseSampleQuery, pickSample, SAMPLE, SAMPLE_FIELDS, SAMPLE_IDS, sampleSize, type SampleValues } from '../../review/sample.js';
import { FORM_FIELDS, formIds, textRule, toError, type ReviewFormKind } from '../../review/forms.js';
import { addresseeChoices, chooseAddressee, defaultAddressee, mayAnswer, mayMark, mayRaise, staffRef, type WorkedBy } from '../../review/rules.js';
import { checkReviewText } from '../../review/text.js';
import { StoreUnavailableError } from '../../store/errors.js';
import type { ReviewMark, ReviewQuery, StaffUser, StoredRequest } from '../../store/ports.js';
import { formatDate, formatDateTime } from '../../text/dates.js';
import { readFormBody } from '../../validation/form-body.js';

/**
 * Four-eyes review: team leads mark a request, or a day's audit events, as reviewed, and raise
 * queries to agents about a request; the agent asked answers. Every mark, query and answer is
 * an audit event naming only the request reference or the day.
 */

const TEAM_LEADS = { roles: ['team-lead'] as const };
const OPEN_QUERIES_SHOWN = 200;
const DAYS_SHOWN = 200;

/** The request as review needs it: its reference, who worked on it, whether and when it was completed. */
interface Reviewed extends WorkedBy {
  reference: string;
  completedAt: Date | null;
}

const toReviewed = (found: StoredRequest): Reviewed => ({
  reference: found.reference,
  assignee: found.assignee,
  lastChangeBy: found.lastChange.by,
  completedAt: found.status === 'completed' ? found.closedAt : null,
});

/** The one place review finds a request by reference, of either kind. */
async function findRequest(app: FastifyInstance, typed: string): Promise<Reviewed | null> {
  const [reference, ...others] = referencesFor(typed);
  const found = reference && others.length === 0 ? await app.requests.find(reference) : null;
  return found ? toReviewed(found) : null;
}

/** More completed requests than any day of the service desk's has: the store's random order does the rest. */
const DAY_LIMIT = 10_000;

/** The requests completed within a day (as the audit page reads days: a UK calendar day), by the store's (status, closed) index. */
async function completedOn(app: FastifyInstance, day: string): Promise<Reviewed[]> {
  const filter = parseAuditFilters({ who: '', action: '', reference: '', from: day, to: day });
  if (!filter.ok || !filter.query.from || !filter.query.to) return [];
  const found = await app.store.requests.sampleClosed(filter.query.from, filter.query.to, 'completed', DAY_LIMIT);
  return found.map(toReviewed);
}

const lines = (text: string | null) => (text === null ? [] : text.split(/\r?\n/));

const markView = (mark: ReviewMark) => ({ who: mark.by.displayName, at: formatDateTime(mark.at), iso: mark.at.toISOString(), comment: lines(mark.comment) });

function queryView(query: ReviewQuery, staff: StaffUser) {
  return {
    id: query.id,
    reference: query.reference,
    href: `/staff/requests/${encodeURIComponent(query.reference)}`,
    raisedBy: query.raisedBy.displayName,
    to: query.to.userId === staff.id ? 'you' : query.to.displayName,
    at: formatDateTime(query.raisedAt),
    iso: query.raisedAt.toISOString(),
    comment: lines(query.comment),
    answer: query.answer ? { who: query.answer.by.displayName, at: formatDateTime(query.answer.at), iso: query.answer.at.toISOString(), text: lines(query.answer.text) } : null,
    canAnswer: mayAnswer(query, staff) === 'allowed',
    action: `/staff/queries/${encodeURIComponent(query.id)}/answer`,
    ids: formIds('answer', query.id),
  };
}

/** The "who is it for" options: '' is the default person (when there is one), then every other choice. */
function toItems(choices: StaffUser[], first: StaffUser | null, selected = '') {
  if (choices.length === 0) return [];
  return [
    { value: '', text: first ? `${first.displayName} (worked on this request)` : 'Select an agent', selected: selected === '' },
    ...choices.filter((u) => u.id !== first?.id).map((u) => ({ value: u.id, text: u.displayName, selected: selected === u.id })),
  ];
}

/** What the request page shows of its review: marks, queries and, for this person, the forms. */
export async function reviewPanel(app: FastifyInstance, reference: string, staff: StaffUser) {
  const [marks, queries] = await Promise.all([app.store.reviews.marksOf('request', reference), app.store.reviews.queriesAbout(reference)]);
  const lead = mayMark(staff.role);
  let toItemsShown: ReturnType<typeof toItems> = [];
  if (mayRaise(staff.role)) {
    const [request, everyone] = await Promise.all([findRequest(app, reference), app.store.staff.list()]);
    if (request) toItemsShown = toItems(addresseeChoices(request, staff, everyone), defaultAddressee(request, staff, everyone));
  }
  return {
    action: `/staff/requests/${encodeURIComponent(reference)}`,
    marks: marks.map(markView),
    myMark: marks.some((m) => m.by.userId === staff.id),
    canMark: lead,
    canRaise: mayRaise(staff.role),
    queries: queries.map((q) => queryView(q, staff)),
    toItems: toItemsShown,
    ids: { mark: formIds('mark'), query: formIds('query') },
  };
}

/** The staff home's count: open queries addressed to this person. */
export const openQueryCount = (app: FastifyInstance, staff: StaffUser): Promise<number> => app.store.reviews.countOpen(staff.id);

/** The audit page filtered to one day: who reviewed that day, and whether this lead may mark it. */
export async function dayReview(app: FastifyInstance, values: { from: string; to: string }, staff: StaffUser) {
  const day = singleDay(values);
  if (day === null) return null;
  const marks = await app.store.reviews.marksOf('day', day);
  const reviewable = reviewableDay(day, londonIsoDate(app.now())).ok;
  return {
    day,
    dayText: formatDate(day),
    marks: marks.map(markView),
    canMark: mayMark(staff.role) && reviewable && !marks.some((m) => m.by.userId === staff.id),
    notYet: !reviewable,
    ids: formIds('day'),
  };
}

/** What was typed into a review form, and what the page says about it. */
interface Typed {
  values: Record<string, string>;
  errors: FieldError[];
  heldToken: string | null;
  storeFault?: boolean;
  /** The answer form only: someone answered first. */
  answeredFirst?: ReturnType<typeof queryView>['answer'];
}

const reviews: FastifyPluginAsync = async (app) => {
  /** A form's page again: the error summary, what was typed, the held confirmation. */
  async function formPage(reply: FastifyReply, kind: ReviewFormKind, context: { title: string; caption: string; action: string; backLink: { href: string; text: string }; query?: ReturnType<typeof queryView>; day?: string; toItems?: ReturnType<typeof toItems> }, typed: Typed, status: number) {
    const ids = formIds(kind, context.query?.id ?? '');
    return reply.page(
      'pages/staff/review-form',
      { ...context, kind, ids, values: typed.values, errors: typed.errors, heldToken: typed.heldToken, storeFault: typed.storeFault ?? false, answeredFirst: typed.answeredFirst ?? null },
      { status },
    );
  }

  /** Runs a store write; when the store cannot save, the form comes back (503) with what was typed. */
  async function saving<T>(request: FastifyRequest, write: () => Promise<T>, again: () => Promise<FastifyReply>): Promise<{ saved: T } | { page: FastifyReply }> {
    try {
      return { saved: await write() };
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      request.log.error({ err: error }, 'review: store unavailable');
      return { page: await again() };
    }
  }

  const checkText = (kind: ReviewFormKind, values: Record<string, string>, queryId = '') =>
    checkReviewText(values[textRule(kind, formIds(kind, queryId)).field] ?? '', textRule(kind, formIds(kind, queryId)), app.now(), values.confirm === 'yes' && values.heldToken ? values.heldToken : null);

  app.post<{ Params: { reference: string } }>('/requests/:reference/review', { config: TEAM_LEADS }, async (request, reply) => {
    const found = await findRequest(app, request.params.reference);
    if (!found) return reply.callNotFound();
    const body = readFormBody(request.body, FORM_FIELDS.mark);
    if (!body.ok) return reply.errorPage(400);
    const staff = request.staff!;
    const context = { title: `Mark ${found.reference} as reviewed`, caption: found.reference, action: `/staff/requests/${found.reference}/review`, backLink: { href: `/staff/requests/${found.reference}#review`, text: 'Back to the request' } };
    const text = checkText('mark', body.values);
    if (!text.ok) return formPage(reply, 'mark', context, { values: body.values, errors: text.errors, heldToken: text.heldToken }, 422);
    const saved = await saving(
      request,
      async () => {
        const { created } = await app.store.reviews.mark({ targetKind: 'request', target: found.reference, by: staffRef(staff), at: app.now(), comment: text.text });
        // Marking again (a second click, a retry) keeps the first mark and records nothing more.
        if (created) await app.audit('review.request-reviewed', staff, found.reference);
      },
      () => formPage(reply, 'mark', context, { values: body.values, errors: [], heldToken: null, storeFault: true }, 503),
    );
    return 'page' in saved ? saved.page : reply.redirect(`/staff/requests/${found.reference}#review`, 303);
  });

  app.post<{ Params: { reference: string } }>('/requests/:reference/queries', { config: TEAM_LEADS }, async (request, reply) => {
    const found = await findRequest(app, request.params.reference);
    if (!found) return reply.callNotFound();
    const body = readFormBody(request.body, FORM_FIELDS.query);
    if (!body.ok) return reply.errorPage(400);
    const staff = request.staff!;
    const everyone = await app.store.staff.list();
    const context = {
      title: `Raise a query about ${found.reference}`,
      caption: found.reference,
      action: `/staff/requests/${found.reference}/queries`,
      backLink: { href: `/staff/requests/${found.reference}#review`, text: 'Back to the request' },
      toItems: toItems(addresseeChoices(found, staff, everyone), defaultAddressee(found, staff, everyone), body.values.to ?? ''),
    };
    const ids = formIds('query');
    const to = chooseAddressee(body.values.to ?? '', found, staff, everyone);
    const text = checkText('query', body.values);
    const errors = [...(to.ok ? [] : [toError(ids, to.message)]), ...(text.ok ? [] : text.errors)];
    if (!to.ok || !text.ok) return formPage(reply, 'query', context, { values: body.values, errors, heldToken: text.ok ? null : text.heldToken }, 422);
    const saved = await saving(
      request,
      async () => {
        await app.store.reviews.raise({ reference: found.reference, raisedBy: staffRef(staff), to: staffRef(to.to), comment: text.text ?? '', raisedAt: app.now() });
        await app.audit('review.query-raised', staff, found.reference);
      },
      () => formPage(reply, 'query', context, { values: body.values, errors: [], heldToken: null, storeFault: true }, 503),
    );
    return 'page' in saved ? saved.page : reply.redirect(`/staff/requests/${found.reference}#review`, 303);
  });

  app.post<{ Params: { id: string } }>('/queries/:id/answer', async (request, reply) => {
    const query = await app.store.reviews.findQuery(request.params.id);
    if (!query) return reply.callNotFound();
    const body = readFormBody(request.body, FORM_FIELDS.answer);
    if (!body.ok) return reply.errorPage(400);
    const staff = request.staff!;
    const view = queryView(query, staff);
    const context = { title: `Answer the query about ${query.reference}`, caption: query.reference, action: view.action, backLink: { href: `${view.href}#review`, text: 'Back to the request' }, query: view };
    const right = mayAnswer(query, staff);
    if (right === 'not-addressed') {
      return reply.code(403).page('pages/error', { title: 'This query is for someone else', paragraphs: [`Only ${query.to.displayName} can answer this query.`] });
    }
    if (right === 'answered') return formPage(reply, 'answer', context, { values: body.values, errors: [], heldToken: null, answeredFirst: view.answer }, 409);
    const text = checkText('answer', body.values, query.id);
    if (!text.ok) return formPage(reply, 'answer', context, { values: body.values, errors: text.errors, heldToken: text.heldToken }, 422);
    const saved = await saving(
      request,
      async () => {
        const outcome = await app.store.reviews.answer(query.id, { text: text.text ?? '', by: staffRef(staff), at: app.now() });
        if (outcome.outcome === 'answered') await app.audit('review.query-answered', staff, query.reference);
        return outcome;
      },
      () => formPage(reply, 'answer', context, { values: body.values, errors: [], heldToken: null, storeFault: true }, 503),
    );
    if ('page' in saved) return saved.page;
    const result = saved.saved;
    if (result.outcome === 'not-found') return reply.callNotFound();
    // Another tab (or a retry) answered between our read and our write: theirs stays.
    if (result.outcome === 'already-answered') {
      return formPage(reply, 'answer', context, { values: body.values, errors: [], heldToken: null, answeredFirst: queryView(result.query, staff).answer }, 409);
    }
    return reply.redirect(`${view.href}#query-${query.id}`, 303);
  });

  app.get('/queries', async (request, reply) => {
    const staff = request.staff!;
    const [mine, everyone] = await Promise.all([
      app.store.reviews.openQueries({ toUserId: staff.id, limit: OPEN_QUERIES_SHOWN }),
      staff.role === 'team-lead' ? app.store.reviews.openQueries({ limit: OPEN_QUERIES_SHOWN }) : Promise.resolve(null),
    ]);
    return reply.page('pages/staff/queries', {
      title: 'Review queries',
      mine: mine.map((q) => queryView(q, staff)),
      everyone: everyone ? everyone.map((q) => queryView(q, staff)) : null,
      limit: OPEN_QUERIES_SHOWN,
    });
  });

  app.get('/reviews', { config: TEAM_LEADS }, async (_request, reply) => {
    const marks = await app.store.reviews.dayMarks({ limit: DAYS_SHOWN });
    const days: { day: string; dayText: string; href: string; marks: ReturnType<typeof markView>[] }[] = [];
    for (const mark of marks) {
      const last = days.at(-1);
      if (last?.day === mark.target) last.marks.push(markView(mark));
      else days.push({ day: mark.target, dayText: formatDate(mark.target), href: `/staff/audit?from=${mark.target}&to=${mark.target}`, marks: [markView(mark)] });
    }
    return reply.page('pages/staff/reviews', { title: 'Days reviewed', days, limit: DAYS_SHOWN, backLink: { href: '/staff/audit', text: 'Back to the audit log' } });
  });

  app.get('/reviews/sample', { config: TEAM_LEADS }, async (request, reply) => {
    const read = readFormBody(request.query, SAMPLE_FIELDS);
    if (!read.ok || typeof request.query !== 'object' || request.query === null) return reply.errorPage(400);
    const values = read.values as SampleValues;
    const page = { title: "Review a sample of a day's completed requests", values, ids: SAMPLE_IDS, max: SAMPLE.max, share: `${SAMPLE.share * 100}%`, backLink: { href: '/staff/reviews', text: 'Back to the days reviewed' } };
    // No query at all: the form, before anything is asked; an empty form sent is a question with errors.
    if (Object.keys(request.query as object).length === 0) return reply.page('pages/staff/review-sample', { ...page, errors: [], sample: null });
    const parsed = parseSampleQuery(values, londonIsoDate(app.now()));
    if (!parsed.ok) return reply.page('pages/staff/review-sample', { ...page, errors: parsed.errors, sample: null }, { status: 422 });
    const completed = await completedOn(app, parsed.day);
    const picked = pickSample(completed, sampleSize(completed.length, parsed.size), randomInt);
    // Each draw is recorded: a lead who draws again until the sample suits them shows in the log.
    await app.audit('review.sample-drawn', request.staff, parsed.day);
    const rows = await Promise.all(
      picked.map(async (r) => ({
        reference: r.reference,
        href: `/staff/requests/${encodeURIComponent(r.reference)}#review`,
        completed: formatDateTime(r.completedAt!),
        reviewedBy: (await app.store.reviews.marksOf('request', r.reference)).map((m) => m.by.displayName),
      })),
    );
    return reply.page('pages/staff/review-sample', { ...page, errors: [], sample: { dayText: formatDate(parsed.day), total: completed.length, rows } });
  });

  app.post('/reviews/days', { config: TEAM_LEADS }, async (request, reply) => {
    const body = readFormBody(request.body, FORM_FIELDS.day);
    if (!body.ok) return reply.errorPage(400);
    const day = reviewableDay(body.values.day ?? '', londonIsoDate(app.now()));
    // The day is the page's own hidden field: anything else was not sent by the page.
    if (!day.ok && day.reason === 'not-a-day') return reply.errorPage(400);
    const dayText = formatDate(body.values.day ?? '');
    const back = `/staff/audit?from=${body.values.day}&to=${body.values.day}`;
    const context = { title: `Mark ${dayText} as reviewed`, caption: 'Audit log', action: '/staff/reviews/days', backLink: { href: back, text: 'Back to the audit log' }, day: body.values.day ?? '' };
    const ids = formIds('day');
    if (!day.ok) return formPage(reply, 'day', context, { values: body.values, errors: [{ field: 'day', href: `#${ids.text}`, message: `${dayText} has not started yet: mark a day once its events are in` }], heldToken: null }, 422);
    const text = checkText('day', body.values);
    if (!text.ok) return formPage(reply, 'day', context, { values: body.values, errors: text.errors, heldToken: text.heldToken }, 422);
    const staff = request.staff!;
    const saved = await saving(
      request,
      async () => {
        const { created } = await app.store.reviews.mark({ targetKind: 'day', target: day.day, by: staffRef(staff), at: app.now(), comment: text.text });
        if (created) await app.audit('review.day-reviewed', staff, day.day);
      },
      () => formPage(reply, 'day', context, { values: body.values, errors: [], heldToken: null, storeFault: true }, 503),
    );
    return 'page' in saved ? saved.page : reply.redirect(`${back}#day-review`, 303);
  });
};

export default reviews;
