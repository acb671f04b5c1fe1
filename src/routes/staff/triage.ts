import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { staffActor } from '../../audit/actors.js';
import { CLEANSING_FIELDS, CLEANSING_LIMITS, FIELD_IDS, parseCleansingForm, type CleansingFormValues } from '../../cleansing/form-schema.js';
import type { FieldError } from '../../forms/field-errors.js';
import { checkLinkage, linkageResult, type LinkageReport } from '../../linkage/check.js';
import { LINKAGE_FORM_FIELDS, readLinkageForm, type LinkageFormValues } from '../../linkage/form.js';
import type { Triage } from '../../store/ports.js';
import { formatDateTime } from '../../text/dates.js';
import { cleansingFormFromTriage, senderErrorsForAgent } from '../../triage/cleansing.js';
import { parseStartForm, START_FIELD_IDS, START_FIELDS, type StartFormValues } from '../../triage/start-form.js';
import { answerChange, answerError, backChange, triageJourney, type TriageChange } from '../../triage/steps.js';
import { outcomeWords, triageSummaryText } from '../../triage/summary.js';
import { resolveText, type Walk } from '../../trees/engine.js';
import { formatAnswers } from '../../trees/answers.js';
import type { Tree } from '../../trees/schema.js';
import { readFormBody } from '../../validation/form-body.js';

const RECENT = 20;
const idParams = z.object({ id: z.uuid() });
const versionField = z.string().regex(/^[1-9][0-9]{0,8}$/).transform(Number);
const idempotencyKey = z.uuid();
const EMPTY_START: StartFormValues = { ticketReference: '', treeId: '', errorCode: '' };
const CLEANSING_KEYS = [...CLEANSING_FIELDS, '_csrf', 'idempotencyKey'];
const STALE: FieldError = {
  field: 'answers',
  href: '#answers-so-far',
  message: 'This triage was changed in another window. Check the answers and try again',
};

const base = (triage: Pick<Triage, 'id'>) => `/staff/triage/${triage.id}`;

interface Loaded {
  triage: Triage;
  tree: Tree;
  journey: Walk;
}

interface StepExtras {
  errors?: FieldError[];
  linkage?: { values: Partial<LinkageFormValues>; report?: LinkageReport; result?: string };
  status?: number;
}

/**
 * Service-desk agents' triage: a tree walked for a ticket, each answer stored in the triage
 * record (not the URL) with optimistic concurrency, so two windows on one triage cannot both
 * write. Only tree answers are stored: the linkage checker's typed details never are.
 */
const triageRoutes: FastifyPluginAsync = async (app) => {
  const treeTitle = (treeId: string) => {
    const tree = app.trees.get(treeId);
    return tree ? resolveText(tree.title, 'agent') : treeId;
  };
  const treeOptions = app.trees.list().map((tree) => ({
    value: tree.id,
    text: resolveText(tree.title, 'agent'),
    hint: resolveText(tree.summary, 'agent'),
  }));

  async function showList(request: FastifyRequest, reply: FastifyReply, values = EMPTY_START, errors: FieldError[] = []) {
    const recent = await app.store.triage.list({ limit: RECENT, agentId: request.staff!.id });
    const rows = recent.map((t) => ({
      href: base(t),
      ticketReference: t.ticketReference,
      tree: treeTitle(t.treeId),
      started: formatDateTime(t.startedAt),
      outcome: t.outcome ? outcomeWords(t.outcome) : 'In progress',
    }));
    return reply.page(
      'pages/staff/triage/index',
      { title: 'Triage', rows, values, errors, ids: START_FIELD_IDS, trees: treeOptions },
      { status: errors.length ? 422 : 200 },
    );
  }

  /** The triage in the URL if this person may see it: their own, or anyone's for a team lead. */
  async function load(request: FastifyRequest): Promise<Loaded | null> {
    const params = idParams.safeParse(request.params);
    if (!params.success) return null;
    const triage = await app.store.triage.findById(params.data.id);
    const staff = request.staff!;
    if (!triage || (staff.role !== 'team-lead' && triage.agent.userId !== staff.id)) return null;
    // A tree taken out of the service since: there is nothing left to walk.
    const tree = app.trees.get(triage.treeId);
    return tree ? { triage, tree, journey: triageJourney(tree, triage) } : null;
  }

  function showStep(reply: FastifyReply, { triage, tree, journey }: Loaded, extras: StepExtras = {}) {
    const errors = extras.errors ?? [];
    return reply.page(
      'pages/staff/triage/step',
      {
        title: journey.node.title,
        action: base(triage),
        triage: { ticketReference: triage.ticketReference, version: triage.version, treeVersion: triage.treeVersion },
        tree: { title: resolveText(tree.title, 'agent'), version: tree.version },
        journey,
        answered: journey.trail.map((step) => ({ key: step.title, value: step.answerLabel })),
        errors,
        linkage: extras.linkage ?? { values: {} },
        // A contact-form ending: the agent's form for the ticket, with the path this triage walked.
        contactFormHref: `/staff/requests/new/contact?${new URLSearchParams({ ticket: triage.ticketReference, tree: tree.id, answers: formatAnswers(journey.answers) }).toString()}`,
        backLink: { href: '/staff/triage', text: 'Back to triage' },
      },
      { status: extras.status ?? (errors.length ? 422 : 200) },
    );
  }

  /** Writes a change made against `version`; a 409 with the fresh record when someone else wrote first. */
  async function save(request: FastifyRequest, reply: FastifyReply, loaded: Loaded, version: number, change: TriageChange | null) {
    if (change === null) return reply.redirect(base(loaded.triage), 303);
    const updated = await app.store.triage.update(loaded.triage.id, version, change);
    if (updated) {
      if (updated.outcome && !loaded.triage.outcome) await app.audit('triage.finished', request.staff, updated.id);
      return reply.redirect(base(updated), 303);
    }
    const fresh = await load(request);
    if (!fresh) return reply.callNotFound();
    return showStep(reply, fresh, { errors: [STALE], status: 409 });
  }

  /** The triage when it ended on an outcome that leads to a cleansing request. */
  async function loadForCleansing(request: FastifyRequest): Promise<Loaded | null> {
    const loaded = await load(request);
    return loaded?.journey.node.kind === 'outcome' && loaded.journey.node.next === 'cleansing-request' ? loaded : null;
  }

  function showCleansingForm(reply: FastifyReply, loaded: Loaded, values: CleansingFormValues, key: string, errors: FieldError[] = []) {
    return reply.page(
      'pages/staff/triage/cleansing-request',
      {
        title: 'Raise an account-cleansing request',
        action: `${base(loaded.triage)}/cleansing-request`,
        ticketReference: loaded.triage.ticketReference,
        values,
        idempotencyKey: key,
        errors,
        ids: FIELD_IDS,
        limits: CLEANSING_LIMITS,
        backLink: { href: base(loaded.triage), text: 'Back to the triage' },
      },
      { status: errors.length ? 422 : 200 },
    );
  }

  app.get('/triage', async (request, reply) => showList(request, reply));

  app.post('/triage', async (request, reply) => {
    const body = readFormBody(request.body, ['_csrf', ...START_FIELDS]);
    if (!body.ok) return reply.errorPage(400);
    const values = body.values as StartFormValues;
    const parsed = parseStartForm(values, app.trees);
    if (!parsed.ok) return showList(request, reply, values, parsed.errors);
    const { ticketReference, tree } = parsed.value;
    const agent = staffActor(request.staff!);
    const started = await app.store.triage.start({ ticketReference, treeId: tree.id, treeVersion: tree.version, agent, startedAt: app.now() });
    // The reference is the triage id: the ticket number stays in the triage record only.
    await app.audit('triage.started', agent, started.id, { at: started.startedAt });
    return reply.redirect(base(started), 303);
  });

  app.get('/triage/:id', async (request, reply) => {
    const loaded = await load(request);
    return loaded ? showStep(reply, loaded) : reply.callNotFound();
  });

  app.post('/triage/:id/answer', async (request, reply) => {
    const loaded = await load(request);
    if (!loaded) return reply.callNotFound();
    const body = readFormBody(request.body, ['_csrf', 'answer', 'version']);
    if (!body.ok) return reply.errorPage(400);
    const version = versionField.safeParse(body.values.version);
    if (!version.success) return reply.errorPage(400);
    if (version.data !== loaded.triage.version) return showStep(reply, loaded, { errors: [STALE], status: 409 });
    const change = answerChange(loaded.tree, loaded.triage, body.values.answer ?? '', app.now());
    if (!change) return showStep(reply, loaded, { errors: [answerError(loaded.journey)] });
    return save(request, reply, loaded, version.data, change);
  });

  app.post('/triage/:id/back', async (request, reply) => {
    const loaded = await load(request);
    if (!loaded) return reply.callNotFound();
    const body = readFormBody(request.body, ['_csrf', 'version']);
    if (!body.ok) return reply.errorPage(400);
    const version = versionField.safeParse(body.values.version);
    if (!version.success) return reply.errorPage(400);
    if (version.data !== loaded.triage.version) return showStep(reply, loaded, { errors: [STALE], status: 409 });
    return save(request, reply, loaded, version.data, backChange(loaded.tree, loaded.triage, app.now()));
  });

  // The linkage checker inside a tree. Runs on what was typed and shows the report; only the
  // result (pass or fail) is stored, when the agent continues with it as the answer.
  app.post('/triage/:id/check', async (request, reply) => {
    const loaded = await load(request);
    if (!loaded) return reply.callNotFound();
    const body = readFormBody(request.body, ['_csrf', 'version', ...LINKAGE_FORM_FIELDS]);
    if (!body.ok) return reply.errorPage(400);
    const version = versionField.safeParse(body.values.version);
    if (!version.success) return reply.errorPage(400);
    if (version.data !== loaded.triage.version) return showStep(reply, loaded, { errors: [STALE], status: 409 });
    if (loaded.journey.node.kind !== 'check') return reply.errorPage(400);
    const values = body.values as LinkageFormValues;
    const form = readLinkageForm(values, app.now());
    if (!form.ok) return showStep(reply, loaded, { errors: form.errors, linkage: { values } });
    const report = checkLinkage(form.input, app.linkageRules, app.now());
    return showStep(reply, loaded, { linkage: { values, report, result: linkageResult(report) } });
  });

  app.get('/triage/:id/cleansing-request', async (request, reply) => {
    const loaded = await loadForCleansing(request);
    if (!loaded) return reply.callNotFound();
    return showCleansingForm(reply, loaded, cleansingFormFromTriage(loaded.triage.ticketReference, loaded.journey), randomUUID());
  });

  app.post('/triage/:id/cleansing-request', async (request, reply) => {
    const loaded = await loadForCleansing(request);
    if (!loaded) return reply.callNotFound();
    const body = readFormBody(request.body, CLEANSING_KEYS);
    if (!body.ok) return reply.errorPage(400);
    const key = idempotencyKey.safeParse(body.values.idempotencyKey);
    if (!key.success) return reply.errorPage(400);
    const parsed = parseCleansingForm(body.values as CleansingFormValues, app.now());
    if (!parsed.ok) return showCleansingForm(reply, loaded, parsed.values, key.data, senderErrorsForAgent(parsed.errors));
    const actor = staffActor(request.staff!);
    const staff = request.staff!;
    const { reference } = await app.requests.submit({
      details: { kind: 'cleansing', ...parsed.value },
      source: { channel: 'ticket', ticketReference: loaded.triage.ticketReference },
      idempotencyKey: key.data,
      at: app.now(),
      by: { userId: staff.id, username: staff.username, displayName: staff.displayName },
    });
    await app.audit('triage.cleansing-request-created', actor, reference, { once: true });
    return reply.redirect(`/staff/requests/${reference}`, 303);
  });

  // Escalations and contact-form tickets live outside this service, so there is nothing new to
  // store: the agent copies this summary of the triage into them.
  app.get('/triage/:id/summary', async (request, reply) => {
    const loaded = await load(request);
    if (!loaded) return reply.callNotFound();
    if (!loaded.journey.finished) return reply.redirect(base(loaded.triage), 303);
    const title = resolveText(loaded.tree.title, 'agent');
    return reply.page('pages/staff/triage/summary', {
      title: `Summary of the triage for ticket ${loaded.triage.ticketReference}`,
      text: triageSummaryText({ triage: loaded.triage, treeTitle: title, journey: loaded.journey }),
      next: loaded.journey.node.kind === 'outcome' ? loaded.journey.node.next : null,
      backLink: { href: base(loaded.triage), text: 'Back to the triage' },
    });
  });
};

export default triageRoutes;
