import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { STAFF_ACCESS, verdict, type Verdict } from '../../src/staff/access.js';
import type { Role } from '../../src/store/ports.js';
import { build, Client, login } from '../helpers.js';

/** Every registered route as 'METHOD /path', read from Fastify's own route tree (HEAD left out: it follows GET). */
function registeredRoutes(app: FastifyInstance): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^(.*?)(?:└── |├── )(\S+) \(([^)]+)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('').replace(/^\/(?=.)/, '/').replace(/\/\//g, '/');
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD') routes.push(`${method} ${path.startsWith('/') ? path : `/${path}`}`);
  }
  return routes;
}

/** A request that reaches the route's own handler: sample values for parameters. */
const concrete = (pattern: string) => pattern.replace(/:reference/g, 'CLN-ABC-123').replace(/:id/g, '00000000-0000-4000-8000-000000000000');

/** What an answer says about access: sent to sign in, refused, or let through to the route. */
function seen(method: string, response: { statusCode: number; headers: Record<string, unknown> }): Verdict {
  if (method === 'GET' && response.statusCode === 303 && String(response.headers.location).startsWith('/staff/sign-in?next=')) return 'sign-in';
  if (response.statusCode === 401) return 'sign-in';
  if (response.statusCode === 403) return 'forbidden';
  return 'allowed';
}

t.test('every staff route is in the access table, and the table names only real routes', async (t) => {
  const { app } = await build(t);
  const staffRoutes = registeredRoutes(app).filter((r) => / \/staff(\/|$)/.test(r));
  t.same([...staffRoutes].sort(), Object.keys(STAFF_ACCESS).sort());
});

t.test('every staff route answers as the table says: no session, an agent, a team lead', async (t) => {
  const { app } = await build(t);
  const agent = (await login(app, 'agent')).client;
  const lead = (await login(app, 'team-lead')).client;
  const anonymous = new Client(app);
  const who: [Role | null, Client][] = [
    [null, anonymous],
    ['agent', agent],
    ['team-lead', lead],
  ];
  // Signing out last: it would end the sessions the other checks need.
  const routes = Object.entries(STAFF_ACCESS).sort(([a], [b]) => Number(a.endsWith('sign-out')) - Number(b.endsWith('sign-out')));
  for (const [route, access] of routes) {
    const [method, pattern] = route.split(' ') as [string, string];
    for (const [role, client] of who) {
      // A fresh page first, so a POST carries a valid CSRF token and only access can refuse it.
      await client.get(role === null ? '/staff/sign-in' : '/staff/triage');
      const response = method === 'GET' ? await client.get(concrete(pattern)) : await client.post(concrete(pattern), {});
      t.not(response.statusCode, 500, `${route} as ${role ?? 'nobody'}: never a 500`);
      t.equal(seen(method, response), verdict(access, role), `${route} as ${role ?? 'nobody'} (${response.statusCode})`);
    }
  }
});
