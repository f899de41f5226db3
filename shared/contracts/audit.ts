/**
 * The audit trail: one record per request through the gateway (tools/call, resources/read,
 * prompts/get), tamper-evident, queryable, exportable.
 */
import { z } from 'zod';
import { ApprovalOutcomeKindSchema } from './approvals.js';
import { AuditFailurePolicySchema } from './config.js';
import { FlowSchema } from './flow.js';
import { PolicyActionSchema } from './policy.js';

/**
 * The methods audited: client requests, and `gatehouse/tool-integrity` for tools held back or
 * accepted after review (see shared/gateway/integrity).
 */
export const AuditedMethodSchema = z.enum([
  'tools/call',
  'resources/read',
  'prompts/get',
  'gatehouse/tool-integrity',
  /** Records that were counted but not kept while the trail could not be written (see AuditHealth). */
  'gatehouse/audit-gap',
]);

/** How a request ended. */
export const AuditOutcomeSchema = z.enum([
  'ok',
  'tool_error',
  'protocol_error',
  'timeout',
  'cancelled',
  'denied',
]);

/** What the gateway hands to the audit log for one request (before redaction). */
export const AuditEntrySchema = z.object({
  /** When the request arrived (ISO 8601). */
  time: z.string(),
  client: z.string(),
  sessionId: z.string(),
  /** The MCP protocol version the request came in on (2025-era session or 2026-era request). */
  protocolVersion: z.string().optional(),
  /**
   * Where the request came from when not the model: `view` for a call or read made by an MCP Apps
   * view (the host named the view, or the tool is one only views may call).
   */
  origin: z.enum(['view']).optional(),
  method: AuditedMethodSchema,
  server: z.string().optional(),
  /** The upstream tool or prompt name, or the resource URI. */
  target: z.string().optional(),
  /** The request's arguments; the audit log redacts secrets and truncates large values. */
  arguments: z.unknown().optional(),
  /** What policy decided; absent for methods policy does not decide. */
  decision: PolicyActionSchema.optional(),
  ruleId: z.string().optional(),
  explanation: z.string().optional(),
  /** For calls that waited for the person. */
  approval: z
    .object({ kind: ApprovalOutcomeKindSchema, decidedBy: z.string().optional(), waitedMs: z.number() })
    .optional(),
  outcome: AuditOutcomeSchema,
  /** Total time from arrival to answer, approval included. */
  durationMs: z.number(),
  /** Size of the serialized result, in bytes. */
  resultBytes: z.number().int().optional(),
  /** For failures: a sentence, never a stack trace. */
  errorMessage: z.string().optional(),
  /** Text in the arguments that came from earlier results or is a secret (the data-flow guard). */
  flows: z.array(FlowSchema).optional(),
});

/** A stored record: the entry as written (redacted) plus its place in the hash chain. */
export const AuditRecordSchema = AuditEntrySchema.extend({
  seq: z.number().int(),
  /** Arguments as stored: redacted and possibly truncated JSON text. */
  arguments: z.string().optional(),
  prevHash: z.string(),
  hash: z.string(),
});

/** Filters for queries and exports. All are optional and combine with AND. */
export const AuditQuerySchema = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  client: z.string().optional(),
  server: z.string().optional(),
  target: z.string().optional(),
  decision: PolicyActionSchema.optional(),
  outcome: AuditOutcomeSchema.optional(),
  /** Full-text search over tool names and arguments. */
  text: z.string().min(1).max(500).optional(),
  /**
   * Calls carrying a flow (the data-flow guard): `any`, `secret` (a secret in the arguments), a
   * data class (`private`, `untrusted`, `public`), or `server:<name>` for text from that server.
   */
  flow: z.string().min(1).max(200).optional(),
  /** Opaque cursor from a previous page. */
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});

/** One page of records, newest first. */
export const AuditPageSchema = z.object({
  records: z.array(AuditRecordSchema),
  nextCursor: z.string().optional(),
});

/**
 * What is wrong with the first record that does not verify: `changed` (its content edited),
 * `removed`, `reordered` (moved, replaced or inserted), `added` (after the last record written),
 * `rewritten` (edited and its link recomputed by someone without the audit key), `key-missing`
 * (the key is not found, so keyed records cannot be checked) or `key-wrong` (the key found is not
 * the one the trail was written with, or the keying checkpoint was changed).
 */
export const VerifyProblemKindSchema = z.enum([
  'changed',
  'removed',
  'reordered',
  'added',
  'rewritten',
  'key-missing',
  'key-wrong',
]);

/** The result of walking the hash chain. */
export const AuditVerifyReportSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** The first sequence number that does not verify, and why. */
  firstBad: z
    .object({ seq: z.number().int(), problem: z.string(), kind: VerifyProblemKindSchema.optional() })
    .optional(),
  /** Where verification started: 0, or the checkpoint left by retention. */
  fromSeq: z.number().int(),
  /**
   * Present once the trail is keyed: records after `fromSeq` carry an HMAC, and where its key was
   * found (`file` is the fallback beside the data when no keychain answered; `keyFile` names it).
   */
  keyed: z
    .object({
      fromSeq: z.number().int(),
      keyIn: z.enum(['keychain', 'file', 'not-found']),
      keyFile: z.string().optional(),
    })
    .optional(),
});

/** Where a paged export stands; `upToSeq` is fixed by the first page. */
export const ExportCursorSchema = z.strictObject({
  afterSeq: z.number().int().min(0),
  upToSeq: z.number().int().min(0),
});

/**
 * Whether the audit trail is being written. `ok`: records are written as calls finish. `behind`:
 * writes fail (a full disk, say) and records wait in memory, to be written when they can. `full`:
 * the records waiting reached the bound (`settings.auditBacklogRecords` / `auditBacklogMB`); new
 * records are counted, not kept, and the count is written into the trail when writing resumes.
 */
export const AuditHealthSchema = z.object({
  state: z.enum(['ok', 'behind', 'full']),
  policy: AuditFailurePolicySchema,
  /** True while tool calls are refused because they could not be recorded (`refuse-calls`). */
  refusingCalls: z.boolean(),
  backlog: z.object({
    records: z.number().int().min(0),
    bytes: z.number().int().min(0),
    maxRecords: z.number().int().min(0),
    maxBytes: z.number().int().min(0),
  }),
  /** Records counted but not kept since the backlog filled, not yet written as a gap record. */
  notKept: z.number().int().min(0),
  /** When writes began failing (ISO time), or null while they succeed. */
  failingSince: z.string().nullable(),
  /** A sentence for a person when the state is not `ok`; null when it is. */
  message: z.string().nullable(),
});

export type AuditHealth = z.infer<typeof AuditHealthSchema>;
export type AuditedMethod = z.infer<typeof AuditedMethodSchema>;
export type AuditOutcome = z.infer<typeof AuditOutcomeSchema>;
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditRecord = z.infer<typeof AuditRecordSchema>;
export type AuditQuery = z.input<typeof AuditQuerySchema>;
export type AuditPage = z.infer<typeof AuditPageSchema>;
export type AuditVerifyReport = z.infer<typeof AuditVerifyReportSchema>;
export type VerifyProblemKind = z.infer<typeof VerifyProblemKindSchema>;
export type ExportCursor = z.infer<typeof ExportCursorSchema>;
