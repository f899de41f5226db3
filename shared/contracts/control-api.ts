/**
 * The control API: every call the UI and the CLI can make to the engine, defined once with its
 * argument and result schemas. Transports (HTTP here, Electron IPC later) only carry these.
 */
import { z } from 'zod';
import { ApprovalVerdictSchema, PendingApprovalSchema } from './approvals.js';
import {
  AuditPageSchema,
  AuditQuerySchema,
  AuditRecordSchema,
  AuditVerifyReportSchema,
  ExportCursorSchema,
} from './audit.js';
import { DryRunReportSchema, PolicySetSchema } from './policy.js';
import {
  ClientKindSchema,
  ClientSummarySchema,
  ConnectInstructionsSchema,
  CreatedClientSchema,
} from './client-record.js';
import { ServerConfigSchema, SettingsSchema } from './config.js';
import { SecretEntrySchema, SecretNameSchema } from './secrets.js';
import { AccessChangeSchema, AccessMatrixSchema, AccessToolSchema } from './tool-access.js';
import { UpstreamStatusSchema } from './upstream-status.js';
import { setupControlMethods } from './control-api-setup.js';
import { grantControlMethods } from './control-api-grants.js';
import { signInControlMethods } from './control-api-sign-in.js';
import { GatewayStateSchema } from './control-events.js';
import { HeldToolSchema } from './tool-integrity.js';
import { CatalogBudgetSchema, CatalogChangeSchema } from './catalog-budget.js';

/** Each control method: its arguments and its result. */
export const controlMethods = {
  ...setupControlMethods,
  ...grantControlMethods,
  ...signInControlMethods,
  'approvals.list': { args: z.strictObject({}), result: z.array(PendingApprovalSchema) },
  'approvals.decide': {
    args: z.strictObject({ id: z.string().min(1), verdict: ApprovalVerdictSchema }),
    result: PendingApprovalSchema,
  },
  'servers.status': { args: z.strictObject({}), result: z.array(UpstreamStatusSchema) },
  /**
   * Every configured server with its entry as in config.json (credential values not written as
   * references are replaced by HIDDEN_VALUE) and its status when it runs.
   */
  'servers.list': {
    args: z.strictObject({}),
    result: z.array(
      z.object({ name: z.string(), config: ServerConfigSchema, status: UpstreamStatusSchema.optional() }),
    ),
  },
  /** A server's tools as it lists them now, with risk and the names clients see. */
  'servers.tools': { args: z.strictObject({ name: z.string().min(1) }), result: z.array(AccessToolSchema) },
  /** Adds or replaces a server entry; HIDDEN_VALUE keeps the stored value. It (re)connects. */
  'servers.save': {
    args: z.strictObject({
      name: z.string().min(1),
      config: ServerConfigSchema,
      /** Without it, a server of that name already there is an error. */
      replace: z.boolean().default(false),
    }),
    result: z.object({ name: z.string() }),
  },
  'servers.remove': {
    args: z.strictObject({ name: z.string().min(1) }),
    result: z.object({ name: z.string() }),
  },
  'servers.setEnabled': {
    args: z.strictObject({ name: z.string().min(1), enabled: z.boolean() }),
    result: z.object({ name: z.string(), enabled: z.boolean() }),
  },
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
  'clients.list': { args: z.strictObject({}), result: z.array(ClientSummarySchema) },
  /** Creates a client; its token is in this answer only. */
  'clients.add': {
    args: z.strictObject({ name: z.string().min(1), kind: ClientKindSchema.default('other') }),
    result: CreatedClientSchema,
  },
  'clients.revoke': {
    args: z.strictObject({ name: z.string().min(1) }),
    result: z.object({ name: z.string() }),
  },
  /** How to connect a kind of client (the token shown as a placeholder). */
  'clients.instructions': {
    args: z.strictObject({ name: z.string().min(1), kind: ClientKindSchema }),
    result: ConnectInstructionsSchema,
  },
  /** The clients × tools matrix. */
  'access.matrix': { args: z.strictObject({}), result: AccessMatrixSchema },
  /** Switches tools for clients; changed clients get tools/list_changed. */
  'access.set': {
    args: z.strictObject({ changes: z.array(AccessChangeSchema).min(1) }),
    result: AccessMatrixSchema,
  },
  /** Whether tools nobody has switched yet are on; tools shown so far keep their state. */
  'access.setDefault': {
    args: z.strictObject({ newTools: z.enum(['enabled', 'disabled']) }),
    result: AccessMatrixSchema,
  },
  /** What each client's tools/list costs in tokens, per server, against its known tool limits. */
  'catalog.budget': { args: z.strictObject({}), result: CatalogBudgetSchema },
  /** Sets a client's catalog mode, trimming, pinned tools or kind; its sessions get list_changed. */
  'catalog.configure': { args: CatalogChangeSchema, result: CatalogBudgetSchema },
  /** Re-reads the policies from config.json (after an import, say). */
  'policy.reload': { args: z.strictObject({}), result: z.object({ rules: z.number().int() }) },
  'policy.get': { args: z.strictObject({}), result: PolicySetSchema },
  /** Checks a draft without saving it: every problem, named by rule. */
  'policy.validate': {
    args: z.strictObject({ policies: z.unknown() }),
    result: z.object({ ok: z.boolean(), problems: z.array(z.string()) }),
  },
  /** Saves and applies a policy set (edits and reordering are a whole new set). */
  'policy.set': { args: z.strictObject({ policies: PolicySetSchema }), result: PolicySetSchema },
  /** Tools held back from every client: changed since approved, or new and held for review. */
  'tools.held': { args: z.strictObject({}), result: z.array(HeldToolSchema) },
  /**
   * Accepts the held definition whose fingerprint is `hash`: it is pinned and clients see it
   * again. If the server changed the tool again since the person looked, it is refused.
   */
  'tools.accept': {
    args: z.strictObject({ server: z.string().min(1), tool: z.string().min(1), hash: z.string().min(1) }),
    result: z.array(HeldToolSchema),
  },
  /** Whether tool calls are paused, and how many wait for approval. */
  'gateway.state': { args: z.strictObject({}), result: GatewayStateSchema },
  /** Refuses every new tool call (audited with rule "paused") until `gateway.resume`. */
  'gateway.pause': { args: z.strictObject({}), result: GatewayStateSchema },
  'gateway.resume': { args: z.strictObject({}), result: GatewayStateSchema },
  'settings.get': { args: z.strictObject({}), result: SettingsSchema },
  /** Changes settings; `restartNeeded` when one only applies at the next start (host, port). */
  'settings.update': {
    args: z.strictObject({
      settings: SettingsSchema.partial().extend({
        // null removes a limit (keep audit records forever, or without a count cap).
        auditMaxAgeDays: z.number().int().min(1).nullable().optional(),
        auditMaxRecords: z.number().int().min(1000).nullable().optional(),
      }),
    }),
    result: z.object({ settings: SettingsSchema, restartNeeded: z.boolean() }),
  },
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
  /**
   * The records a query's filters match, oldest first, as JSON Lines or CSV text, one page at a
   * time: call without `page`, then with each answer's `next` until it is `null`. The first call
   * fixes the export's last record, so records written meanwhile do not join it.
   */
  'audit.export': {
    args: z.strictObject({
      format: z.enum(['jsonl', 'csv']),
      query: AuditQuerySchema.prefault({}),
      page: ExportCursorSchema.optional(),
    }),
    result: z.object({ text: z.string(), records: z.number().int(), next: ExportCursorSchema.nullable() }),
  },
} as const;

/** What `servers.list` shows instead of a credential kept in plain text in config.json. */
export const HIDDEN_VALUE = '••••••••';

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
