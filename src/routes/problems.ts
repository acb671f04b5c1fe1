import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { resolveText, type Walk } from '../trees/engine.js';
import { WalkCache } from '../trees/walk-cache.js';
import { parseAnswers, stepPath, formatAnswers } from '../trees/answers.js';
import type { Tree } from '../trees/schema.js';
import { checkLinkage, linkageResult, type LinkageReport } from '../linkage/check.js';
import { LINKAGE_FORM_FIELDS, readLinkageForm, type LinkageFormValues } from '../linkage/form.js';
import { readFormBody } from '../validation/form-body.js';
import type { FieldError } from '../forms/field-errors.js';
import { answerCodeBox, CODE_PAGE_BASE } from '../trees/code-box.js';
import { STATUS_TAGS } from '../trees/nhs-login-codes.js';
import { reviewForPage } from '../trees/review.js';
import { contactFormPath } from '../requests/checked.js';

const stepQuery = z.object({
  answers: z.string().max(2000).optional(),
  /** The answer just chosen on the step's form. */
  answer: z.string().max(100).optional(),
  /** The node the form was answering: an unanswered question is an error, not a restart. */
  at: z.string().max(100).optional(),
});
const codeQuery = z.object({ code: z.string().max(100).optional() });

/** htmx asked for the step only (not a history restore, which needs the whole page). */
const wantsFragment = (request: FastifyRequest) =>
  request.headers['hx-request'] === 'true' && request.headers['hx-history-restore-request'] !== 'true';

const base = (tree: Tree) => `/problems/${tree.id}`;

/** Walks kept: every step of every shipped tree (about 300) fits several times over. */
const WALK_CACHE_LIMIT = 2000;

/**
 * The guided checks for GP-practice staff. The step shown is always derived by replaying the
 * answers in the URL through the tree. Each step is a full page without JavaScript, and an
 * htmx fragment (same URL, `Vary: HX-Request`) with it. Only anonymous tallies are kept.
 */
const problems: FastifyPluginAsync = async (app) => {
  const treeLinks = app.trees.list().map((tree) => ({ id: tree.id, title: resolveText(tree.title, 'gp'), summary: resolveText(tree.summary, 'gp') }));
  const treeTitles = new Map(treeLinks.map((tree) => [tree.id, tree.title]));
  // The same answers replay to the same step: replayed and validated once, then remembered.
  const walks = new WalkCache(WALK_CACHE_LIMIT);
  const showList = (reply: FastifyReply, code = '', errors: FieldError[] = []) =>
    reply.page(
      'pages/problems/index',
      { title: 'What is the problem?', trees: treeLinks, code, errors, codesHref: CODE_PAGE_BASE },
      { status: errors.length ? 422 : 200 },
    );
  const codeBox = {
    treeForPrefix: (prefix: string) => app.trees.findByErrorCode(prefix)?.id,
    prefixes: app.trees.errorCodes(),
    codes: app.nhsLoginCodes,
  };

  interface StepExtras {
    errors?: FieldError[];
    linkage?: { values: Partial<LinkageFormValues>; report?: LinkageReport; continueHref?: string };
    status?: number;
  }

  async function showStep(request: FastifyRequest, reply: FastifyReply, tree: Tree, journey: Walk, extras: StepExtras = {}) {
    const errors = extras.errors ?? [];
    if (errors.length === 0 && !extras.linkage?.report) {
      app.journeyTally.add(tree.id, journey.nodeId, 'reached');
      if (journey.finished) app.journeyTally.add(tree.id, journey.nodeId, 'ended');
    }
    const here = stepPath(base(tree), journey.answers);
    const data = () => ({
      title: journey.node.title,
      tree: { id: tree.id, title: resolveText(tree.title, 'gp') },
      journey,
      answers: formatAnswers(journey.answers),
      action: base(tree),
      backHref: journey.back ? stepPath(base(tree), journey.back) : '/problems',
      startHref: base(tree),
      errors,
      linkage: extras.linkage ?? { values: {} },
      related: journey.node.seeAlso.map((id) => ({ href: `/problems/${id}`, title: treeTitles.get(id) ?? id })),
      review: reviewForPage(tree.review, app.now()),
      contactFormHref: contactFormPath(journey),
    });
    const template = wantsFragment(request) ? 'partials/tree-step-fragment' : 'pages/problems/step';
    reply.header('vary', 'HX-Request');
    reply.header('hx-push-url', here);
    // A step with no errors, no checker form and no report is the same page for every GP.
    if (errors.length === 0 && journey.node.kind !== 'check') return reply.sharedPage(`${template}|${here}`, template, data);
    return reply.page(template, data(), { status: extras.status ?? (errors.length ? 422 : 200), csrf: journey.node.kind === 'check' });
  }

  app.get('/problems', async (_request, reply) => showList(reply));

  app.get('/problems/code', async (request, reply) => {
    const query = codeQuery.safeParse(request.query);
    if (!query.success) return reply.errorPage(400);
    const code = query.data.code ?? '';
    const answer = answerCodeBox(code, codeBox);
    if ('go' in answer) return reply.redirect(answer.go, 303);
    return showList(reply, code.trim(), [{ field: 'code', href: '#code', message: answer.message }]);
  });

  // NHS login's CIDnnnn references: the list, and a page for each.
  app.get(CODE_PAGE_BASE, async (_request, reply) =>
    reply.page('pages/problems/nhs-login-codes', {
      title: 'NHS login references (CID codes)',
      codes: app.nhsLoginCodes.list().map((entry) => ({ code: entry.code, meaning: resolveText(entry.meaning, 'gp'), status: entry.status })),
      statuses: app.nhsLoginCodes.statuses,
      tags: STATUS_TAGS,
      review: reviewForPage(app.nhsLoginCodes.review, app.now()),
      backLink: { href: '/problems' },
    }),
  );

  app.get<{ Params: { code: string } }>(`${CODE_PAGE_BASE}/:code`, async (request, reply) => {
    const entry = app.nhsLoginCodes.get(request.params.code);
    if (!entry) return reply.callNotFound();
    if (entry.code !== request.params.code) return reply.redirect(`${CODE_PAGE_BASE}/${entry.code}`, 301);
    return reply.page('pages/problems/nhs-login-code', {
      title: `NHS login reference ${entry.code}`,
      entry: {
        code: entry.code,
        status: entry.status,
        statusText: app.nhsLoginCodes.statuses[entry.status],
        meaning: resolveText(entry.meaning, 'gp'),
        action: resolveText(entry.action, 'gp'),
        agentAction: resolveText(entry.action, 'agent'),
      },
      tree: entry.tree ? { href: `/problems/${entry.tree}`, title: treeTitles.get(entry.tree) ?? entry.tree } : null,
      listHref: CODE_PAGE_BASE,
      backLink: { href: CODE_PAGE_BASE },
      tags: STATUS_TAGS,
      review: reviewForPage(app.nhsLoginCodes.review, app.now()),
    });
  });

  app.get<{ Params: { treeId: string } }>('/problems/:treeId', async (request, reply) => {
    const tree = app.trees.get(request.params.treeId);
    if (!tree) return reply.callNotFound();
    const query = stepQuery.safeParse(request.query);
    if (!query.success) return reply.errorPage(400);
    const answers = parseAnswers(query.data.answers);
    if (!answers) return reply.errorPage(400);
    const given = query.data.answer ? [...answers, query.data.answer] : answers;
    const journey = walks.walk(tree, given, 'gp');
    // The form was sent from this step but no (valid) answer moved it on.
    if (query.data.at && query.data.at === journey.nodeId && journey.node.kind === 'question') {
      return showStep(request, reply, tree, journey, {
        errors: [{ field: 'answer', href: '#answer', message: 'Select the answer that fits' }],
      });
    }
    return showStep(request, reply, tree, journey);
  });

  // A check step (the linkage checker inside a tree). POST: PIN-document details never go in a URL.
  app.post<{ Params: { treeId: string } }>('/problems/:treeId/check', async (request, reply) => {
    const tree = app.trees.get(request.params.treeId);
    if (!tree) return reply.callNotFound();
    const body = readFormBody(request.body, ['_csrf', 'answers', ...LINKAGE_FORM_FIELDS]);
    if (!body.ok) return reply.errorPage(400);
    const answers = parseAnswers(body.values.answers);
    if (!answers) return reply.errorPage(400);
    const journey = walks.walk(tree, answers, 'gp');
    if (journey.invalid || journey.node.kind !== 'check') return reply.errorPage(400);
    const values = body.values as LinkageFormValues;
    const form = readLinkageForm(values, app.now());
    if (!form.ok) return showStep(request, reply, tree, journey, { errors: form.errors, linkage: { values } });
    const report = checkLinkage(form.input, app.linkageRules, app.now());
    const continueHref = stepPath(base(tree), [...journey.answers, linkageResult(report)]);
    return showStep(request, reply, tree, journey, { linkage: { values, report, continueHref } });
  });
};

export default problems;
