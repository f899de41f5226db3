/**
 * The Gatehouse configuration file (`config.json` in the data directory), as zod schemas.
 *
 * Upstream servers use the `mcpServers` shape that Claude Desktop, Cursor and Claude Code already
 * use, so a person can paste an existing config. Unknown keys are kept (loose objects): a config
 * written by another tool must never lose data when Gatehouse saves it.
 */
import { z } from 'zod';
import { CatalogsConfigSchema } from './catalog-budget.js';
import { OAuthClientConfigSchema } from './oauth-client.js';
import { DataClassSchema, FlowGuardSettingsSchema } from './flow.js';
import { NewToolsModeSchema } from './tool-integrity.js';
import { PolicySetSchema } from './policy.js';
import { ToolAccessConfigSchema } from './tool-access.js';

/** The port Gatehouse listens on by default: 4283 spells GATE on a phone keypad. */
export const DEFAULT_PORT = 4283;

/** Server names become tool-name prefixes, file names and keychain accounts, so they stay plain. */
export const SERVER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const stringMap = z.record(z.string(), z.string());

/**
 * How long one request to an upstream may take, in milliseconds, before Gatehouse cancels it.
 * On a server entry it overrides `settings.upstreamRequestTimeoutMs` for that server.
 */
const RequestTimeoutSchema = z.number().int().min(1000, 'must be at least 1000 (milliseconds)');

/**
 * Which MCP era Gatehouse speaks to a server: `auto` (the default) asks the server once and
 * remembers the answer; `legacy` always opens with the 2025 `initialize` handshake; `2026-07-28`
 * always speaks the stateless revision.
 */
export const UpstreamProtocolSchema = z.enum(['auto', 'legacy', '2026-07-28']);

/** A server Gatehouse launches as a child process and speaks to over stdio. */
export const StdioServerConfigSchema = z.looseObject({
  type: z.literal('stdio').optional(),
  command: z.string().min(1, 'must name the program to run'),
  args: z.array(z.string()).optional(),
  env: stringMap.optional(),
  cwd: z.string().min(1).optional(),
  enabled: z.boolean().optional(),
  /** Tools this server offers for the first time: usable at once (default) or held for review. */
  newTools: NewToolsModeSchema.optional(),
  requestTimeoutMs: RequestTimeoutSchema.optional(),
  protocol: UpstreamProtocolSchema.optional(),
  /** What this server's data is, for the data-flow guard; by default from its tools' risk. */
  dataClass: DataClassSchema.optional(),
});

/**
 * A server reached over the network. `type` is optional: without it Gatehouse tries Streamable
 * HTTP and falls back to the legacy SSE transport. `http` is Claude Code's and VS Code's spelling.
 */
export const RemoteServerConfigSchema = z.looseObject({
  type: z.enum(['streamable-http', 'http', 'sse']).optional(),
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  headers: stringMap.optional(),
  enabled: z.boolean().optional(),
  newTools: NewToolsModeSchema.optional(),
  requestTimeoutMs: RequestTimeoutSchema.optional(),
  protocol: UpstreamProtocolSchema.optional(),
  /** A pre-registered OAuth client or a URL-based client ID (shared/contracts/oauth-client.ts). */
  oauth: OAuthClientConfigSchema.optional(),
  /** What this server's data is, for the data-flow guard; by default from its tools' risk. */
  dataClass: DataClassSchema.optional(),
});

/** One entry of `mcpServers`: stdio when it has a `command`, remote when it has a `url`. */
export const ServerConfigSchema = z.union([StdioServerConfigSchema, RemoteServerConfigSchema], {
  error: explainServerEntry,
});

/**
 * When neither kind of entry fits, the entry's `command` or `url` says which it meant to be, and
 * that kind's first problem is the useful one: "requestTimeoutMs: expected int", not "needs a url".
 */
function explainServerEntry(issue: z.core.$ZodRawIssue): string {
  const kindless = 'needs either a "command" (a local server) or a "url" (a remote server)';
  const input = issue.input;
  if (issue.code !== 'invalid_union' || !input || typeof input !== 'object') return kindless;
  const branch = 'command' in input ? 0 : 'url' in input ? 1 : -1;
  const first = issue.errors[branch]?.[0];
  if (!first) return kindless;
  return first.path.length > 0 ? `${first.path.map(String).join('.')}: ${first.message}` : first.message;
}

/** How exposed names are prefixed with their server's name. */
export const NamespacingSchema = z.enum(['always', 'on-collision']);

/**
 * What Gatehouse does when its audit trail cannot be written (a full disk, say) and the records
 * waiting in memory reach their bound: `keep-serving` answers calls and counts the records it cannot
 * keep (the count is written into the trail when writing resumes); `refuse-calls` refuses tool calls
 * as soon as the trail cannot be written, with a sentence saying why.
 */
export const AuditFailurePolicySchema = z.enum(['keep-serving', 'refuse-calls']);

/** Gateway-wide settings. Every field has a default so an empty file is a working config. */
export const SettingsSchema = z.looseObject({
  namespacing: NamespacingSchema.default('always'),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(DEFAULT_PORT),
  /** Largest request body accepted on `/mcp`, in bytes. */
  maxRequestBytes: z
    .number()
    .int()
    .min(1024)
    .default(4 * 1024 * 1024),
  /** How long one request to an upstream may take before Gatehouse gives up on it. */
  upstreamRequestTimeoutMs: RequestTimeoutSchema.default(300_000),
  /** Audit records older than this are removed at start (the hash chain stays verifiable). */
  auditMaxAgeDays: z.number().int().min(1).optional(),
  /** At most this many audit records are kept, oldest removed first, at start. */
  auditMaxRecords: z.number().int().min(1000).optional(),
  /** See {@link AuditFailurePolicySchema}. */
  auditFailure: AuditFailurePolicySchema.default('keep-serving'),
  /** The most audit records held in memory while the trail cannot be written. */
  auditBacklogRecords: z.number().int().min(100).default(10_000),
  /** The most memory those records may take, in megabytes. */
  auditBacklogMB: z.number().int().min(1).default(32),
  /** The data-flow guard: what it remembers and how long a copied run must be. */
  flowGuard: FlowGuardSettingsSchema.default(() => FlowGuardSettingsSchema.parse({})),
});

/** The whole `config.json`. */
export const GatewayConfigSchema = z.looseObject({
  mcpServers: z
    .record(
      z
        .string()
        .regex(SERVER_NAME_PATTERN, 'server names use letters, digits, ".", "_" and "-" (at most 64)'),
      ServerConfigSchema,
    )
    .default({}),
  settings: SettingsSchema.default(() => SettingsSchema.parse({})),
  /** Rules that decide every tools/call; see policy.ts. */
  policies: PolicySetSchema.default(() => PolicySetSchema.parse({})),
  /** Which tools each client may use; see tool-access.ts. */
  toolAccess: ToolAccessConfigSchema.default(() => ToolAccessConfigSchema.parse({})),
  /** How each client's catalog is shaped (full or search mode); see catalog-budget.ts. */
  catalogs: CatalogsConfigSchema.default({}),
});

export type StdioServerConfig = z.infer<typeof StdioServerConfigSchema>;
export type RemoteServerConfig = z.infer<typeof RemoteServerConfigSchema>;
export type ServerConfig = z.infer<typeof ServerConfigSchema>;
export type Namespacing = z.infer<typeof NamespacingSchema>;
export type UpstreamProtocol = z.infer<typeof UpstreamProtocolSchema>;
export type Settings = z.infer<typeof SettingsSchema>;
export type AuditFailurePolicy = z.infer<typeof AuditFailurePolicySchema>;
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;

/** Whether a server entry describes a local (stdio) server. */
export function isStdioServer(server: ServerConfig): server is StdioServerConfig {
  return 'command' in server && typeof server.command === 'string';
}

/** Whether a server entry is switched on (servers are on unless `enabled: false`). */
export function isServerEnabled(server: ServerConfig): boolean {
  return server.enabled !== false;
}
