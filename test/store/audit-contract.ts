import type { Test } from 'tap';
import { randomBytes } from 'node:crypto';
import { nextLink } from '../../src/audit/chain.js';
import { signCheckpoint } from '../../src/audit/checkpoint.js';
import { verifyAuditLog } from '../../src/audit/verify-log.js';
import type { AuditEvent, NewAuditEvent, Store } from '../../src/store/ports.js';
import { sampleCleansingRequest } from '../sample-cleansing-request.js';

/** Direct access to an adapter's stored audit events, past the port: what an intruder with the database has. */
export interface RawAudit {
  /** Overwrites stored fields of one event in place. */
  update(seq: number, fields: Partial<Pick<AuditEvent, 'action' | 'reference' | 'prev' | 'hash'>>): Promise<void>;
  /** Deletes every event from `seq` on. */
  deleteFrom(seq: number): Promise<void>;
  close(): Promise<void>;
}

/** A store on a database of its own (tampering would spoil the shared one) and raw access to it. */
export type OpenTamperable = () => Promise<{ store: Store; raw: RawAudit }>;

/**
 * The audit log's hash chain, on every adapter: one unbroken sequence under concurrent appends
 * from two stores on the same data (as two processes), dedupe kept, filtered newest-first
 * pages, checkpoints, and tampering found by verify.
 */
export function auditChainContract(t: Test, open: () => Promise<Store>, openTamperable: OpenTamperable): void {
  const key = randomBytes(32);
  let counter = 0;
  const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${++counter}`;
  const event = (overrides: Partial<NewAuditEvent> = {}): NewAuditEvent => ({
    at: new Date(),
    actor: { userId: 'u1', username: 'agent1' },
    action: 'request.viewed',
    reference: unique('CLN'),
    ...overrides,
  });

  /** Every stored event, oldest first, read the way verify reads them. */
  async function all(store: Store): Promise<AuditEvent[]> {
    const events: AuditEvent[] = [];
    for (let batch = await store.audit.range({ afterSeq: 0, limit: 500 }); batch.length; ) {
      events.push(...batch);
      batch = await store.audit.range({ afterSeq: batch.at(-1)!.seq, limit: 500 });
    }
    return events;
  }

  t.test('audit chain: 200 appends at once from two stores on the same data keep one unbroken sequence', async (t) => {
    const [a, b] = [await open(), await open()];
    t.teardown(async () => {
      await a.close();
      await b.close();
    });
    const before = (await a.audit.head())?.seq ?? 0;
    const username = unique('parallel');
    const repeated = event({ actor: { userId: 'u2', username }, dedupeKey: unique('once') });
    await Promise.all([
      ...Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).audit.record(event({ actor: { userId: 'u2', username } }))),
      ...Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).audit.record(repeated)),
    ]);
    const head = await b.audit.head();
    t.equal(head?.seq, before + 201, 'every event got its own number, the repeated one once');
    const events = await all(a);
    t.same(
      events.map((e) => e.seq),
      Array.from({ length: events.length }, (_, i) => i + 1),
      'numbered 1, 2, 3… with no gaps',
    );
    t.equal(events.filter((e) => e.dedupeKey === repeated.dedupeKey).length, 1, 'a repeated dedupe key is stored once');
    t.same(await verifyAuditLog(a.audit, key, 64), { intact: true, events: head!.seq, checkpoints: 0 }, 'the whole chain verifies');
  });

  t.test('audit chain: events stored with cleansing requests are links in it too', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const created = await Promise.all(
      Array.from({ length: 5 }, () =>
        store.requests.create(
          sampleCleansingRequest({ idempotencyKey: unique('key') }),
          { audit: (stored) => ({ at: stored.createdAt, actor: { userId: null, username: null }, action: 'request.created', reference: stored.reference, dedupeKey: `c:${stored.reference}` }) },
        ),
      ),
    );
    await store.audit.record(event());
    const references = new Set(created.map((c) => c.request.reference));
    const stored = (await store.audit.list({ limit: 20 })).filter((e) => references.has(e.reference!));
    t.equal(stored.length, 5);
    t.ok(stored.every((e) => e.seq > 0 && /^[0-9a-f]{64}$/.test(e.hash)), 'each with a place and a hash');
    t.match(await verifyAuditLog(store.audit, key), { intact: true });
  });

  t.test('audit search: filters, newest first, keyset pages by sequence number', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const username = unique('searcher');
    const reference = unique('CLN');
    const base = Date.parse('2031-05-01T10:00:00.000Z');
    for (let i = 0; i < 7; i++) {
      await store.audit.record(event({ at: new Date(base + i * 3_600_000), actor: { userId: 'u9', username }, action: i % 2 ? 'staff.signed-in' : 'request.viewed', reference: i < 3 ? reference : unique('CLN') }));
    }
    const mine = await store.audit.search({ username, limit: 10 });
    t.equal(mine.length, 7);
    t.same(mine.map((e) => e.seq), [...mine.map((e) => e.seq)].sort((x, y) => y - x), 'newest first');
    const page1 = await store.audit.search({ username, limit: 3 });
    const page2 = await store.audit.search({ username, limit: 3, beforeSeq: page1.at(-1)!.seq });
    const page3 = await store.audit.search({ username, limit: 3, beforeSeq: page2.at(-1)!.seq });
    t.same([...page1, ...page2, ...page3].map((e) => e.seq), mine.map((e) => e.seq), 'pages follow on with nothing repeated or skipped');
    t.equal((await store.audit.search({ username, action: 'staff.signed-in', limit: 10 })).length, 3, 'by action');
    t.equal((await store.audit.search({ reference, limit: 10 })).length, 3, 'by reference');
    const day = await store.audit.search({ username, from: new Date(base + 2 * 3_600_000), to: new Date(base + 5 * 3_600_000), limit: 10 });
    t.same(day.map((e) => e.at.getTime()), [4, 3, 2].map((h) => base + h * 3_600_000), 'from inclusive, to exclusive');
    t.same(await store.audit.search({ username: unique('nobody'), limit: 10 }), []);
  });

  t.test('audit search: newest first by the time it happened, even when appended later', async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const username = unique('late');
    const base = Date.parse('2031-06-01T10:00:00.000Z');
    for (const minutes of [10, 30, 20, 0]) await store.audit.record(event({ at: new Date(base + minutes * 60_000), actor: { userId: 'u9', username }, reference: `m${minutes}` }));
    t.same((await store.audit.search({ username, limit: 10 })).map((e) => e.reference), ['m30', 'm20', 'm10', 'm0']);
    const first = await store.audit.search({ username, limit: 2 });
    const rest = await store.audit.search({ username, limit: 10, beforeSeq: first.at(-1)!.seq });
    t.same([...first, ...rest].map((e) => e.reference), ['m30', 'm20', 'm10', 'm0'], 'the cursor pages in the same order');
  });

  t.test('audit checkpoints: stored once per sequence number, oldest first, the latest found', async (t) => {
    const { store, raw } = await openTamperable();
    t.teardown(async () => {
      await raw.close();
      await store.close();
    });
    t.equal(await store.audit.latestCheckpoint(), null);
    for (let i = 0; i < 3; i++) await store.audit.record(event());
    const head = (await store.audit.head())!;
    const first = signCheckpoint(key, { seq: 2, hash: (await store.audit.range({ afterSeq: 1, limit: 1 }))[0]!.hash }, new Date());
    const second = signCheckpoint(key, head, new Date());
    await store.audit.addCheckpoint(second);
    await store.audit.addCheckpoint(first);
    await store.audit.addCheckpoint({ ...second, mac: 'another' });
    t.same((await store.audit.checkpoints()).map((c) => c.seq), [2, 3]);
    t.equal((await store.audit.latestCheckpoint())?.mac, second.mac, 'the first one for a seq is kept');
    t.same(await verifyAuditLog(store.audit, key), { intact: true, events: 3, checkpoints: 2 });
  });

  t.test('audit checkpoints: a sequence number of 2^31 or more is stored and read back as a number', async (t) => {
    const { store, raw } = await openTamperable();
    t.teardown(async () => {
      await raw.close();
      await store.close();
    });
    const seq = 2 ** 31 + 7;
    await store.audit.addCheckpoint(signCheckpoint(key, { seq, hash: 'a'.repeat(64) }, new Date()));
    t.equal((await store.audit.latestCheckpoint())?.seq, seq);
  });

  /** A fresh log of 30 events with a signed checkpoint at 20 and at 30. */
  async function signedLog(t: Test) {
    const { store, raw } = await openTamperable();
    t.teardown(async () => {
      await raw.close();
      await store.close();
    });
    for (let i = 0; i < 30; i++) {
      await store.audit.record(event({ at: new Date(Date.parse('2026-04-01T08:00:00Z') + i * 60_000) }));
      const head = (await store.audit.head())!;
      if (head.seq % 20 === 0 || head.seq === 30) await store.audit.addCheckpoint(signCheckpoint(key, head, new Date()));
    }
    t.same(await verifyAuditLog(store.audit, key, 7), { intact: true, events: 30, checkpoints: 2 }, 'intact before');
    return { store, raw };
  }

  t.test('tampering: one event altered in the database is found', async (t) => {
    const { store, raw } = await signedLog(t);
    await raw.update(12, { reference: 'CLN-SOMEONE-ELSE' });
    t.match(await verifyAuditLog(store.audit, key, 7), { intact: false, seq: 12, problem: 'altered' });
  });

  t.test('tampering: the newest events deleted are found', async (t) => {
    const { store, raw } = await signedLog(t);
    await raw.deleteFrom(26);
    t.match(await verifyAuditLog(store.audit, key, 7), { intact: false, seq: 26, problem: 'truncated', message: /vouches for events up to 30/ });
  });

  t.test('tampering: the chain rewritten with fresh hashes is found by the signed checkpoints', async (t) => {
    const { store, raw } = await signedLog(t);
    const events = await all(store);
    let head = events[4]!;
    for (const e of events.slice(5)) {
      const changed: AuditEvent = { ...e, action: e.seq === 6 ? 'staff.signed-in' : e.action };
      const link = nextLink(head, changed);
      await raw.update(e.seq, { action: changed.action, prev: link.prev, hash: link.hash });
      head = { ...changed, ...link };
    }
    t.match(await verifyAuditLog(store.audit, key, 7), { intact: false, seq: 1, problem: 'rewritten', message: /events 1 to 20 were changed/ });
  });
}
