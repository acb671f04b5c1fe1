import t from 'tap';
import { build, Client, errorSummary, heading, hiddenField, inputValue, title } from '../helpers.js';

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

t.test('start by error code: what people paste goes straight to its tree; an unknown code is explained', async (t) => {
  const { app } = await build(t);
  const client = new Client(app);
  const codes: [string, string][] = [
    ['3R', '/problems/error-3r'],
    ['3rswtr', '/problems/error-3r'],
    ['3Rswtr', '/problems/error-3r'],
    ['3R swtr', '/problems/error-3r'],
    ['3R-SWTR', '/problems/error-3r'],
    ['error code 3R', '/problems/error-3r'],
    ['3Rswtr123 (after logging in)', '/problems/error-3r'],
    ['3F1a2b', '/problems/error-3f'],
    [' 3f ', '/problems/error-3f'],
    ['CID7004', '/problems/nhs-login-codes/CID7004'],
    ['Reference CID2020', '/problems/nhs-login-codes/CID2020'],
    ['cid 7023', '/problems/nhs-login-codes/CID7023'],
  ];
  for (const [code, location] of codes) {
    const response = await client.get(`/problems/code?code=${encodeURIComponent(code)}`);
    t.equal(response.statusCode, 303, code);
    t.equal(response.headers.location, location, code);
  }
  const explained: Array<[typed: string, message: RegExp]> = [
    ['9Z', /^We do not have checks for NHS App error codes starting 9Z\. NHS App error codes are 6 characters, like 3Rswtr: the first 2 say what the problem is, and we have checks for codes starting 3C, 3F and 3R\./],
    ['hello', /^We could not find an error code in what was entered\. NHS App error codes are 6 characters, like 3Rswtr/],
    ['CID9999', /^CID9999 is not one of the NHS login references we have/],
    ['', /^Enter the error code the patient sees, like 3Rswtr, or the NHS login reference, like CID7004$/],
  ];
  for (const [typed, message] of explained) {
    const page = await client.get(`/problems/code?code=${encodeURIComponent(typed)}`);
    t.equal(page.statusCode, 422, typed);
    t.match(errorSummary(page.body)[0]?.message, message, typed);
    t.match(page.body, 'href="/problems/lost-email"', 'and offers the list');
    if (typed) t.equal(inputValue(page.body, 'code'), typed, 'what was typed is kept');
  }
});

// Each CID page: meaning and action (GP wording, with the agent wording below), the tree that
// fits, and the mark on codes only older public help lists.
const cidPages: Array<[code: string, says: RegExp, tree: string | null, older: boolean]> = [
  ['CID7004', /already been used for another NHS login[\s\S]*change the email address on that existing NHS login/, '/problems/lost-email', false],
  ['CID2020', /GP online registration details are not valid[\s\S]*new registration details/, '/problems/pin-document', true],
  ['CID7006', /No GP system was found for the ODS code/, '/problems/pin-document', true],
  ['CID2014', /usually takes 2 working days/, null, false],
  ['CID1002', /expired: it works for 24 hours/, null, false],
];

t.test('every NHS login reference has its own page', async (t) => {
  const { app } = await build(t);
  const client = new Client(app);
  for (const [code, says, tree, older] of cidPages) {
    const page = await client.get(`/problems/nhs-login-codes/${code}`);
    t.equal(page.statusCode, 200, code);
    t.equal(heading(page.body), code);
    t.match(page.body, says, `${code}: meaning and action`);
    t.match(page.body, /Service-desk wording/, `${code}: the agent wording too`);
    if (tree) t.match(page.body, `href="${tree}"`, `${code}: links the tree that fits`);
    t.equal(/May no longer be shown/.test(page.body), older, `${code}: ${older ? 'marked' : 'not marked'} as from older help`);
    t.match(page.body, /Page last reviewed: \d+ \w+ \d{4}<br>Next review due: \d+ \w+ \d{4}/);
  }
  const lower = await client.get('/problems/nhs-login-codes/cid7004');
  t.equal(lower.statusCode, 301);
  t.equal(lower.headers.location, '/problems/nhs-login-codes/CID7004');
  t.equal((await client.get('/problems/nhs-login-codes/CID0000')).statusCode, 404);
  const list = await client.get('/problems/nhs-login-codes');
  t.equal(list.statusCode, 200);
  t.equal(list.body.match(/href="\/problems\/nhs-login-codes\/CID\d+"/g)?.length, app.nhsLoginCodes.list().length, 'the list links every code');
  const main = list.body.slice(list.body.indexOf('<main'), list.body.indexOf('</main>'));
  const tags = main.match(/<strong class="nhsuk-tag/g)?.length ?? 0;
  t.equal(tags, app.nhsLoginCodes.list().length + 3, 'a status tag beside each code, and the 3 explained above the list');
});

t.test('tree pages show NHS.UK review dates, and related checks by their titles', async (t) => {
  const { app } = await build(t);
  const page = await new Client(app).get('/problems/identity-levels?answers=reach-high.gp-details');
  t.match(page.body, 'Page last reviewed: 1 December 2026<br>Next review due: 1 June 2027');
  t.match(page.body, `>${(app.trees.get('pin-document')!.title as string).replace(/'/g, '&#39;')}</a>`);
  t.notMatch(page.body, /pin document/, 'never "pin document"');
});

t.test('a tree past its review date is named in a log line at start', async (t) => {
  const { logs } = await build(t, {}, () => new Date('2027-06-02T09:00:00Z'));
  const line = logs.find((l) => typeof l.msg === 'string' && l.msg.startsWith('Content past its review date'));
  t.ok(line, 'one warning line');
  t.match(line?.msg, /tree pin-document \(next review was due 2027-06-01, owner: /);
  t.match(line?.msg, /NHS login codes/);
  t.match(line?.msg, /linkage rules/);
  const { logs: onTime } = await build(t, {}, () => new Date('2027-06-01T09:00:00Z'));
  t.notOk(onTime.some((l) => typeof l.msg === 'string' && l.msg.startsWith('Content past its review date')), 'due today is not yet overdue');
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

t.test('every showing of a step is counted, as a page or a fragment, however often the same answers come', async (t) => {
  const { app } = await build(t);
  const gp = new Client(app);
  // [url, htmx?]: the same steps again and again (their walks are remembered after the first),
  // an answer that is not valid (shown as the last valid step), and an unanswered question.
  const asks: Array<[string, boolean]> = [
    ['/problems/lost-email', false],
    ['/problems/lost-email', true],
    ['/problems/lost-email', false],
    ['/problems/lost-email?answers=neither', false],
    ['/problems/lost-email?answers=neither', true],
    ['/problems/lost-email?answers=neither.verified', false],
    ['/problems/lost-email?answers=neither.verified', true],
    ['/problems/lost-email?answers=neither.verified', false],
    ['/problems/lost-email?answers=neither.no-such-answer', false],
    ['/problems/lost-email?answers=neither&at=verification-level', false],
  ];
  for (const [url, htmx] of asks) t.equal((await gp.get(url, htmx ? { 'hx-request': 'true' } : {})).statusCode, url.includes('at=') ? 422 : 200, url);
  await app.journeyTally.flush(app.store.journeys);
  const counts = await app.store.journeys.list();
  const tally = (nodeId: string, event: string) => counts.find((c) => c.treeId === 'lost-email' && c.nodeId === nodeId && c.event === event)?.count;
  t.same(
    { start: tally('which-fits', 'reached'), neither: tally('verification-level', 'reached'), cleansing: tally('cleansing', 'reached'), ended: tally('cleansing', 'ended') },
    { start: 3, neither: 3, cleansing: 3, ended: 3 },
    'a step with a field error is not counted; the invalid answer counts the step it stopped at',
  );
});

t.test('a tree step varies on HX-Request and, when sent compressed, Accept-Encoding, each named once', async (t) => {
  const { app } = await build(t);
  for (const headers of [{}, { 'hx-request': 'true' }]) {
    for (let ask = 0; ask < 2; ask++) {
      const step = await app.inject({ url: '/problems/error-3r?answers=yes', headers: { ...headers, 'accept-encoding': 'gzip, br' } });
      t.equal(step.headers.vary, 'HX-Request, Accept-Encoding', JSON.stringify(headers));
    }
  }
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
  t.match(report.body, /Page last reviewed: [^<]+<br>Next review due: /, 'the rules say when they were last checked');
  t.equal(await app.store.requests.count(), 0);
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
  const answersOf = (result: string) => `href="/problems/${tree!.id}?answers=${before ? before + '.' : ''}${result}"`;

  // NHS England's own 7-character example Account ID: passed with warnings, and the warning branch.
  await client.get(`/problems/${tree!.id}?answers=${before}`);
  const warned = await client.submit(`/problems/${tree!.id}/check`, {
    linkage: 'Abc!/xyz9', accountId: '0123456', odsCode: 'B86022', previousLinkage: '', printedDay: '', printedMonth: '', printedYear: '',
  });
  t.match(warned.body, 'Passed with warnings');
  t.match(warned.body, /<strong class="nhsuk-tag nhsuk-tag--yellow">\s*Warning\s*<\/strong>/);
  t.match(warned.body, answersOf('warning'));

  await client.get(`/problems/${tree!.id}?answers=${before}`);
  const failed = await client.submit(`/problems/${tree!.id}/check`, {
    linkage: 'Abc!/xyz9', accountId: '12345 67890', odsCode: 'B86022', previousLinkage: '', printedDay: '', printedMonth: '', printedYear: '',
  });
  t.match(failed.body, 'Something needs fixing');
  t.match(failed.body, /<strong class="nhsuk-tag nhsuk-tag--red">\s*Needs fixing\s*<\/strong>/);
  t.match(failed.body, /Character 6 is a space/, 'a space inside an Account ID no longer passes');
  t.match(failed.body, answersOf('fail'));
});
