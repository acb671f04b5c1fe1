import t from 'tap';
import { build, Client, createStaff, decodeEntities, heading, TEST_PASSWORD } from '../helpers.js';

t.test('the footer links to a contact page, an accessibility statement, a privacy notice and the cookies page', async (t) => {
  const { app } = await build(t);
  const home = await new Client(app).get('/');
  for (const [href, title] of [
    ['/contact', 'Contact us'],
    ['/accessibility', 'Accessibility statement'],
    ['/privacy', 'Privacy notice'],
    ['/cookies', 'Cookies'],
  ] as const) {
    t.match(home.body, new RegExp(`<footer[\\s\\S]*href="${href}"[\\s\\S]*</footer>`), `the footer links to ${href}`);
    const page = await new Client(app).get(href);
    t.equal(page.statusCode, 200, href);
    t.equal(heading(page.body), title, `${href} is the ${title} page`);
  }
  t.match(home.body, /class="app-phase-banner"[\s\S]*Beta/, 'the phase banner says the service is new');
});

t.test('the cookies page lists exactly the cookies the app sets, and how long each lasts', async (t) => {
  const { app } = await build(t, { STAFF_SESSION_HOURS: 8 });
  // Every cookie a visitor can be given: a form page (CSRF) and a staff sign-in (session).
  const user = await createStaff(app, 'agent');
  const client = new Client(app);
  const responses = [await client.get('/cleansing-request'), await client.get('/staff/sign-in')];
  responses.push(await client.post('/staff/sign-in', { username: user.username, password: TEST_PASSWORD, next: '/staff/requests' }));
  t.equal(responses[2]!.statusCode, 303, 'signed in');
  const names = new Set(responses.flatMap((response) => (response.cookies as { name: string }[]).map((cookie) => cookie.name)));
  const page = decodeEntities((await new Client(app).get('/cookies')).body);
  // The first cell of each body row: the cookie's name (after the heading label the responsive table adds).
  const body = page.slice(page.indexOf('<tbody'));
  const listed = [...body.matchAll(/<tr[^>]*>\s*<td[^>]*>(?:<span[^>]*>[^<]*<\/span>)?([^<]+)<\/td>/g)].map((m) => m[1]!.trim());
  t.same(listed.sort(), [...names].sort(), 'one row per cookie the app sets');
  t.match(page, 'after 8 hours', 'the session length comes from the configuration');
});
