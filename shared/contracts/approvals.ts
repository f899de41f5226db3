/**
 * Approvals: a call that policy sends to the person waits here until they decide, it expires,
 * or its client withdraws it.
 */
import { z } from 'zod';
import { GrantConditionSchema } from './grants.js';
import { FlowSchema } from './flow.js';

/** What the person can answer. */
export const ApprovalVerdictSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('allow-once') }),
  z.strictObject({ kind: z.literal('deny'), reason: z.string().max(500).optional() }),
  /**
   * Allows this tool for this client, without asking, for a while; with `conditions`, only calls
   * whose arguments match them (a grant, listed by `grants.list`).
   */
  z.strictObject({
    kind: z.literal('allow-for'),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
    conditions: z.array(GrantConditionSchema).max(20).optional(),
  }),
  /** Adds a rule that allows this tool for this client; it shows in the policy and can be removed. */
  z.strictObject({ kind: z.literal('always-allow') }),
]);

/** A call waiting for the person. */
export const PendingApprovalSchema = z.object({
  id: z.string(),
  client: z.string(),
  sessionId: z.string(),
  server: z.string(),
  /** The upstream tool name. */
  tool: z.string(),
  /** The name the client called it by. */
  exposedTool: z.string(),
  arguments: z.json(),
  /** A short digest of the arguments' canonical JSON (shared/gateway/grants/json-equal.ts). */
  argumentsDigest: z.string().optional(),
  ruleId: z.string().optional(),
  explanation: z.string(),
  /** Where text in the arguments came from (the data-flow guard); absent when from nowhere known. */
  flows: z.array(FlowSchema).optional(),
  requestedAt: z.string(),
  expiresAt: z.string(),
});

/** How an approval ended. */
export const ApprovalOutcomeKindSchema = z.enum([
  'allow-once',
  'allow-for',
  'always-allow',
  'denied',
  'timeout',
  'cancelled',
  'shutdown',
]);

/** The end of an approval, as audited and reported. */
export const ApprovalOutcomeSchema = z.object({
  kind: ApprovalOutcomeKindSchema,
  approved: z.boolean(),
  reason: z.string().optional(),
  decidedBy: z.string().optional(),
  waitedMs: z.number(),
});

export type ApprovalVerdict = z.infer<typeof ApprovalVerdictSchema>;
export type PendingApproval = z.infer<typeof PendingApprovalSchema>;
export type ApprovalOutcomeKind = z.infer<typeof ApprovalOutcomeKindSchema>;
export type ApprovalOutcome = z.infer<typeof ApprovalOutcomeSchema>;

/** What the approval queue tells its listeners (the UI, the tray, notifications). */
export type ApprovalEvent =
  | { readonly type: 'approval-requested'; readonly approval: PendingApproval }
  | {
      readonly type: 'approval-ended';
      readonly approval: PendingApproval;
      readonly outcome: ApprovalOutcome;
    };
