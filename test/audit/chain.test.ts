import t from 'tap';
import { randomBytes } from 'node:crypto';
import { AUDIT_ACTIONS, actionSpec, referenceHref } from '../../src/audit/actions.js';
import { GENESIS_HASH, canonicalContent, eventHash, nextLink } from '../../src/audit/chain.js';
import { checkpointSignedBy, signCheckpoint } from '../../src/audit/checkpoint.js';
import { auditEvent } from '../../src/audit/event.js';
import { ChainVerifier, describeResult, type VerifyResult } from '../../src/audit/verify.js';
import type { AuditCheckpoint, AuditEvent, NewAuditEvent } from '../../src/store/ports.js';

const key = randomBytes(32);
const start = Date.parse('2026-03-02T09:00:00.000Z');

/** A chain of n events, as an adapter would store it. */
function chainOf(n: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let i = 0; i < n; i++) {
    const event: NewAuditEvent = auditEvent('request.viewed', { id: `u${i % 3}`, username: `agent${i % 3}` }, `CLN-${1000 + i}`, {
      at: new Date(start + i * 1000),
    });
    const link = nextLink(events.at(-1) ?? null, event);
    events.push({ ...event, ...link, id: String(link.seq) });
  }
  return events;
}

function verify(events: AuditEvent[], checkpoints: AuditCheckpoint[], withKey = key): VerifyResult {
  const verifier = new ChainVerifier(withKey, checkpoints);
  for (const event of events) if (!verifier.push(event)) break;
  return verifier.finish();
}

const checkpointAt = (events: AuditEvent[], seq: number) => signCheckpoint(key, events[seq - 1]!, new Date(start + seq * 1000 + 1));

t.test('canonical form: RFC 8785, the same bytes whatever the key order', async (t) => {
  const event = { seq: 7, at: new Date('2026-03-02T09:00:00Z'), actor: { username: 'lee', userId: 'u1' }, reference: 'CLN-1', action: 'staff.signed-in' };
  t.equal(
    canonicalContent(event),
    '{"action":"staff.signed-in","actor":{"userId":"u1","username":"lee"},"at":"2026-03-02T09:00:00.000Z","reference":"CLN-1","seq":7}',
  );
  t.equal(canonicalContent({ ...event, dedupeKey: 'k' }).includes('"dedupeKey":"k"'), true, 'a dedupe key is covered when present');
  t.not(eventHash(GENESIS_HASH, event), eventHash(GENESIS_HASH, { ...event, seq: 8 }), 'the sequence number is covered');
  t.match(eventHash(GENESIS_HASH, event), /^[0-9a-f]{64}$/);
});

t.test('the vocabulary: one entry per action, each with words and a reference kind', async (t) => {
  const names = AUDIT_ACTIONS.map((a) => a.action);
  t.equal(new Set(names).size, names.length, 'no action listed twice');
  t.same(actionSpec('something.unlisted'), { action: 'something.unlisted', text: 'something.unlisted', reference: 'none' });
  const links: [string, string | null, string | null][] = [
    ['request.viewed', 'CLN-123', '/staff/requests/CLN-123'],
    ['staff.disabled', 'agent1', '/staff/users#agent1'],
    ['triage.started', 'abc', '/staff/triage/abc'],
    ['staff.sign-in-failed', 'who?', null],
    ['staff.signed-in', null, null],
  ];
  for (const [action, reference, href] of links) t.equal(referenceHref(action, reference), href, `${action} → ${String(href)}`);
});

t.test('checkpoints are signed by the key and nothing else', async (t) => {
  const events = chainOf(3);
  const checkpoint = checkpointAt(events, 3);
  t.ok(checkpointSignedBy(key, checkpoint));
  t.notOk(checkpointSignedBy(randomBytes(32), checkpoint), 'another key');
  t.notOk(checkpointSignedBy(key, { ...checkpoint, seq: 2 }), 'a moved checkpoint');
  t.notOk(checkpointSignedBy(key, { ...checkpoint, mac: 'zz' }), 'a malformed signature');
});

t.test('verify: an untouched chain is intact', async (t) => {
  const events = chainOf(25);
  const result = verify(events, [checkpointAt(events, 10), checkpointAt(events, 20), checkpointAt(events, 25)]);
  t.same(result, { intact: true, events: 25, checkpoints: 3 });
  t.equal(describeResult(result), 'intact: events 1 to 25');
  t.equal(describeResult(verify([], [])), 'intact: no events yet');
});

/** Each way of tampering, the event verify must name, and why. */
const tampering: { name: string; tamper: (events: AuditEvent[], cps: AuditCheckpoint[]) => [AuditEvent[], AuditCheckpoint[]]; seq: number; problem: string; message: RegExp }[] = [
  {
    name: 'one event altered in place',
    tamper: (events, cps) => [events.map((e) => (e.seq === 7 ? { ...e, reference: 'CLN-9999' } : e)), cps],
    seq: 7,
    problem: 'altered',
    message: /^event 7 has been altered/,
  },
  {
    name: 'an event deleted from the middle',
    tamper: (events, cps) => [events.filter((e) => e.seq !== 12), cps],
    seq: 12,
    problem: 'missing',
    message: /^event 12 is missing: the log goes from event 11 to event 13/,
  },
  {
    name: 'the newest events deleted after a checkpoint',
    tamper: (events, cps) => [events.filter((e) => e.seq <= 17), cps],
    seq: 18,
    problem: 'truncated',
    message: /^events after 17 are missing: a checkpoint signed .* vouches for events up to 20/,
  },
  {
    name: 'an event replaced, with its own hash recomputed',
    tamper: (events, cps) => [
      events.map((e) => (e.seq === 5 ? { ...e, action: 'staff.signed-in', hash: eventHash(e.prev, { ...e, action: 'staff.signed-in' }) } : e)),
      cps,
    ],
    seq: 6,
    problem: 'broken-link',
    message: /^event 6 does not follow event 5/,
  },
  {
    name: 'the whole chain rewritten from event 14 with fresh hashes',
    tamper: (events, cps) => {
      const rewritten: AuditEvent[] = events.slice(0, 13);
      for (const e of events.slice(13)) {
        const changed = { ...e, reference: e.seq === 14 ? 'CLN-0000' : e.reference };
        rewritten.push({ ...changed, ...nextLink(rewritten.at(-1)!, changed) });
      }
      return [rewritten, cps];
    },
    seq: 11,
    problem: 'rewritten',
    message: /^the chain was rewritten: event 20's hash does not match the checkpoint signed .*, so events 11 to 20 were changed and re-hashed/,
  },
  {
    name: 'a checkpoint forged for a rewritten head',
    tamper: (events, cps) => [events, [...cps.slice(0, 1), { ...cps[1]!, hash: 'f'.repeat(64) }]],
    seq: 20,
    problem: 'forged-checkpoint',
    message: /^the checkpoint for event 20 is not signed with this service's audit key/,
  },
];

for (const { name, tamper, seq, problem, message } of tampering) {
  t.test(`verify finds ${name}`, async (t) => {
    const events = chainOf(20);
    const [changed, checkpoints] = tamper(events, [checkpointAt(events, 10), checkpointAt(events, 20)]);
    const result = verify(changed, checkpoints);
    t.match(result, { intact: false, seq, problem, message });
    t.match(describeResult(result), /^not intact: /);
  });
}

t.test('verify with another key: every checkpoint is refused', async (t) => {
  const events = chainOf(5);
  t.match(verify(events, [checkpointAt(events, 5)], randomBytes(32)), { intact: false, seq: 5, problem: 'forged-checkpoint' });
});
