/**
 * Which tools each client may use: the matrix on the Tools page. A tool switched off for a client
 * is hidden from that client's tools/list and refused (and audited) if called anyway.
 */
import { z } from 'zod';

/** A tool's key in the matrix: its server and its own name (`github/create_issue`). */
export function toolKey(server: string, tool: string): string {
  return `${server}/${tool}`;
}

/** How dangerous a tool looks, from its annotations and from its name, description and schema. */
export const ToolRiskSchema = z.enum(['read-only', 'writes', 'destructive', 'open-world']);

/** `toolAccess` in config.json: explicit switches; everything else follows `newTools`. */
export const ToolAccessConfigSchema = z.looseObject({
  /** Whether a tool nobody has switched yet (a newly discovered one) is on for every client. */
  newTools: z.enum(['enabled', 'disabled']).default('enabled'),
  /** client name → tool key → on or off. */
  clients: z.record(z.string(), z.record(z.string(), z.boolean())).default({}),
});

/** One tool as the matrix shows it. */
export const AccessToolSchema = z.object({
  key: z.string(),
  server: z.string(),
  tool: z.string(),
  /** The name clients see. */
  exposedName: z.string(),
  description: z.string().optional(),
  risk: ToolRiskSchema,
  annotations: z.record(z.string(), z.unknown()).optional(),
  /** Signs of tool poisoning in its text; a suspicious tool starts switched off. */
  signs: z.array(z.object({ kind: z.string(), evidence: z.string() })).default([]),
  /** Set while the tool is held back from every client for review. */
  held: z.enum(['changed', 'new']).optional(),
});

/** The whole matrix: clients × tools, with each cell's state. */
export const AccessMatrixSchema = z.object({
  newTools: z.enum(['enabled', 'disabled']),
  clients: z.array(z.string()),
  tools: z.array(AccessToolSchema),
  /** client → tool key → on; every cell present. */
  enabled: z.record(z.string(), z.record(z.string(), z.boolean())),
});

/** Switch one tool, or (without `tool`) every tool of a server, for one client. */
export const AccessChangeSchema = z.strictObject({
  client: z.string().min(1),
  server: z.string().min(1),
  tool: z.string().min(1).optional(),
  enabled: z.boolean(),
});

export type ToolRisk = z.infer<typeof ToolRiskSchema>;
export type ToolAccessConfig = z.infer<typeof ToolAccessConfigSchema>;
export type AccessTool = z.infer<typeof AccessToolSchema>;
export type AccessMatrix = z.infer<typeof AccessMatrixSchema>;
export type AccessChange = z.infer<typeof AccessChangeSchema>;
