/**
 * Policy: ordered rules that decide every tools/call (allow, deny, ask the person, or allow and
 * flag), stored under `policies` in `config.json`, exportable and importable as a file.
 */
import { z } from 'zod';
import { FlowConditionSchema } from './flow.js';
import { ToolRiskSchema } from './tool-access.js';

/** What a rule (or the default) does with a call. */
export const PolicyActionSchema = z.enum(['allow', 'deny', 'approve', 'log']);

/** Rule ids appear in audit records and messages, so they stay plain. */
export const RULE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * A test on the call's arguments. It looks at the value at `pointer` (a JSON pointer such as
 * `/path` or `/options/0/url`) or, with `anyString: true`, at every string anywhere in the
 * arguments (matching when any of them passes). Exactly one test is given.
 */
export const ArgumentConditionSchema = z
  .strictObject({
    pointer: z
      .string()
      .regex(/^(\/[^/]*)*$/, 'must be a JSON pointer such as "/path"')
      .optional(),
    anyString: z.literal(true).optional(),
    equals: z.json().optional(),
    oneOf: z.array(z.json()).min(1).optional(),
    prefix: z.string().optional(),
    glob: z.string().min(1).optional(),
    /** Run by a linear-time engine (RE2 syntax: no backreferences or lookaround). */
    regex: z.string().min(1).optional(),
    /** Makes `regex`, `glob`, `prefix` and `equals` on strings ignore case. */
    ignoreCase: z.boolean().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    /** Inverts the test. */
    not: z.boolean().optional(),
  })
  .refine((condition) => (condition.pointer === undefined) !== (condition.anyString === undefined), {
    message: 'needs either "pointer" or "anyString": true (not both)',
  })
  .refine((condition) => testsOf(condition).length === 1, {
    message: 'needs exactly one test: equals, oneOf, prefix, glob, regex, or a range (lt, lte, gt, gte)',
  });

/** The keys that are tests, for validation and for the engine. */
export const CONDITION_TESTS = [
  'equals',
  'oneOf',
  'prefix',
  'glob',
  'regex',
  'lt',
  'lte',
  'gt',
  'gte',
] as const;

/** The tests a condition sets; lt, lte, gt and gte together are one (a range). */
export function testsOf(condition: Record<string, unknown>): string[] {
  const set: string[] = CONDITION_TESTS.filter((test) => condition[test] !== undefined);
  const numeric = set.filter((test) => ['lt', 'lte', 'gt', 'gte'].includes(test));
  return numeric.length > 1 ? [...set.filter((test) => !numeric.includes(test)), 'range'] : set;
}

/** What a rule matches on. Every field given must match; lists match when any entry does. */
export const RuleMatchSchema = z.strictObject({
  /** Client names (globs). */
  clients: z.array(z.string().min(1)).min(1).optional(),
  /** Server names (globs). */
  servers: z.array(z.string().min(1)).min(1).optional(),
  /** Upstream tool names, before namespacing (globs). */
  tools: z.array(z.string().min(1)).min(1).optional(),
  /** Tool annotations as the server declared them; an absent hint never matches a hint given here. */
  annotations: z
    .strictObject({
      readOnlyHint: z.boolean().optional(),
      destructiveHint: z.boolean().optional(),
      openWorldHint: z.boolean().optional(),
    })
    .optional(),
  /** The tool's risk level as Gatehouse classifies it (annotations, name, description, schema). */
  risk: z.array(ToolRiskSchema).min(1).optional(),
  /** Conditions on the call's arguments; all must hold. */
  arguments: z.array(ArgumentConditionSchema).min(1).optional(),
  /** Text in the arguments that came from another server's result, or a secret (see flow.ts). */
  flow: FlowConditionSchema.optional(),
});

/** A limit on how often matching calls may run. */
export const RateLimitSchema = z.strictObject({
  max: z.number().int().min(1),
  windowSeconds: z.number().int().min(1).max(86_400),
  /** What the count is kept for: each client, each server, or each tool of each server. */
  per: z.enum(['client', 'server', 'tool']),
});

/**
 * One rule. With `rateLimit`, the rule counts the calls it matches and applies its action (which
 * must be `deny`) only to calls over the limit; calls under it go on to the next rule.
 */
export const PolicyRuleSchema = z
  .strictObject({
    id: z.string().regex(RULE_ID_PATTERN, 'rule ids use letters, digits, ".", "_" and "-" (at most 64)'),
    description: z.string().max(500).optional(),
    enabled: z.boolean().optional(),
    match: RuleMatchSchema.default({}),
    action: PolicyActionSchema,
    /** A sentence returned to the model and shown to the person when this rule refuses a call. */
    reason: z.string().max(500).optional(),
    rateLimit: RateLimitSchema.optional(),
  })
  .refine((rule) => rule.rateLimit === undefined || rule.action === 'deny', {
    message: 'a rate-limit rule refuses the calls over its limit, so its action must be "deny"',
  });

/** The `policies` section of the config. */
export const PolicySetSchema = z
  .strictObject({
    defaultAction: PolicyActionSchema.default('allow'),
    rules: z.array(PolicyRuleSchema).default([]),
    /** How long an approval waits for the person before it counts as denied. */
    approvalTimeoutSeconds: z.number().int().min(5).max(3600).default(120),
  })
  .refine((set) => new Set(set.rules.map((rule) => rule.id)).size === set.rules.length, {
    message: 'rule ids must be unique',
  });

export type PolicyAction = z.infer<typeof PolicyActionSchema>;
export type ArgumentCondition = z.infer<typeof ArgumentConditionSchema>;
export type RuleMatch = z.infer<typeof RuleMatchSchema>;
export type RateLimit = z.infer<typeof RateLimitSchema>;
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;
export type PolicySet = z.infer<typeof PolicySetSchema>;

/** Why a call was decided the way it was: the rule (if any) and one line for people. */
export interface PolicyDecision {
  readonly action: PolicyAction;
  /** The deciding rule's id; undefined when the default applied. */
  readonly ruleId: string | undefined;
  readonly explanation: string;
  /** For calls over a rate limit: when the next call may succeed. */
  readonly retryAfterMs?: number;
  /**
   * Set when the deciding rule matched a data flow. A temporary grant for the tool does not skip
   * the question then: the tool was trusted, not the data now going into it.
   */
  readonly byFlow?: boolean;
}

/** One past call as a draft policy would have decided it. */
export const DryRunCallSchema = z.object({
  seq: z.number().int(),
  time: z.string(),
  client: z.string(),
  server: z.string(),
  tool: z.string(),
  before: z.object({ action: PolicyActionSchema.optional(), ruleId: z.string().optional() }),
  after: z.object({ action: PolicyActionSchema, ruleId: z.string().optional(), explanation: z.string() }),
  changed: z.boolean(),
});

/** What a dry run of a draft policy against recent history found. */
export const DryRunReportSchema = z.object({
  checked: z.number().int(),
  changed: z.number().int(),
  calls: z.array(DryRunCallSchema),
});

export type DryRunCall = z.infer<typeof DryRunCallSchema>;
export type DryRunReport = z.infer<typeof DryRunReportSchema>;
