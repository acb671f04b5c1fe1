import t from 'tap';
import { parseProgressForm, progressAnswer } from '../../src/requests/progress-form.js';
import { parseTicketSource } from '../../src/requests/ticket-source.js';


t.test('check progress: the reference and the email it was sent from', async (t) => {
  t.same(parseProgressForm({ reference: ' gpc 7kq 4mx ', email: ' Pat@NHS.net ' }), { ok: true, value: { references: ['GPC-7KQ-4MX'], emailKeyInput: 'pat@nhs.net' } });
  const cases: Array<[string, string, Array<[string, string]>]> = [
    ['', '', [['#reference', 'Enter the reference'], ['#email', 'Enter the email address you sent the request from']]],
    ['7KQ-4MX', 'pat@nhs.net', [['#reference', 'Enter the reference as it was given, like CLN-7KQ-4MX or GPC-7KQ-4MX']]],
    ['CLN-7KQ-4M0', 'pat@nhs.net', [['#reference', 'Enter the reference as it was given, like CLN-7KQ-4MX or GPC-7KQ-4MX']]],
    ['CLN-7KQ-4MX', 'pat', [['#email', 'Enter the email address you sent the request from in the correct format, like name@example.com']]],
  ];
  for (const [reference, email, errors] of cases) {
    const result = parseProgressForm({ reference, email });
    t.same(result.ok ? [] : result.errors.map((e) => [e.href, e.message]), errors, `${reference} / ${email}`);
  }
  t.same(progressAnswer({ status: 'waiting-for-practice', updatedAt: new Date('2026-07-02T23:30:00Z') }), { status: 'Waiting for practice', lastChanged: '3 July 2026' }, 'the UK date');
});

t.test('a request from a ticket names the ticket', async (t) => {
  t.same(parseTicketSource(' INC-1234 '), { ok: true, source: { channel: 'ticket', ticketReference: 'INC-1234' } });
  const cases: Array<[string, string]> = [
    ['', 'Enter the ticket reference'],
    ['INC 1234', 'Ticket reference must only include letters, numbers, hyphens (-) and slashes (/)'],
    ['x'.repeat(41), 'Ticket reference must be 40 characters or fewer'],
  ];
  for (const [raw, message] of cases) t.same(parseTicketSource(raw), { ok: false, error: { field: 'ticketReference', href: '#ticket-reference', message } }, raw);
});
