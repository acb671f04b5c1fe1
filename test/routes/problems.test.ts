import t from 'tap';
import { build, Client, errorSummary, heading, hiddenField, title } from '../helpers.js';

t.test('lost email: the three branches of the guidance, walked as a GP would', async (t) => {
  const { app } = await build(t);
  const gp = new Client(app);
  const journeys = [
    { answers: ['remembers-both'], shows: /original email/i },
    { answers: ['old-email-works'], shows: /forgotten password/i },
    { answers: ['neither', 'verified'], shows: /href="\/cleansing-request"/ },
  ];
  for (const journey of journeys) {
    let page = await gp.get('/problems/lost-email');
    for (const answer of journey.answers) {
      const answers = hiddenField(page.body, 'answers') ?? '';
      page = await gp.get(`/problems/lost-email?answers=${answers}&at=x&answer=${answer}`);
      t.equal(page.statusCode, 200, `${journey.answers.join(' > ')}: ${answer}`);
    }
    t.match(page.body, journey.shows, journey.answers.join(' > '));
  }
});

t.test('a question sent without an answer shows the error summary', async (t) => {
  const { app } = await build(t);
  const page = await new Client(app).get('/problems/lost-email?answers=&at=which-fits');
  t.equal(page.statusCode, 422);
  t.match(title(page.body), /^Error: /);
  t.same(errorSummary(page.body), [{ href: '#answer', message: 'Select the answer that fits' }]);
});

t.test('the step comes from the answers, never the URL alone: a forged path stops at the last valid step', async (t) => {
  const { app } = await build(t);
  const client = new Client(app);
  const valid = await client.get('/problems/lost-email');
  const forged = await client.get('/problems/lost-email?answers=made-up.verified');
  t.equal(forged.statusCode, 200);
  t.equal(heading(forged.body), heading(valid.body), 'back at the first question');
  t.equal(forged.headers['hx-push-url'], '/problems/lost-email', 'htmx is told the real URL');
  t.equal((await client.get('/problems/lost-email?answers=BAD!')).statusCode, 400);
  t.equal((await client.get('/problems/no-such-tree')).statusCode, 404);
});

t.test('htmx gets the step as a fragment from the same URL; history restores get the page', async (t) => {
  const { app } = await build(t);
  const full = await app.inject({ url: '/problems/error-3r' });
  const fragment = await app.inject({ url: '/problems/error-3r', headers: { 'hx-request': 'true' } });
  const restore = await app.inject({ url: '/problems/error-3r', headers: { 'hx-request': 'true', 'hx-history-restore-request': 'true' } });
  t.match(full.body, '<!DOCTYPE html>');
  t.notMatch(fragment.body, '<!DOCTYPE html>');
  t.match(fragment.body, 'id="tree-step"');
  t.match(fragment.body, /<title>/, 'the fragment updates the page title');
  t.match(restore.body, '<!DOCTYPE html>');
  // Page or fragment by HX-Request; brotli, gzip or plain by Accept-Encoding (test/assets/).
  t.same(String(full.headers.vary).split(', ').sort(), ['Accept-Encoding', 'HX-Request']);
});

t.test('start by error code: 3R, 3rswtr and 3F… go straight to their tree; an unknown code says so', async (t) => {
  const { app } = await build(t);
  const client = new Client(app);
  const codes: [string, string][] = [['3R', 'error-3r'], ['3rswtr', 'error-3r'], ['3F1a2b', 'error-3f'], [' 3f ', 'error-3f']];
  for (const [code, tree] of codes) {
    const response = await client.get(`/problems/code?code=${encodeURIComponent(code)}`);
    t.equal(response.statusCode, 303, code);
    t.equal(response.headers.location, `/problems/${tree}`, code);
  }
  const unknown = await client.get('/problems/code?code=9Z');
  t.equal(unknown.statusCode, 422);
  t.match(errorSummary(unknown.body)[0]?.message, /We do not have checks for the error code 9Z/);
  t.match(unknown.body, 'href="/problems/lost-email"', 'and offers the list');
});

t.test('GP journeys keep only anonymous counts per tree and node', async (t) => {
  const { app } = await build(t);
  const gp = new Client(app);
  await gp.get('/problems/lost-email');
  await gp.get('/problems/lost-email?answers=neither.verified');
  await app.journeyTally.flush(app.store.journeys);
  const counts = await app.store.journeys.list();
  const tally = (nodeId: string, event: string) => counts.find((c) => c.treeId === 'lost-email' && c.nodeId === nodeId && c.event === event)?.count;
  t.equal(tally('which-fits', 'reached'), 1);
  t.equal(tally('cleansing', 'reached'), 1);
  t.equal(tally('cleansing', 'ended'), 1);
});

t.test('the linkage checker page reports each rule and keeps nothing', async (t) => {
  const { app } = await build(t, {}, () => new Date('2026-11-22T12:00:00Z'));
  const client = new Client(app);
  await client.get('/check/linkage');
  const empty = await client.post('/check/linkage', { linkage: '', accountId: '', odsCode: '', previousLinkage: '', printedDay: '', printedMonth: '', printedYear: '' });
  t.equal(empty.statusCode, 422);
  t.same(errorSummary(empty.body).map((e) => e.href), ['#linkage', '#account-id', '#ods-code']);

  const report = await client.post('/check/linkage', {
    linkage: 'abc’defgh',
    accountId: '1234567890',
    odsCode: 'Y1234O',
    previousLinkage: '',
    printedDay: '3',
    printedMonth: '11',
    printedYear: '2026',
  });
  t.equal(report.statusCode, 200);
  t.match(report.body, /Character 4 is a curly apostrophe/);
  t.match(report.body, /Smart Punctuation/);
  t.match(report.body, /printed 19 days ago/);
  t.match(report.body, /expired 5 days ago/);
  t.match(report.body, 'value="abc’defgh"', 'what was typed is shown back unchanged');
  t.equal(await app.store.cleansing.count(), 0);
});

t.test('a check step inside a tree runs the linkage checker and continues on its result', async (t) => {
  const { app } = await build(t);
  const tree = app.trees.list().find((candidate) => Object.values(candidate.nodes).some((node) => node.kind === 'check'));
  t.ok(tree, 'a shipped tree has a check step');
  const { allPaths } = await import('../../src/trees/engine.js');
  const path = allPaths(tree!).find((p) => p.nodeIds.some((id) => tree!.nodes[id]?.kind === 'check'))!;
  const checkIndex = path.nodeIds.findIndex((id) => tree!.nodes[id]?.kind === 'check');
  const before = path.answers.slice(0, checkIndex).join('.');
  const client = new Client(app);
  const step = await client.get(`/problems/${tree!.id}?answers=${before}`);
  t.match(step.body, 'action="/problems/' + tree!.id + '/check"');
  const checked = await client.submit(`/problems/${tree!.id}/check`, {
    linkage: 'Abc!/xyz9',
    accountId: '12345678901',
    odsCode: 'B86022',
    previousLinkage: '',
    printedDay: '',
    printedMonth: '',
    printedYear: '',
  });
  t.equal(checked.statusCode, 200);
  t.match(checked.body, `href="/problems/${tree!.id}?answers=${before ? before + '.' : ''}pass"`);
});
