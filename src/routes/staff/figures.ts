import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { loadBankHolidays } from '../../calendar/working-days.js';
import { loadFigures } from '../../figures/load.js';
import { defaultRange, parseRange, RANGE_FIELDS, type RangeValues } from '../../figures/range.js';
import { ROOT } from '../../paths.js';
import { readFormBody } from '../../validation/form-body.js';

const TEAM_LEADS = { roles: ['team-lead'] as const };

/**
 * Team leads' figures: GP journeys, requests and triages over a range of days, each as an SVG
 * chart with the same numbers in a table. Every number is grouped in the store.
 */
const figuresRoutes: FastifyPluginAsync = async (app) => {
  const { holidays } = await loadBankHolidays(join(ROOT, 'fixtures', 'bank-holidays.json'), app.now());

  app.get('/figures', { config: TEAM_LEADS }, async (request, reply) => {
    const read = readFormBody(request.query, RANGE_FIELDS);
    if (!read.ok) return reply.errorPage(400);
    const values: RangeValues = { from: read.values.from ?? '', to: read.values.to ?? '' };
    const now = app.now();
    const parsed = parseRange(values, now);
    const page = { title: 'Figures', values, defaults: defaultRange(now) };
    if (!parsed.ok) return reply.page('pages/staff/figures', { ...page, errors: parsed.errors, range: null, figures: null }, { status: 422 });
    const figures = await loadFigures(app.store.figures, app.trees.list(), holidays, parsed.range, now);
    await app.audit('figures.viewed', request.staff, `${parsed.range.from}..${parsed.range.to}`);
    return reply.page('pages/staff/figures', { ...page, errors: [], range: parsed.range, figures });
  });
};

export default figuresRoutes;
