import { join } from 'node:path';
import t from 'tap';
import { loadLinkageRules } from '../../src/linkage/rules.js';
import { ROOT } from '../../src/paths.js';
import { allPaths, resolveNode, resolveText, walk } from '../../src/trees/engine.js';
import { loadTrees } from '../../src/trees/load.js';
import { AUDIENCES, type Audience, type Tree } from '../../src/trees/schema.js';

const catalogue = await loadTrees(join(ROOT, 'fixtures', 'trees'));
const rules = await loadLinkageRules(join(ROOT, 'fixtures', 'linkage-rules.json'));

const SHIPPED = [
  'cant-connect',
  'error-3f',
  'error-3r',
  'identity-levels',
  'lost-email',
  'online-registration',
  'patient-access-pin',
  'pin-document',
];

function tree(id: string): Tree {
  const found = catalogue.get(id);
  if (!found) throw new Error(`no shipped tree "${id}"`);
  return found;
}

/** Everything a person could read in a tree, for one audience. */
function treeText(tree: Tree, audience: Audience): string {
  const nodes = Object.keys(tree.nodes).map((id) => resolveNode(tree, id, audience));
  return [
    resolveText(tree.title, audience),
    resolveText(tree.summary, audience),
    ...nodes.flatMap((node) => [
      node.title,
      ...node.body,
      node.warning ?? '',
      ...(node.kind === 'question' ? [node.hint ?? '', ...node.choices.flatMap((c) => [c.label, c.hint ?? ''])] : []),
      ...(node.kind === 'advice' || node.kind === 'outcome' ? node.steps : []),
    ]),
  ].join('\n');
}

t.test('every shipped tree loads', async (t) => {
  t.same(catalogue.list().map((tree) => tree.id), SHIPPED);
  t.same(catalogue.errorCodes(), ['3C', '3F', '3R']);
});

for (const id of SHIPPED) {
  t.test(`${id}: every path reaches its outcome for GP staff and for agents`, async (t) => {
    const paths = allPaths(tree(id));
    t.ok(paths.length > 0);
    for (const path of paths) {
      for (const audience of AUDIENCES) {
        const step = walk(tree(id), path.answers, audience);
        const where = `${audience}: ${path.answers.join(' > ') || '(start)'}`;
        t.equal(step.invalid, false, where);
        t.equal(step.nodeId, path.outcomeId, where);
        t.equal(step.node.kind, 'outcome', where);
        t.same(
          step.trail.map((s) => s.nodeId),
          path.nodeIds.slice(0, -1),
          `${where}: trail`,
        );
        t.ok(
          step.trail.every((s) => s.title.length > 0 && s.answerLabel.length > 0),
          `${where}: every step on the trail has a title and an answer label`,
        );
      }
    }
    const visited = new Set(paths.flatMap((p) => p.nodeIds));
    t.same(
      Object.keys(tree(id).nodes).filter((node) => !visited.has(node)),
      [],
      'every node lies on some path',
    );
  });
}

t.test('every not-resolved outcome says where to go next, or is a dead end the text explains', async (t) => {
  for (const id of SHIPPED) {
    for (const [nodeId, node] of Object.entries(tree(id).nodes)) {
      if (node.kind !== 'outcome' || node.result !== 'not-resolved') continue;
      t.ok(resolveText(node.body, 'gp').length > 40, `${id}/${nodeId} explains itself`);
    }
  }
  const nexts = (id: string) =>
    Object.values(tree(id).nodes).flatMap((node) => (node.kind === 'outcome' && node.next ? [node.next] : []));
  t.ok(nexts('lost-email').includes('cleansing-request'), 'lost email ends in the cleansing request');
  t.ok(nexts('cant-connect').includes('contact-form'), "can't connect ends in the contact form");
});

// Each rule from the seeds a person could act on, as words that must appear in its tree.
const range = (spec: { minLength: number; maxLength: number }) => `${spec.minLength} to ${spec.maxLength} characters`;
const seedRules: Array<[treeId: string, rule: string, words: string | RegExp]> = [
  ['error-3r', '3R: no ODS code for the NHS number', /no ODS code .* associated with the patient's NHS number/],
  ['error-3r', '3R: check registration', /registered at (your|their GP) practice/],
  ['error-3r', '3R: Spine synced, with a Smartcard', 'NHS Smartcard to check Spine is synced'],
  ['error-3r', '3R: log out and in', 'log out of the NHS App and log in again'],
  ['error-3f', '3F: England and the Isle of Man only', 'England and the Isle of Man'],
  ['error-3f', '3F: moved from Wales, Scotland, NI', 'moved to England from Wales, Scotland or Northern Ireland'],
  ['error-3f', '3F: ex-armed forces', 'ex-armed forces'],
  ['error-3f', '3F: checks', 'NHS Smartcard to check Spine is synced'],
  ['error-3f', '3F: log out and in', 'log out of the NHS App and log in again'],
  ['cant-connect', 'not a technical error', 'This is not a technical error'],
  ['cant-connect', 'no online account: create one', /created an online account/],
  ['cant-connect', 'unused for 12 months', '12 months'],
  ['cant-connect', 'archived', 'un-archive'],
  ['cant-connect', 'demographics: sync PDS/Spine', /details on PDS \(Spine\) are synced/],
  ['cant-connect', 'then the contact form', /NHS App customer resolution team (will|can) investigate further/],
  ['pin-document', 'linkage length', range(rules.linkage)],
  ['pin-document', 'Account ID length', range(rules.accountId)],
  ['pin-document', 'Account ID range may be out of date', /example Account ID of 7 characters .* may be out of date/],
  ['pin-document', 'punctuation kept', 'punctuation such as / or !'],
  ['pin-document', 'new linkage differs from old', 'different from the previous one'],
  ['pin-document', 'expiry two weeks after printing', `2 weeks (${rules.expiryDays} days) after`],
  ['pin-document', 'iOS Smart Punctuation off', 'Settings > General > Keyboard > Smart Punctuation'],
  ['pin-document', 'linked to the record on reset', "online account is linked to the patient's record"],
  ['pin-document', 'EMIS reset route', /Online services tab[\s\S]*View online user[\s\S]*Reset linkage key[\s\S]*identity verification[\s\S]*proof of address[\s\S]*new PIN document/],
  ['pin-document', 'TPP self-service passphrase reset', /reset their passphrase themselves on the TPP website[\s\S]*Account ID and ODS code/],
  ['pin-document', 'never delete an NHS account', "Never delete a patient's NHS account"],
  ['pin-document', 'main ODS code, not a branch', 'not a branch code'],
  ['pin-document', 'Microtest exception', 'Microtest'],
  ['lost-email', 'branch 1: remembers password and old email', /original email address[\s\S]*change the email address/],
  ['lost-email', 'branch 2: forgotten password link to the old email', /forgotten password link[\s\S]*old email address/],
  ['lost-email', 'branch 3: cleansing', "can't access or recover their old email account"],
  ['lost-email', 'cleansing: new email', "The patient's new email address."],
  ['lost-email', 'cleansing: old email', "The patient's old email address."],
  ['lost-email', 'cleansing: last 3 digits', "last 3 digits of the patient's NHS number"],
  ['lost-email', 'cleansing: last access date if known', 'last got into their account, if known'],
  ['lost-email', 'cleansing: steps so far', 'cannot access or recover the account'],
  ['lost-email', 'otherwise a reset and re-proving', /link to their NHS number again[\s\S]*prove who they are again, with or without ID/],
  ['lost-email', 'GP can reset a P0 account', 'low-level verification (P0)'],
  ['lost-email', 'never delete', "Never delete a patient's NHS account"],
  ['identity-levels', 'email of more than 6 characters', 'more than 6 characters'],
  ['identity-levels', 'low allows simple tasks', /Low \(P0\)[\s\S]*simple tasks/],
  ['identity-levels', 'medium: NHS number, DOB, postcode, PDS; contact GP', /Medium \(P5\)[\s\S]*PDS[\s\S]*contact their GP/],
  ['identity-levels', 'high for records', /High \(P9\)[\s\S]*health records/],
  ['identity-levels', 'the four ways', /There are 4 ways/],
  ['identity-levels', 'fast-track', 'mobile number on their NHS record'],
  ['identity-levels', 'face scan and flashing', /face scan[\s\S]*record a video instead/],
  ['identity-levels', 'video: 4 numbers, BSL', /4 randomly generated numbers[\s\S]*British Sign Language/],
  ['identity-levels', 'GP registration details without photo ID', "No, I do not have photo ID"],
  ['identity-levels', 'GP can reset a P0 account', 'low-level verification (P0)'],
  ['identity-levels', 'record access switched on', 'Detailed Coded Record (DCR) or full record access'],
  ['identity-levels', 'remembered device', 'remembered on that device'],
  ['patient-access-pin', '5-digit PIN', '5-digit'],
  ['patient-access-pin', 'locked after 10 wrong tries', '10 wrong tries'],
  ['patient-access-pin', 'reset needs mobile and email', 'both a mobile number and an email address'],
  ['patient-access-pin', 'reset steps', /Forgot my security PIN[\s\S]*code is sent to the patient's mobile/],
  ['patient-access-pin', 'change steps', /Change PIN[\s\S]*Update/],
  ['patient-access-pin', 'biometric users only on a new device', 'another device'],
  ['patient-access-pin', 'no mobile: Technical Support', 'Technical Support'],
  ['online-registration', 'email required', "A patient without one can't be registered"],
  ['online-registration', 'no shared family email', /family members[\s\S]*appointment booking and prescription ordering/],
  ['online-registration', 'letter contents', 'Practice ID, Account ID and Linkage Key'],
  ['online-registration', 'the letter\'s registration token (seed 003)', /Practice ID[\s\S]*Patient ID[\s\S]*Online Service Registration Token/],
  ['pin-document', 'a warning is a look, not a fault', /marked Warning needs a look against the PIN document/],
  ['online-registration', 'new-style NHS number', 'new-style NHS number'],
];

t.test('every seed rule is in its tree, for both audiences', async (t) => {
  for (const [treeId, rule, words] of seedRules) {
    for (const audience of AUDIENCES) {
      t.match(treeText(tree(treeId), audience), words, `${treeId} (${audience}): ${rule}`);
    }
  }
});

t.test('every check node\'s warning branch is walked, for both audiences', async (t) => {
  for (const id of SHIPPED) {
    for (const [nodeId, node] of Object.entries(tree(id).nodes)) {
      if (node.kind !== 'check') continue;
      t.ok(node.branches.warning, `${id}/${nodeId} has a warning branch`);
      const through = allPaths(tree(id)).filter((p) => p.nodeIds.includes(nodeId) && p.answers[p.nodeIds.indexOf(nodeId)] === 'warning');
      t.ok(through.length > 0, `${id}/${nodeId}: some path goes through the warning branch`);
      for (const path of through) {
        for (const audience of AUDIENCES) {
          const step = walk(tree(id), path.answers, audience);
          t.equal(step.node.kind, 'outcome', `${audience}: ${path.answers.join(' > ')}`);
          t.ok(step.trail.some((s) => s.answerLabel === 'Passed with warnings'), 'the trail names the warning result');
        }
      }
    }
  }
});

// Each ending read against where the path came from: text that belongs to another problem is a bug.
const endings: Array<[treeId: string, answers: string[], outcome: string, mustSay: RegExp, mustNotSay: RegExp]> = [
  ['identity-levels', ['record-access', 'continue', 'no'], 'record-not-visible', /record access is switched on[\s\S]*Spine \(PDS\)/i, /GP registration details were refused/],
  ['identity-levels', ['low-reset', 'continue', 'no'], 'reset-failed', /lost email address[\s\S]*cleansing/, /GP registration details were refused/],
  ['identity-levels', ['reach-high', 'gp-details', 'continue', 'no'], 'not-verified', /GP registration details were refused/, /record access/i],
  ['online-registration', ['yes', 'no', 'continue', 'no'], 'check-letter', /Online Service Registration Token/, /^$/],
];

t.test('every ending fits the path that leads to it', async (t) => {
  for (const [treeId, answers, outcome, mustSay, mustNotSay] of endings) {
    for (const audience of AUDIENCES) {
      const step = walk(tree(treeId), answers, audience);
      t.equal(step.nodeId, outcome, `${treeId}: ${answers.join(' > ')}`);
      const text = [step.node.title, ...step.node.body].join('\n');
      t.match(text, mustSay, `${treeId}/${outcome} (${audience}) says what fits`);
      t.notMatch(text, mustNotSay, `${treeId}/${outcome} (${audience}) says nothing that belongs elsewhere`);
    }
  }
});

t.test('"PIN document" is always written with capitals', async (t) => {
  for (const id of SHIPPED) {
    for (const audience of AUDIENCES) {
      t.notMatch(treeText(tree(id), audience), /\b(?!PIN document)[Pp][Ii][Nn] [Dd]ocument/, `${id} (${audience})`);
    }
  }
});

t.test('every shipped tree names its owner and review dates', async (t) => {
  for (const id of SHIPPED) {
    const { review } = tree(id);
    t.ok(review.owner.length > 0, `${id}: owner`);
    t.ok(review.nextReview > review.lastReviewed, `${id}: next review after the last`);
  }
});

t.test('numbers in the tree text agree with the linkage rules data', async (t) => {
  const allowed = [range(rules.linkage), range(rules.accountId)];
  for (const id of SHIPPED) {
    for (const audience of AUDIENCES) {
      const text = treeText(tree(id), audience);
      for (const found of text.match(/\d+ to \d+ characters/g) ?? []) {
        t.ok(allowed.includes(found), `${id}: "${found}" is one of ${allowed.join(', ')}`);
      }
      for (const found of text.match(/\d+ weeks \(\d+ days\)/g) ?? []) {
        t.equal(found, `2 weeks (${rules.expiryDays} days)`, `${id}: expiry`);
      }
    }
  }
});

t.test('typing an error code goes straight to its tree', async (t) => {
  t.equal(catalogue.findByErrorCode('3R')?.id, 'error-3r');
  t.equal(catalogue.findByErrorCode('3rswtr')?.id, 'error-3r');
  t.equal(catalogue.findByErrorCode('3F1a2b')?.id, 'error-3f');
  t.equal(catalogue.findByErrorCode('3c9x8y')?.id, 'cant-connect');
  t.equal(catalogue.findByErrorCode('3Z'), undefined, 'unknown code');
});
