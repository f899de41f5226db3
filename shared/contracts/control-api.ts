/**
 * The control API: every call the UI and the CLI can make to the engine, defined once with its
 * argument and result schemas. Transports (HTTP here, Electron IPC later) only carry these.
 */
import { z } from 'zod';
import { ApprovalVerdictSchema, PendingApprovalSchema } from './approvals.js';
import { AuditPageSchema, AuditQuerySchema, AuditRecordSchema, AuditVerifyReportSchema } from './audit.js';
import { DryRunReportSchema, PolicySetSchema } from './policy.js';
import { SecretEntrySchema, SecretNameSchema } from './secrets.js';
import { UpstreamStatusSchema } from './upstream-status.js';

/** Each control method: its arguments and its result. */
export const controlMethods = {
  'approvals.list': { args: z.strictObject({}), result: z.array(PendingApprovalSchema) },
  'approvals.decide': {
    args: z.strictObject({ id: z.string().min(1), verdict: ApprovalVerdictSchema }),
    result: PendingApprovalSchema,
  },
  'servers.status': { args: z.strictObject({}), result: z.array(UpstreamStatusSchema) },
  /** Connects a server again from scratch, after its secret changed or the person signed in. */
  'servers.restart': { args: z.strictObject({ name: z.string().min(1) }), result: UpstreamStatusSchema },
  /** Secret names (never values): stored in the keychain or referred to by the config. */
  'secrets.list': { args: z.strictObject({}), result: z.array(SecretEntrySchema) },
  /** Stores or replaces a secret; the servers that use it reconnect. The value is never returned. */
  'secrets.set': {
    args: z.strictObject({ name: SecretNameSchema, value: z.string().min(1, 'the value is empty') }),
    result: z.object({ name: z.string(), restarted: z.array(z.string()) }),
  },
  'secrets.delete': {
    args: z.strictObject({ name: SecretNameSchema }),
    result: z.object({ name: z.string(), deleted: z.boolean(), restarted: z.array(z.string()) }),
  },
  /** Tells a running gateway that a secret changed outside it (the CLI wrote the keychain). */
  'secrets.changed': {
    args: z.strictObject({ name: SecretNameSchema }),
    result: z.object({ restarted: z.array(z.string()) }),
  },
  /** Re-reads the policies from config.json (after an import, say). */
  'policy.reload': { args: z.strictObject({}), result: z.object({ rules: z.number().int() }) },
  'policy.get': { args: z.strictObject({}), result: PolicySetSchema },
  /** How a draft policy would have decided the last `last` audited tool calls; nothing is applied. */
  'policy.dryRun': {
    args: z.strictObject({
      policies: PolicySetSchema,
      last: z.number().int().min(1).max(100_000).default(500),
    }),
    result: DryRunReportSchema,
  },
  'audit.query': { args: AuditQuerySchema, result: AuditPageSchema },
  'audit.get': { args: z.strictObject({ seq: z.number().int() }), result: AuditRecordSchema.nullable() },
  'audit.verify': { args: z.strictObject({}), result: AuditVerifyReportSchema },
} as const;

/** The name of a control method. */
export type ControlMethod = keyof typeof controlMethods;

/** The arguments a method takes, as callers write them. */
export type ControlArgs<M extends ControlMethod> = z.input<(typeof controlMethods)[M]['args']>;

/** The arguments a method receives once parsed (defaults filled in). */
export type ControlParsedArgs<M extends ControlMethod> = z.output<(typeof controlMethods)[M]['args']>;

/** What a method returns. */
export type ControlResult<M extends ControlMethod> = z.infer<(typeof controlMethods)[M]['result']>;

/** The envelope every transport answers with. */
export type ControlResponse<T> =
  { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** Whether a string names a control method. */
export function isControlMethod(name: string): name is ControlMethod {
  return Object.hasOwn(controlMethods, name);
}
