/**
 * The control API: every call the UI and the CLI can make to the engine, defined once with its
 * argument and result schemas. Transports (HTTP here, Electron IPC later) only carry these.
 */
import { z } from 'zod';
import { ApprovalVerdictSchema, PendingApprovalSchema } from './approvals.js';
import { PolicySetSchema } from './policy.js';
import { UpstreamStatusSchema } from './upstream-status.js';

/** Each control method: its arguments and its result. */
export const controlMethods = {
  'approvals.list': { args: z.strictObject({}), result: z.array(PendingApprovalSchema) },
  'approvals.decide': {
    args: z.strictObject({ id: z.string().min(1), verdict: ApprovalVerdictSchema }),
    result: PendingApprovalSchema,
  },
  'servers.status': { args: z.strictObject({}), result: z.array(UpstreamStatusSchema) },
  /** Re-reads the policies from config.json (after an import, say). */
  'policy.reload': { args: z.strictObject({}), result: z.object({ rules: z.number().int() }) },
  'policy.get': { args: z.strictObject({}), result: PolicySetSchema },
} as const;

/** The name of a control method. */
export type ControlMethod = keyof typeof controlMethods;

/** The arguments a method takes, as callers write them. */
export type ControlArgs<M extends ControlMethod> = z.input<(typeof controlMethods)[M]['args']>;

/** What a method returns. */
export type ControlResult<M extends ControlMethod> = z.infer<(typeof controlMethods)[M]['result']>;

/** The envelope every transport answers with. */
export type ControlResponse<T> =
  { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** Whether a string names a control method. */
export function isControlMethod(name: string): name is ControlMethod {
  return Object.hasOwn(controlMethods, name);
}
