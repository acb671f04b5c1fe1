import t from 'tap';
import { parse } from 'node:querystring';
import { readFormBody } from '../../src/validation/form-body.js';

const ALLOWED = ['name', 'email'] as const;

t.test('accepts plain string fields and fills missing ones with ""', async (t) => {
  const cases: { body: unknown; values: Record<string, string> }[] = [
    { body: { name: 'Ann', email: 'a@b.com' }, values: { name: 'Ann', email: 'a@b.com' } },
    { body: { name: 'Ann' }, values: { name: 'Ann', email: '' } },
    { body: {}, values: { name: '', email: '' } },
    { body: parse('name=Ann&email='), values: { name: 'Ann', email: '' } }, // null-prototype object
    { body: Object.assign(Object.create(null) as object, { email: 'x' }), values: { name: '', email: 'x' } },
  ];
  for (const c of cases) {
    const result = readFormBody(c.body, ALLOWED);
    t.same(result, { ok: true, values: c.values }, JSON.stringify(c.body));
    if (result.ok) t.equal(Object.getPrototypeOf(result.values), Object.prototype, 'fresh plain object');
  }
});

t.test('refuses anything but single string values for allowed keys', async (t) => {
  const cases: { body: unknown; reason: RegExp }[] = [
    { body: { name: ['Ann', 'Bob'] }, reason: /"name"/ },
    { body: parse('name=Ann&name=Bob'), reason: /"name" must be a single text value/ },
    { body: { name: { first: 'Ann' } }, reason: /"name"/ },
    { body: { email: 42 }, reason: /"email"/ },
    { body: { email: null }, reason: /"email"/ },
    { body: { email: undefined }, reason: /"email"/ },
    { body: { name: 'Ann', role: 'admin' }, reason: /unexpected field "role"/ },
    { body: JSON.parse('{"__proto__": {"isAdmin": true}}') as unknown, reason: /unexpected field "__proto__"/ },
    { body: parse('__proto__=x'), reason: /unexpected field "__proto__"/ },
    { body: { constructor: 'x' }, reason: /unexpected field "constructor"/ },
    { body: { [Symbol('s')]: 'x' }, reason: /symbol/ },
    { body: Object.defineProperty({}, 'name', { get: () => 'Ann', enumerable: true }), reason: /"name"/ },
    { body: null, reason: /not a form/ },
    { body: 'name=Ann', reason: /not a form/ },
    { body: [['name', 'Ann']], reason: /not a form/ },
    { body: new Map([['name', 'Ann']]), reason: /not a form/ },
    { body: Object.create({ name: 'inherited' }) as unknown, reason: /not a form/ },
  ];
  for (const c of cases) {
    const result = readFormBody(c.body, ALLOWED);
    t.equal(result.ok, false, String(c.reason));
    if (!result.ok) t.match(result.reason, c.reason);
  }
});

t.test('inherited values are never read', async (t) => {
  const result = readFormBody(parse('email=a'), ['email', 'toString']);
  t.same(result, { ok: true, values: { email: 'a', toString: '' } });
});

t.test('an allowed "__proto__" key stays plain data', async (t) => {
  const result = readFormBody(JSON.parse('{"__proto__": "x"}') as unknown, ['__proto__']);
  t.equal(result.ok, true);
  if (result.ok) {
    t.equal(Object.getPrototypeOf(result.values), Object.prototype);
    t.ok(Object.hasOwn(result.values, '__proto__'));
    t.equal(Object.getOwnPropertyDescriptor(result.values, '__proto__')?.value, 'x');
  }
});
