import t from 'tap';
import { build, Client, errorSummary, heading, title } from '../helpers.js';

// The seed's three branches, as answers and where they end.
const journeys = [
  { answers: 'remembers=yes', ends: 'The patient can change their email address themselves', says: 'original (old) email address' },
  { answers: 'remembers=no&access=yes', ends: 'The patient should reset their password', says: 'forgotten password' },
  { answers: 'remembers=no&access=no', ends: "Ask the service desk to cleanse the patient's NHS login account", says: 'href="/cleansing-request"' },
];

t.test('each branch of the lost-email questions ends where the guidance says', async (t) => {
  const { app } = await build(t);
  const client = new Client(app);
  for (const journey of journeys) {
    const page = await client.get(`/problems/lost-email?${journey.answers}`);
    t.equal(page.statusCode, 200, journey.answers);
    t.equal(heading(page.body), journey.ends);
    t.match(page.body, journey.says);
  }
});

t.test('the home page leads to the first question; the second question follows a no', async (t) => {
  const { app } = await build(t);
  const client = new Client(app);
  const home = await client.get('/');
  t.match(home.body, 'href="/problems/lost-email"');
  const first = await client.get('/problems/lost-email');
  t.match(heading(first.body), /remember their NHS login password/);
  const second = await client.get('/problems/lost-email?remembers=no&step=remembers');
  t.match(heading(second.body), /get into their old email account/);
  t.match(second.body, '<input type="hidden" name="remembers" value="no">', 'the first answer travels with the form');
  t.match(second.body, 'href="/problems/lost-email"', 'Back goes to the first question');
});

t.test('continuing without an answer shows the NHS.UK error summary', async (t) => {
  const { app } = await build(t);
  const page = await new Client(app).get('/problems/lost-email?remembers=no&step=access');
  t.equal(page.statusCode, 422);
  t.match(title(page.body), /^Error: /);
  t.same(errorSummary(page.body), [{ href: '#access', message: 'Select yes if the patient can get into or recover their old email account' }]);
});

t.test('answers that are not yes or no are refused, not guessed', async (t) => {
  const { app } = await build(t);
  const client = new Client(app);
  t.equal((await client.get('/problems/lost-email?remembers=maybe')).statusCode, 400);
  t.equal((await client.get('/problems/lost-email?remembers=no&remembers=yes')).statusCode, 400);
});
