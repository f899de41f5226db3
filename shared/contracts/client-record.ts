/**
 * A downstream client (an AI app) that may connect to Gatehouse with its own bearer token.
 */
import { z } from 'zod';

/** Client names appear in configs, logs and the UI, so they stay plain. */
export const CLIENT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A client as stored: the token itself is never kept, only its SHA-256. */
export const ClientRecordSchema = z.object({
  name: z.string().regex(CLIENT_NAME_PATTERN),
  tokenSha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
});

/** What may be shown about a client. */
export const ClientSummarySchema = ClientRecordSchema.omit({ tokenSha256: true });

export type ClientRecord = z.infer<typeof ClientRecordSchema>;
export type ClientSummary = z.infer<typeof ClientSummarySchema>;

/** The AI apps Gatehouse knows how to connect, each with its own config format. */
export const ClientKindSchema = z.enum([
  'claude-code',
  'claude-desktop',
  'cursor',
  'vscode',
  'windsurf',
  'codex',
  // Issue 18: the other MCP clients people use now (client-locations.ts names each one's file).
  'gemini-cli',
  'opencode',
  'zed',
  'goose',
  'cline',
  'roo-code',
  'lm-studio',
  'vscode-insiders',
  'vscodium',
  'claude-code-project',
  'other',
]);

/** How to point one kind of client at Gatehouse: steps for a person and the exact snippet. */
export const ConnectInstructionsSchema = z.object({
  kind: ClientKindSchema,
  title: z.string(),
  steps: z.array(z.string()),
  /** Where the snippet goes, when the client reads a file. */
  file: z.string().optional(),
  snippet: z.object({ language: z.enum(['json', 'toml', 'yaml', 'shell']), text: z.string() }),
});

/** A newly created client: its token appears here and never again. */
export const CreatedClientSchema = z.object({
  name: z.string(),
  token: z.string(),
  instructions: ConnectInstructionsSchema,
});

export type ClientKind = z.infer<typeof ClientKindSchema>;
export type ConnectInstructions = z.infer<typeof ConnectInstructionsSchema>;
export type CreatedClient = z.infer<typeof CreatedClientSchema>;
