import type { FieldError } from '../forms/field-errors.js';
import type { Role } from '../store/ports.js';
import { findingMessage, guardText } from './note-guard.js';
import type { Actor, HistoryEntry, MoveWhy, Note, RequestState, StaffRef } from './model.js';
import {
  findMove,
  isStatus,
  rejectionReasonsFor,
  STATUS_INFO,
  statusLabel,
  WHAT_WAS_DONE,
  type Move,
  type MoveNeed,
  type RequestStatus,
} from './statuses.js';
import type { RequestKind } from './kinds.js';
import { characterCount, formatCount } from '../text/length.js';

/**
 * Every change an agent makes to a request, checked here before the store sees it: a status
 * move, assigning, a note. Each answers with what to write (the history entry and the new
 * state) or a refusal that says why; nothing is half-applied. The store then writes the
 * change only if the version is still the one checked (as triage does).
 */

/** The move form's fields and their HTML ids, for the error summary. */
export const MOVE_FIELD_IDS = { to: 'move-to', reason: 'move-reason', text: 'move-text' } as const;
export const NOTE_FIELD_IDS = { text: 'note-text' } as const;

export const TEXT_LIMITS = { max: 2000 } as const;

export type Refusal =
  /** Someone else saved first: show both versions, change nothing. */
  | { type: 'conflict'; message: string; changedBy: StaffRef | null; changedAt: Date; currentVersion: number }
  /** Not a move (or assignment) this request, or this person, may make now. */
  | { type: 'not-allowed'; message: string }
  /** A field is missing or wrong: re-show the form with the errors (422). */
  | { type: 'invalid'; errors: FieldError[] }
  /** The guard held an email or a date: remove it, or confirm with this token. */
  | { type: 'held'; errors: FieldError[]; token: string };

export interface StateChange {
  status: RequestStatus;
  version: number;
  assignee: StaffRef | null;
  closedAt: Date | null;
}

export type ChangeResult = { ok: true; entry: HistoryEntry; state: StateChange } | { ok: false; refusal: Refusal };

export interface MoveInput {
  actor: Actor;
  /** As posted: checked here, so a forged value is refused like any other. */
  to: string;
  expectedVersion: number;
  /** A rejection reason id, as posted ('' when none). */
  reason: string;
  /** The agent's words: why, or what was done ('' when none). */
  text: string;
  /** The guard's token when the agent confirmed a held email or date is not the patient's. */
  confirmation: string | null;
  at: Date;
}

const ROLE_WORDS: Readonly<Record<Role, string>> = { agent: 'an agent', 'team-lead': 'a team lead' };

const londonTime = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' });
const londonDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

/** "This request was changed by Sam Agent at 14:05" (with the day when it was not today). */
export function conflictMessage(changedBy: StaffRef | null, changedAt: Date, now: Date): string {
  const who = changedBy ? ` by ${changedBy.displayName}` : '';
  const day = londonDay.format(changedAt) === londonDay.format(now) ? '' : ` on ${londonDay.format(changedAt)}`;
  return `This request was changed${who} at ${londonTime.format(changedAt)}${day}`;
}

function versionConflict(state: RequestState, expectedVersion: number, now: Date): Refusal | null {
  if (expectedVersion === state.version) return null;
  const { at, by } = state.lastChange;
  return { type: 'conflict', message: conflictMessage(by, at, now), changedBy: by, changedAt: at, currentVersion: state.version };
}

const staffRef = ({ userId, username, displayName }: StaffRef): StaffRef => ({ userId, username, displayName });

const notAllowed = (message: string): ChangeResult => ({ ok: false, refusal: { type: 'not-allowed', message } });
const fieldError = (field: keyof typeof MOVE_FIELD_IDS, message: string): FieldError => ({ field, href: `#${MOVE_FIELD_IDS[field]}`, message });

/** What each need asks of the form: a reason from the list, words (always, or by kind). */
const NEED_RULES: Readonly<Record<MoveNeed, { reason: boolean; text: (kind: RequestKind) => boolean; ask: string }>> = {
  rejection: { reason: true, text: () => true, ask: 'Explain why the request is rejected' },
  'what-was-done': { reason: false, text: (kind) => WHAT_WAS_DONE[kind] === 'required', ask: 'Say what was done' },
  'reopen-reason': { reason: false, text: () => true, ask: 'Explain why the request is reopened' },
};

function whyErrors(move: Move, kind: RequestKind, reason: string, text: string): FieldError[] {
  const errors: FieldError[] = [];
  const rule = move.needs === null ? null : NEED_RULES[move.needs];
  if (rule?.reason && !rejectionReasonsFor(kind).some((r) => r.id === reason)) {
    errors.push(fieldError('reason', 'Select why the request is rejected'));
  }
  if (rule?.text(kind) && text === '') errors.push(fieldError('text', rule.ask));
  if (characterCount(text) > TEXT_LIMITS.max) {
    errors.push(fieldError('text', `The text must be ${formatCount(TEXT_LIMITS.max)} characters or fewer`));
  }
  return errors;
}

/** The personal-data guardrail on the agent's words: a refusal for one field, or what was confirmed. */
function guard(href: string, text: string, at: Date, confirmation: string | null): { refusal: Refusal } | { confirmed: number } {
  const result = guardText(text, at, confirmation);
  if (result.outcome === 'accepted') return { confirmed: result.confirmed.length };
  const errors = result.findings.map((f) => ({ field: 'text', href, message: findingMessage(f) }));
  return { refusal: result.outcome === 'refused' ? { type: 'invalid', errors } : { type: 'held', errors, token: result.token } };
}

/** Validates a requested status move; the history entry and the new state, or why not. */
export function moveRequest(state: RequestState, input: MoveInput): ChangeResult {
  const conflict = versionConflict(state, input.expectedVersion, input.at);
  if (conflict) return { ok: false, refusal: conflict };
  if (!isStatus(input.to)) return notAllowed('Select a status this request can move to');
  const from = state.status;
  const to = input.to;
  if (to === from) return notAllowed(`This request is already ${statusLabel(from)}`);
  const move = findMove(from, to);
  if (!move) return notAllowed(`A request that is ${statusLabel(from)} cannot be moved to ${statusLabel(to)}`);
  if (!move.roles.includes(input.actor.role)) {
    const who = move.roles.map((role) => ROLE_WORDS[role]).join(' or ');
    return notAllowed(`Only ${who} can move a request that is ${statusLabel(from)} to ${statusLabel(to)}`);
  }

  const text = input.text.trim();
  const reason = move.needs !== null && NEED_RULES[move.needs].reason ? input.reason : '';
  const errors = whyErrors(move, state.kind, reason, text);
  if (errors.length > 0) return { ok: false, refusal: { type: 'invalid', errors } };
  const guarded = guard(`#${MOVE_FIELD_IDS.text}`, text, input.at, input.confirmation);
  if ('refusal' in guarded) return { ok: false, refusal: guarded.refusal };

  const why: MoveWhy | null = reason === '' && text === '' ? null : { reason: reason === '' ? null : reason, text: text === '' ? null : text };
  const version = state.version + 1;
  const by = staffRef(input.actor);
  const closedAt = STATUS_INFO[to].final ? input.at : STATUS_INFO[from].final ? null : state.closedAt;
  return {
    ok: true,
    entry: { type: 'status', at: input.at, by, version, from, to, why },
    state: { status: to, version, assignee: state.assignee, closedAt },
  };
}

export interface AssignInput {
  actor: Actor;
  /** 'me': the actor takes it (from nobody or from a colleague); 'nobody': unassign. */
  assign: 'me' | 'nobody';
  expectedVersion: number;
  at: Date;
}

/** Assign to me / unassign, as a history entry. */
export function assignRequest(state: RequestState, input: AssignInput): ChangeResult {
  const conflict = versionConflict(state, input.expectedVersion, input.at);
  if (conflict) return { ok: false, refusal: conflict };
  if (STATUS_INFO[state.status].final) return notAllowed(`A request that is ${statusLabel(state.status)} cannot be assigned`);
  const current = state.assignee;
  const me = staffRef(input.actor);
  let to: StaffRef | null;
  if (input.assign === 'me') {
    if (current?.userId === me.userId) return notAllowed('This request is already assigned to you');
    to = me;
  } else {
    if (current === null) return notAllowed('This request is not assigned to anyone');
    // Taking a colleague's request is open to all (it shows in the history); only a team
    // lead may leave someone else's request with nobody.
    if (current.userId !== me.userId && input.actor.role !== 'team-lead') {
      return notAllowed(`Only a team lead can unassign a request assigned to ${current.displayName}`);
    }
    to = null;
  }
  const version = state.version + 1;
  return {
    ok: true,
    entry: { type: 'assignment', at: input.at, by: me, version, from: current, to },
    state: { status: state.status, version, assignee: to, closedAt: state.closedAt },
  };
}

/** The first entry of every request's history. */
export function createdEntry(at: Date, by: StaffRef | null): HistoryEntry {
  return { type: 'created', at, by: by ? staffRef(by) : null, version: 1, status: 'new' };
}

export interface NoteInput {
  actor: Actor;
  text: string;
  confirmation: string | null;
  at: Date;
}

/**
 * An internal note. Notes only ever append, so they carry no version check: two agents
 * writing at once both keep their notes.
 */
export function addNote(input: NoteInput): { ok: true; note: Note } | { ok: false; refusal: Refusal } {
  const text = input.text.trim();
  const href = `#${NOTE_FIELD_IDS.text}`;
  const invalid = (message: string) => ({ ok: false as const, refusal: { type: 'invalid' as const, errors: [{ field: 'text', href, message }] } });
  if (text === '') return invalid('Enter the note');
  if (characterCount(text) > TEXT_LIMITS.max) return invalid(`The note must be ${formatCount(TEXT_LIMITS.max)} characters or fewer`);
  const guarded = guard(href, text, input.at, input.confirmation);
  if ('refusal' in guarded) return { ok: false, refusal: guarded.refusal };
  return { ok: true, note: { at: input.at, by: staffRef(input.actor), text, confirmedNotPatient: guarded.confirmed > 0 } };
}
