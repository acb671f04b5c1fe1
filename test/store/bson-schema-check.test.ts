import t from 'tap';
import { Double, Int32, Long } from 'mongodb';
import { COLLECTIONS, asWhole, validators } from '../../src/store/mongo/schema.js';
import { schemaProblems } from './bson-schema-check.js';

// What the server's $jsonSchema check would say to audit events as stored; the MongoDB contract
// run uses the same check on every document it wrote (test/store/mongo.test.ts).
const audit = validators[COLLECTIONS.audit]!.$jsonSchema;
const event = {
  _id: 'e1',
  at: new Date(),
  actor: { userId: null, username: 'agent1' },
  action: 'staff.signed-in',
  reference: null,
  seq: new Int32(1),
  prev: '0'.repeat(64),
  hash: 'a'.repeat(64),
};

const cases: [string, Record<string, unknown>, RegExp | null][] = [
  ['an event as the adapter writes it', event, null],
  ['seq as a long', { ...event, seq: Long.fromNumber(2 ** 31 + 1) }, null],
  ['seq 2^31 + 1 as asWhole sends it', { ...event, seq: asWhole(2 ** 31 + 1) }, null],
  ['seq 2^31 + 1 as a bare number (a double)', { ...event, seq: 2 ** 31 + 1 }, /\$\.seq: double/],
  ['seq as a double', { ...event, seq: new Double(3) }, /\$\.seq: double/],
  ['seq 0', { ...event, seq: new Int32(0) }, /\$\.seq: below 1/],
  ['a field the schema does not name', { ...event, extra: 'x' }, /\$\.extra: not allowed/],
  ['action null', { ...event, action: null }, /\$\.action: null, wanted string/],
  ['actor undefined (the driver sends null)', { ...event, actor: undefined }, /\$\.actor: null, wanted object/],
  ['no at', Object.fromEntries(Object.entries(event).filter(([k]) => k !== 'at')), /\$\.at: required/],
  ['an actor with an extra field', { ...event, actor: { ...event.actor, role: 'agent' } }, /\$\.actor\.role: not allowed/],
];

for (const [what, doc, problem] of cases) {
  t.test(what, async (t) => {
    const problems = schemaProblems(audit, doc);
    if (problem === null) t.same(problems, []);
    else t.match(problems.join('\n'), problem);
  });
}

t.test('oneOf: exactly one option (a null or a date string for lastAccessDate)', async (t) => {
  const lastAccessDate = { oneOf: [{ bsonType: 'null' }, { bsonType: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }] };
  t.same(schemaProblems(lastAccessDate, null), []);
  t.same(schemaProblems(lastAccessDate, '2024-02-29'), []);
  t.match(schemaProblems(lastAccessDate, '29/02/2024').join(), /matches 0 of oneOf/);
});
