/**
 * Tool integrity: what Gatehouse pinned of each upstream tool, which tools it holds back (changed
 * since pinned, or new and waiting for review), and the signs of tool poisoning it found.
 */
import { z } from 'zod';
import { ToolRiskSchema } from './tool-access.js';

/** The part of a tool definition that is pinned and compared. */
export const PinnedDefinitionSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  inputSchema: z.unknown().optional(),
  annotations: z.record(z.string(), z.unknown()).optional(),
});

/** A sign that a tool's text tries to steer the model rather than describe the tool. */
export const PoisoningSignKindSchema = z.enum([
  /** Instructions aimed at the model: "ignore previous instructions", "you must first…". */
  'model-instructions',
  /** Asks to keep something from the user: "do not tell the user", "silently". */
  'concealment',
  /** Points at secrets or other tools' data: SSH keys, .env, credentials, mcp.json. */
  'sensitive-files',
  /** Invisible or direction-changing Unicode, tag characters, zero-width joiners. */
  'hidden-unicode',
  /** Far longer than a tool's description needs to be. */
  'overlong',
  /** Tells the model how to use or replace other tools. */
  'cross-tool',
]);

export const PoisoningSignSchema = z.object({
  kind: PoisoningSignKindSchema,
  /** A short, printable excerpt that shows the sign (invisible characters written as \u{…}). */
  evidence: z.string(),
});

/** What the classifier says about one tool. */
export const ToolClassificationSchema = z.object({
  risk: ToolRiskSchema,
  signs: z.array(PoisoningSignSchema),
  /** Any sign at all: the tool starts switched off for every client. */
  suspicious: z.boolean(),
});

/** Whether a server's newly discovered tools are usable at once or held for review. */
export const NewToolsModeSchema = z.enum(['available', 'review']);

/** Why a tool is held back from every client. */
export const HoldReasonSchema = z.enum(['changed', 'new']);

/** One tool waiting for the person's review. */
export const HeldToolSchema = z.object({
  server: z.string(),
  tool: z.string(),
  reason: HoldReasonSchema,
  since: z.string(),
  /** What the person approved before (absent for a new tool). */
  pinned: PinnedDefinitionSchema.optional(),
  current: PinnedDefinitionSchema,
  /** The fingerprint of `current`; accepting names it, so a later change is never accepted unseen. */
  hash: z.string(),
  classification: ToolClassificationSchema,
});

export type PinnedDefinition = z.infer<typeof PinnedDefinitionSchema>;
export type PoisoningSignKind = z.infer<typeof PoisoningSignKindSchema>;
export type PoisoningSign = z.infer<typeof PoisoningSignSchema>;
export type ToolClassification = z.infer<typeof ToolClassificationSchema>;
export type NewToolsMode = z.infer<typeof NewToolsModeSchema>;
export type HoldReason = z.infer<typeof HoldReasonSchema>;
export type HeldTool = z.infer<typeof HeldToolSchema>;
