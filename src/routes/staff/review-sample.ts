import type { FastifyPluginAsync } from 'fastify';
import { KINDS } from '../../requests/kinds.js';
import { parseSampleForm, SAMPLE_FIELD_IDS, SAMPLE_FIELDS, type SampleValues } from '../../requests/sample-form.js';
import { dayStart, nextDayStart } from '../../store/day-range.js';
import { formatDateTime } from '../../text/dates.js';

/** Team leads: N random requests completed on a chosen UTC day, to review (four eyes). */
const reviewSample: FastifyPluginAsync = async (app) => {
  app.get('/review-sample', async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(SAMPLE_FIELDS.map((f) => [f, typeof query[f] === 'string' ? query[f] : ''])) as SampleValues;
    const page = { title: 'Review a sample of completed requests', values, ids: SAMPLE_FIELD_IDS, backLink: { href: '/staff', text: 'Back' } };
    if (values.day === '' && values.size === '') return reply.page('pages/staff/review-sample', { ...page, values: { day: '', size: '5' }, errors: [], rows: null });
    const parsed = parseSampleForm(values);
    if (!parsed.ok) return reply.page('pages/staff/review-sample', { ...page, title: `Error: ${page.title}`, errors: parsed.errors, rows: null }, { status: 422 });
    const drawn = await app.store.requests.sampleClosed(dayStart(parsed.day), nextDayStart(parsed.day), 'completed', parsed.size);
    await app.audit('requests.sample-drawn', request.staff, parsed.day);
    const rows = drawn.map((r) => ({ reference: r.reference, kind: KINDS[r.kind].label, completed: r.closedAt ? formatDateTime(r.closedAt) : '', by: r.lastChange.by?.displayName ?? '' }));
    return reply.page('pages/staff/review-sample', { ...page, errors: [], rows, day: parsed.day });
  });
};

export default reviewSample;
