import t from 'tap';
import fc from 'fast-check';
import { addNote, assignRequest, conflictMessage, createdEntry, moveRequest, type MoveInput } from '../../src/requests/changes.js';
import { REQUEST_KINDS, type RequestKind } from '../../src/requests/kinds.js';
import type { Actor, RequestState, StaffRef } from '../../src/requests/model.js';
import { heldToken, findPersonalData } from '../../src/requests/note-guard.js';
import {
  findMove,
  MOVES,
  movesOffered,
  OPEN_STATUSES,
  rejectionReasonsFor,
  REJECTION_REASONS,
  STATUS_INFO,
  STATUSES,
  type RequestStatus,
} from '../../src/requests/statuses.js';
import type { Role } from '../../src/store/ports.js';
import { holds } from './property.js';

// 14:05 in London (GMT in December).
const NOW = new Date('2026-12-01T14:05:00Z');
const EARLIER = new Date('2026-12-01T09:30:00Z');

const sam: Actor = { userId: 'u1', username: 'sam', displayName: 'Sam Agent', role: 'agent' };
const alex: Actor = { userId: 'u2', username: 'alex', displayName: 'Alex Agent', role: 'agent' };
const lee: Actor = { userId: 'u3', username: 'lee', displayName: 'Lee Lead', role: 'team-lead' };
const ref = ({ userId, username, displayName }: StaffRef): StaffRef => ({ userId, username, displayName });

function state(overrides: Partial<RequestState> = {}): RequestState {
  return { kind: 'cleansing', status: 'new', version: 1, assignee: null, closedAt: null, lastChange: { at: EARLIER, by: ref(alex) }, ...overrides };
}

function move(to: string, overrides: Partial<MoveInput> = {}): MoveInput {
  return { actor: sam, to, expectedVersion: 1, reason: '', text: '', confirmation: null, at: NOW, ...overrides };
}

/** A move input that carries whatever the table says the move needs. */
function fullMove(kind: RequestKind, to: RequestStatus, actor: Actor): MoveInput {
  return move(to, { actor, reason: rejectionReasonsFor(kind)[0]?.id ?? '', text: 'Account cleansed; practice told by email.' });
}

t.test('statuses have the page labels', async (t) => {
  t.same(
    STATUSES.map((s) => STATUS_INFO[s].label),
    ['New', 'In progress', 'Waiting for practice', 'Completed', 'Rejected'],
  );
  t.same(OPEN_STATUSES, ['new', 'in-progress', 'waiting-for-practice']);
});

t.test('the moves table: who can go where', async (t) => {
  const cases: Array<[RequestStatus, Role, RequestStatus[]]> = [
    ['new', 'agent', ['in-progress']],
    ['in-progress', 'agent', ['waiting-for-practice', 'completed', 'rejected']],
    ['waiting-for-practice', 'agent', ['in-progress']],
    ['completed', 'agent', []],
    ['rejected', 'agent', []],
    ['completed', 'team-lead', ['in-progress']],
    ['rejected', 'team-lead', ['in-progress']],
  ];
  for (const [from, role, tos] of cases) t.same(movesOffered(from, role).map((m) => m.to), tos, `${from} for ${role}`);
  t.equal(new Set(MOVES.map((m) => `${m.from}>${m.to}`)).size, MOVES.length, 'each move is listed once');
});

t.test('property: every move the table allows succeeds, every other is refused and changes nothing', async (t) => {
  const arb = fc.tuple(fc.constantFrom(...REQUEST_KINDS), fc.constantFrom(...STATUSES), fc.constantFrom(...STATUSES), fc.constantFrom(sam, lee));
  holds(
    t,
    fc.property(arb, ([kind, from, to, actor]) => {
      const before = state({ kind, status: from, closedAt: STATUS_INFO[from].final ? EARLIER : null });
      const result = moveRequest(before, fullMove(kind, to, actor));
      const allowed = findMove(from, to)?.roles.includes(actor.role) ?? false;
      if (!allowed) return !result.ok && result.refusal.type === 'not-allowed';
      return result.ok && result.state.status === to && result.state.version === 2 && result.entry.type === 'status' && result.entry.from === from;
    }),
    'table and function agree',
    500,
  );
});

t.test('a move records who, when, from, to and why', async (t) => {
  const result = moveRequest(state({ status: 'in-progress', version: 4 }), move('rejected', {
    expectedVersion: 4,
    reason: 'information-missing-or-wrong',
    text: '  The old email given does not match the account.  ',
  }));
  t.same(result, {
    ok: true,
    entry: {
      type: 'status',
      at: NOW,
      by: ref(sam),
      version: 5,
      from: 'in-progress',
      to: 'rejected',
      why: { reason: 'information-missing-or-wrong', text: 'The old email given does not match the account.' },
    },
    state: { status: 'rejected', version: 5, assignee: null, closedAt: NOW },
  });
  const start = moveRequest(state(), move('in-progress'));
  t.same(start.ok && start.entry.type === 'status' && start.entry.why, null, 'no words needed to start work');
});

t.test("seed 004's reason is on the cleansing list", async (t) => {
  const reason = REJECTION_REASONS.find((r) => r.id === 'information-missing-or-wrong');
  t.equal(reason?.label, 'The information is missing or wrong');
  t.equal(reason?.hint, 'The account needs a reset: the patient re-links to their NHS number and may have to prove who they are again');
  t.same(rejectionReasonsFor('cleansing').map((r) => r.id), ['information-missing-or-wrong', 'account-still-reachable', 'practice-can-reset', 'duplicate', 'other']);
  t.same(rejectionReasonsFor('contact').map((r) => r.id), ['practice-checks-not-done', 'duplicate', 'other']);
});

t.test('what a move must carry', async (t) => {
  const inProgress = (kind: RequestKind) => state({ kind, status: 'in-progress' });
  const closed = state({ status: 'completed', closedAt: EARLIER });
  const cases: Array<{ name: string; from: RequestState; input: MoveInput; errors: Array<[string, string]> }> = [
    { name: 'rejection with neither reason nor text', from: inProgress('cleansing'), input: move('rejected'), errors: [['#move-reason', 'Select why the request is rejected'], ['#move-text', 'Explain why the request is rejected']] },
    { name: 'rejection with a reason but no text', from: inProgress('cleansing'), input: move('rejected', { reason: 'other', text: '   ' }), errors: [['#move-text', 'Explain why the request is rejected']] },
    { name: "rejection with another kind's reason", from: inProgress('contact'), input: move('rejected', { reason: 'practice-can-reset', text: 'P0 account.' }), errors: [['#move-reason', 'Select why the request is rejected']] },
    { name: 'rejection with a made-up reason', from: inProgress('cleansing'), input: move('rejected', { reason: '__proto__', text: 'x' }), errors: [['#move-reason', 'Select why the request is rejected']] },
    { name: 'completing a cleansing request without what was done', from: inProgress('cleansing'), input: move('completed'), errors: [['#move-text', 'Say what was done']] },
    { name: 'reopening without a reason', from: closed, input: move('in-progress', { actor: lee }), errors: [['#move-text', 'Explain why the request is reopened']] },
    { name: 'text over 2,000 characters', from: inProgress('cleansing'), input: move('completed', { text: 'a'.repeat(2001) }), errors: [['#move-text', 'The text must be 2,000 characters or fewer']] },
    { name: 'an NHS number in the words', from: inProgress('cleansing'), input: move('completed', { text: 'Cleansed 943 476 5919' }), errors: [['#move-text', 'Remove the NHS number at character 10. A note must not contain a full NHS number']] },
  ];
  for (const c of cases) {
    const result = moveRequest(c.from, c.input);
    t.same(result.ok ? [] : result.refusal.type === 'invalid' ? result.refusal.errors.map((e) => [e.href, e.message]) : result.refusal, c.errors, c.name);
  }
  const contact = moveRequest(inProgress('contact'), move('completed'));
  t.ok(contact.ok, 'a contact request can be completed without words');
  t.ok(moveRequest(inProgress('cleansing'), move('completed', { text: 'a'.repeat(2000) })).ok, '2,000 characters is fine');
});

t.test('an email in the words is held until confirmed', async (t) => {
  const from = state({ status: 'in-progress' });
  const text = 'Practice asked us to reply to pm@nhs.net';
  const held = moveRequest(from, move('completed', { text }));
  t.equal(!held.ok && held.refusal.type, 'held');
  const token = !held.ok && held.refusal.type === 'held' ? held.refusal.token : '';
  t.equal(token, heldToken(findPersonalData(text, NOW)));
  t.ok(moveRequest(from, move('completed', { text, confirmation: token })).ok, 'confirmed');
  const edited = moveRequest(from, move('completed', { text: `${text} and old@example.com`, confirmation: token }));
  t.equal(!edited.ok && edited.refusal.type, 'held', 'a confirmation counts only for what was held');
});

t.test('refused moves say why', async (t) => {
  const cases: Array<{ name: string; from: RequestState; input: MoveInput; message: string }> = [
    { name: 'not a status', from: state(), input: move('deleted'), message: 'Select a status this request can move to' },
    { name: 'forged: inherited key', from: state(), input: move('constructor'), message: 'Select a status this request can move to' },
    { name: 'same status', from: state(), input: move('new'), message: 'This request is already New' },
    { name: 'skipping a step', from: state(), input: move('completed', { text: 'done' }), message: 'A request that is New cannot be moved to Completed' },
    { name: 'an agent reopening', from: state({ status: 'rejected' }), input: move('in-progress', { text: 'x' }), message: 'Only a team lead can move a request that is Rejected to In progress' },
  ];
  for (const c of cases) t.same(moveRequest(c.from, c.input), { ok: false, refusal: { type: 'not-allowed', message: c.message } }, c.name);
});

t.test('a stale version is a conflict naming who changed it and when', async (t) => {
  const current = state({ status: 'in-progress', version: 3, lastChange: { at: EARLIER, by: ref(alex) } });
  const result = moveRequest(current, move('waiting-for-practice', { expectedVersion: 2 }));
  t.same(result, {
    ok: false,
    refusal: { type: 'conflict', message: 'This request was changed by Alex Agent at 09:30', changedBy: ref(alex), changedAt: EARLIER, currentVersion: 3 },
  });
  t.equal(!result.ok && result.refusal.type, 'conflict', 'even a move that would be refused reports the conflict first: the page was out of date');
  t.equal(conflictMessage(ref(alex), new Date('2026-07-01T13:05:00Z'), new Date('2026-07-01T15:00:00Z')), 'This request was changed by Alex Agent at 14:05', 'UK summer time');
  t.equal(conflictMessage(null, new Date('2026-11-30T13:05:00Z'), NOW), 'This request was changed at 13:05 on 30 November 2026');
});

t.test('closing sets closedAt; reopening clears it; other moves keep it', async (t) => {
  const completed = moveRequest(state({ status: 'in-progress' }), move('completed', { text: 'Cleansed.' }));
  t.same(completed.ok && completed.state.closedAt, NOW);
  const reopened = moveRequest(state({ status: 'completed', closedAt: EARLIER }), move('in-progress', { actor: lee, text: 'Practice says the patient still cannot log in.' }));
  t.same(reopened.ok && reopened.state.closedAt, null);
  const waiting = moveRequest(state({ status: 'in-progress' }), move('waiting-for-practice'));
  t.same(waiting.ok && waiting.state.closedAt, null);
});

t.test('assign to me and unassign', async (t) => {
  const cases: Array<{ name: string; from: RequestState; actor: Actor; assign: 'me' | 'nobody'; to?: StaffRef | null; message?: string }> = [
    { name: 'take an unassigned request', from: state(), actor: sam, assign: 'me', to: ref(sam) },
    { name: "take a colleague's request", from: state({ assignee: ref(alex) }), actor: sam, assign: 'me', to: ref(sam) },
    { name: 'unassign yourself', from: state({ assignee: ref(sam) }), actor: sam, assign: 'nobody', to: null },
    { name: 'a team lead unassigns anyone', from: state({ assignee: ref(alex) }), actor: lee, assign: 'nobody', to: null },
    { name: 'already yours', from: state({ assignee: ref(sam) }), actor: sam, assign: 'me', message: 'This request is already assigned to you' },
    { name: 'nobody to unassign', from: state(), actor: sam, assign: 'nobody', message: 'This request is not assigned to anyone' },
    { name: "an agent unassigning a colleague", from: state({ assignee: ref(alex) }), actor: sam, assign: 'nobody', message: 'Only a team lead can unassign a request assigned to Alex Agent' },
    { name: 'a closed request', from: state({ status: 'completed' }), actor: sam, assign: 'me', message: 'A request that is Completed cannot be assigned' },
  ];
  for (const c of cases) {
    const result = assignRequest(c.from, { actor: c.actor, assign: c.assign, expectedVersion: 1, at: NOW });
    if (c.message) t.same(result, { ok: false, refusal: { type: 'not-allowed', message: c.message } }, c.name);
    else {
      t.same(result, {
        ok: true,
        entry: { type: 'assignment', at: NOW, by: ref(c.actor), version: 2, from: c.from.assignee, to: c.to },
        state: { status: c.from.status, version: 2, assignee: c.to, closedAt: null },
      }, c.name);
    }
  }
  const stale = assignRequest(state({ version: 2 }), { actor: sam, assign: 'me', expectedVersion: 1, at: NOW });
  t.equal(!stale.ok && stale.refusal.type, 'conflict', 'two agents taking one request: the second is told');
});

t.test('the first history entry', async (t) => {
  t.same(createdEntry(EARLIER, null), { type: 'created', at: EARLIER, by: null, version: 1, status: 'new' });
  t.same(createdEntry(EARLIER, sam), { type: 'created', at: EARLIER, by: ref(sam), version: 1, status: 'new' }, 'the role is not stored');
});

t.test('notes: the guardrail, no version needed', async (t) => {
  t.same(addNote({ actor: sam, text: '  Called the practice back.  ', confirmation: null, at: NOW }), {
    ok: true,
    note: { at: NOW, by: ref(sam), text: 'Called the practice back.', confirmedNotPatient: false },
  });
  const refusals: Array<[string, string]> = [
    ['   ', 'Enter the note'],
    ['a'.repeat(2001), 'The note must be 2,000 characters or fewer'],
    ['NHS no 9434765919', 'Remove the NHS number at character 8. A note must not contain a full NHS number'],
  ];
  for (const [text, message] of refusals) {
    t.same(addNote({ actor: sam, text, confirmation: null, at: NOW }), { ok: false, refusal: { type: 'invalid', errors: [{ field: 'text', href: '#note-text', message }] } }, message);
  }
  // 2,000 characters as the person sees them, with the line breaks a browser sends as CR LF.
  const lines = `${'a'.repeat(999)}\r\n${'b'.repeat(1000)}`;
  t.equal(addNote({ actor: sam, text: lines, confirmation: null, at: NOW }).ok, true, 'a line break counts as one character');
  const text = 'Patient born 03/04/1975, practice email pm@nhs.net';
  const held = addNote({ actor: sam, text, confirmation: null, at: NOW });
  t.same(!held.ok && held.refusal.type === 'held' && held.refusal.errors.map((e) => e.message), [
    "There is a date that looks like a date of birth at character 14. Remove it, or confirm it is not the patient's",
    "There is an email address at character 41. Remove it, or confirm it is not the patient's",
  ]);
  const token = !held.ok && held.refusal.type === 'held' ? held.refusal.token : null;
  const confirmed = addNote({ actor: sam, text, confirmation: token, at: NOW });
  t.equal(confirmed.ok && confirmed.note.confirmedNotPatient, true);
});
