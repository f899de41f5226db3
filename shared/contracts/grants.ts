/**
 * Grants: what a person's "remember" on an approval lets through without asking again. A grant
 * names one client, one server and one tool, may be narrowed to calls whose arguments match
 * (a path under a folder, an exact value), and always ends at a set time.
 */
import { z } from 'zod';

/** The longest a grant may last: a week. */
export const MAX_GRANT_MINUTES = 7 * 24 * 60;

/** A top-level argument name, as the tool's input schema names it. */
const ArgumentNameSchema = z.string().min(1).max(200);

/** One narrowing of a grant: every condition of a grant must hold for a call to be covered. */
export const GrantConditionSchema = z.discriminatedUnion('kind', [
  /**
   * The argument is an absolute path inside `prefix` (or an array of such paths, all inside).
   * Compared segment by segment after normalising; see shared/gateway/grants/path-prefix.ts.
   */
  z.strictObject({
    kind: z.literal('path-prefix'),
    argument: ArgumentNameSchema,
    prefix: z.string().min(1).max(4096),
  }),
  /** The argument equals `value` exactly (JSON equality, case-sensitive). */
  z.strictObject({ kind: z.literal('exact'), argument: ArgumentNameSchema, value: z.json() }),
]);

/** What a grant covers, as the person chose it on the approval card. */
export const GrantScopeSchema = z.strictObject({
  minutes: z.number().int().min(1).max(MAX_GRANT_MINUTES),
  conditions: z.array(GrantConditionSchema).max(20).default([]),
});

/** A grant in force. */
export const GrantSchema = z.object({
  /** `grant-` and 10 hex digits; audit records of the calls it lets through name it as their rule. */
  id: z.string(),
  client: z.string(),
  server: z.string(),
  tool: z.string(),
  conditions: z.array(GrantConditionSchema),
  grantedAt: z.string(),
  expiresAt: z.string(),
  grantedBy: z.string(),
  /** A sentence for a person: what the grant lets through. */
  summary: z.string(),
});

export type GrantCondition = z.infer<typeof GrantConditionSchema>;
export type GrantScope = z.infer<typeof GrantScopeSchema>;
export type GrantScopeInput = z.input<typeof GrantScopeSchema>;
export type Grant = z.infer<typeof GrantSchema>;

/** A sentence for one condition, as the card and the grants list show it. */
export function describeCondition(condition: GrantCondition): string {
  switch (condition.kind) {
    case 'path-prefix':
      return `${condition.argument} is inside ${condition.prefix}`;
    case 'exact':
      return `${condition.argument} is exactly ${JSON.stringify(condition.value)}`;
  }
}

/** What a grant lets through, in one sentence. */
export function describeGrant(
  grant: Pick<Grant, 'client' | 'server' | 'tool' | 'conditions'>,
  minutes?: number,
): string {
  const who = `${grant.client} may call ${grant.server}/${grant.tool} without asking`;
  const when = grant.conditions.length
    ? ` when ${grant.conditions.map(describeCondition).join(' and ')}`
    : ' with any arguments';
  const howLong = minutes === undefined ? '' : ` for ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `${who}${when}${howLong}.`;
}
