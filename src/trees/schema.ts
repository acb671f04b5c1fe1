import { z } from 'zod';
import { reviewSchema } from './review.js';

/**
 * The shape of one tree file in fixtures/trees/. Zod checks each file on its own; the
 * whole-tree checks (references, reachability, cycles, outcomes) are in validate.ts.
 */

export const AUDIENCES = ['gp', 'agent'] as const;
/** gp: GP-practice staff fixing a patient's problem themselves. agent: service-desk agent. */
export type Audience = (typeof AUDIENCES)[number];

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ID_MESSAGE = 'must be lower-case letters and digits joined by single hyphens, e.g. "check-spine"';

export const idSchema = z.string().regex(ID_PATTERN, ID_MESSAGE);

/** One wording for everyone, or one per audience. */
export const textSchema = z.union(
  [
    z.string().trim().min(1, 'text must not be empty'),
    z.strictObject({
      gp: z.string().trim().min(1, 'GP-staff text must not be empty'),
      agent: z.string().trim().min(1, 'agent text must not be empty'),
    }),
  ],
  {
    error: (issue) =>
      issue.input === undefined
        ? 'is required'
        : 'must be text, or { "gp": "...", "agent": "..." } with a wording for each audience',
  },
);
export type Text = z.infer<typeof textSchema>;

/**
 * The named rules a check node can run, and the results each rule can give. The route layer
 * shows a form with `inputs`, runs the rule (for `linkage`: checkLinkage in
 * src/linkage/check.ts, then linkageResult(report): pass, warning or fail) and appends the
 * result to the answers.
 * validate.ts insists each check node has a branch for every result and no other.
 */
export const CHECK_RULES = {
  linkage: {
    inputs: ['linkage', 'accountId', 'odsCode', 'previousLinkage', 'printedOn'],
    required: ['linkage', 'accountId', 'odsCode'],
    // Order matters: the page lists the branches in this order.
    results: { pass: 'Every check passed', warning: 'Passed with warnings', fail: 'Something needs fixing' },
  },
} as const satisfies Record<
  string,
  { inputs: readonly string[]; required: readonly string[]; results: Record<string, string> }
>;
export type CheckRuleName = keyof typeof CHECK_RULES;
const CHECK_RULE_NAMES = Object.keys(CHECK_RULES) as [CheckRuleName, ...CheckRuleName[]];

/** Where a not-resolved outcome sends the person next. */
export const OUTCOME_NEXT = ['contact-form', 'cleansing-request', 'escalation'] as const;
export type OutcomeNext = (typeof OUTCOME_NEXT)[number];

/** Fields every node may have. Body paragraphs are separated by a blank line. */
const common = {
  title: textSchema,
  body: textSchema.optional(),
  /** Shown as a warning callout: things never to do, rules that may be out of date. */
  warning: textSchema.optional(),
  /** Ids of other trees worth offering from this node. */
  seeAlso: z.array(idSchema).optional(),
};

export const choiceSchema = z.strictObject({
  id: idSchema,
  label: textSchema,
  hint: textSchema.optional(),
  next: idSchema,
});
export type Choice = z.infer<typeof choiceSchema>;

export const questionNodeSchema = z.strictObject({
  kind: z.literal('question'),
  ...common,
  hint: textSchema.optional(),
  // Counts are checked in validate.ts so that a question with no way on is reported as a
  // dead end alongside every other problem, not as a bare schema error.
  choices: z.array(choiceSchema),
});

export const checkNodeSchema = z.strictObject({
  kind: z.literal('check'),
  rule: z.enum(CHECK_RULE_NAMES),
  ...common,
  /** Result name (see CHECK_RULES) -> node id. */
  branches: z.record(z.string(), idSchema),
});

export const adviceNodeSchema = z.strictObject({
  kind: z.literal('advice'),
  ...common,
  /** Ordered steps. */
  steps: z.array(textSchema).min(1, 'advice needs at least one step'),
  next: idSchema,
});

export const outcomeNodeSchema = z.strictObject({
  kind: z.literal('outcome'),
  result: z.enum(['resolved', 'not-resolved']),
  next: z.enum(OUTCOME_NEXT).nullable().optional(),
  ...common,
  body: textSchema,
  /** Optional ordered list, e.g. what a cleansing request must contain. */
  steps: z.array(textSchema).optional(),
});

export const nodeSchema = z.discriminatedUnion('kind', [
  questionNodeSchema,
  checkNodeSchema,
  adviceNodeSchema,
  outcomeNodeSchema,
]);

export const treeSchema = z.strictObject({
  id: idSchema,
  version: z.int().positive(),
  title: textSchema,
  summary: textSchema,
  /** Two-character NHS App error-code prefixes that start this tree, e.g. ["3R"]. */
  errorCodes: z.array(z.string().regex(/^[0-9][A-Z]$/, 'an error code category is a digit and a capital letter, e.g. "3R"')).optional(),
  /** The guidance the tree was written from, for people maintaining it. */
  sources: z.array(z.string().min(1)).optional(),
  /** Who keeps the tree and when it was last checked against its sources. */
  review: reviewSchema,
  start: idSchema,
  nodes: z.record(idSchema, nodeSchema),
});

export type Tree = z.infer<typeof treeSchema>;
export type TreeNode = z.infer<typeof nodeSchema>;
export type QuestionNode = z.infer<typeof questionNodeSchema>;
export type CheckNode = z.infer<typeof checkNodeSchema>;
export type AdviceNode = z.infer<typeof adviceNodeSchema>;
export type OutcomeNode = z.infer<typeof outcomeNodeSchema>;
export type NodeKind = TreeNode['kind'];

/** The answer that moves on from an advice node ("I have done these steps"). */
export const CONTINUE = 'continue';

/** Where a node can lead, as [answer, target node id] pairs in display order. */
export function exits(node: TreeNode): Array<[answer: string, target: string]> {
  switch (node.kind) {
    case 'question':
      return node.choices.map((choice) => [choice.id, choice.next]);
    case 'check':
      return Object.entries(node.branches);
    case 'advice':
      return [[CONTINUE, node.next]];
    case 'outcome':
      return [];
  }
}
