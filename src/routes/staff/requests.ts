import type { FastifyPluginAsync } from 'fastify';
import { maskEmail } from '../../cleansing/mask.js';
import { normaliseReference } from '../../cleansing/reference.js';
import { formatDate, formatDateTime } from '../../text/dates.js';

const QUEUE_SIZE = 100;

/** Agents' queue of cleansing requests, and one request in full (every full view is audited). */
const requests: FastifyPluginAsync = async (app) => {
  app.get('/requests', async (request, reply) => {
    const staff = request.staff!;
    const [list, total] = await Promise.all([app.store.cleansing.list({ limit: QUEUE_SIZE }), app.store.cleansing.count()]);
    await app.audit('cleansing-requests.listed', staff);
    const rows = list.map((r) => ({
      reference: r.reference,
      received: formatDateTime(r.createdAt),
      newEmail: maskEmail(r.newEmail),
      oldEmail: maskEmail(r.oldEmail),
      odsCode: r.senderOdsCode,
      status: r.status,
    }));
    return reply.page('pages/staff/requests', { title: 'Cleansing requests', rows, total, shown: rows.length });
  });

  app.get<{ Params: { reference: string } }>('/requests/:reference', async (request, reply) => {
    const reference = normaliseReference(request.params.reference);
    const found = reference ? await app.store.cleansing.findByReference(reference) : null;
    if (!found) return reply.callNotFound();
    await app.audit('cleansing-request.viewed', request.staff, found.reference);
    const rows = [
      { key: 'Reference', value: found.reference },
      { key: 'Received', value: formatDateTime(found.createdAt) },
      { key: 'Status', value: found.status === 'new' ? 'New' : found.status },
      { key: "Patient's new email address", value: found.newEmail },
      { key: "Patient's old email address", value: found.oldEmail },
      { key: 'Last 3 digits of NHS number', value: found.nhsNumberLast3 },
      { key: 'Date of last successful access', value: found.lastAccessDate ? formatDate(found.lastAccessDate) : 'Not known' },
      { key: 'Steps taken so far', lines: found.stepsTaken.split(/\r?\n/) },
      { key: 'Sent by', value: found.senderName },
      { key: 'Practice ODS code', value: found.senderOdsCode },
      { key: 'Sender email address', value: found.senderEmail },
    ];
    return reply.page('pages/staff/request', {
      title: `Cleansing request ${found.reference}`,
      reference: found.reference,
      rows,
      backLink: { href: '/staff/requests', text: 'Back to cleansing requests' },
    });
  });
};

export default requests;
