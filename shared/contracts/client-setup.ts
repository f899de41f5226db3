/**
 * One-click client setup: what Gatehouse found in each AI client's own config file, what a change
 * to that file would do, and how the file has drifted since. These are the shapes the UI and the
 * CLI show; none of them carries a token or any other credential from the files.
 */
import { z } from 'zod';
import { ClientKindSchema } from './client-record.js';

/** The clients whose config file Gatehouse can write ("other" has no file of its own). */
export const SetupClientKindSchema = ClientKindSchema.exclude(['other']);

/** A server a client lists, other than Gatehouse's own entry. */
export const ClientServerSummarySchema = z.object({
  name: z.string(),
  transport: z.enum(['stdio', 'http']),
  /** Switched off in the client (`disabled: true`, Codex's `enabled = false`). */
  disabled: z.boolean(),
  /** The client reaches this server directly, past Gatehouse's policy, approvals and audit. */
  bypassesGatehouse: z.boolean(),
});

/** The client's `gatehouse` entry. */
export const GatehouseEntryStatusSchema = z.object({
  /** The URL it connects to; null for a bridge entry that leaves the URL to `gatehouse connect`. */
  url: z.string().nullable(),
  pointsAtThisGateway: z.boolean(),
});

/** One AI client as found on this computer. */
export const DetectedClientSchema = z.object({
  kind: SetupClientKindSchema,
  title: z.string(),
  /** The user-level config file Gatehouse reads and writes for this client. */
  path: z.string(),
  /** The client's folder or config file exists. */
  installed: z.boolean(),
  configExists: z.boolean(),
  /** Null when the file has no `gatehouse` entry (or could not be read). */
  gatehouse: GatehouseEntryStatusSchema.nullable(),
  servers: z.array(ClientServerSummarySchema),
  /** A sentence naming the file and line when the file cannot be read; it is then never written. */
  problem: z.string().optional(),
});

/** What a change to a client's config file does. */
export const ConfigChangeActionSchema = z.enum(['connect', 'disconnect', 'remove-servers']);

/** One line of a change, as shown to a person: credentials in it are masked. */
export const DiffLineSchema = z.object({
  op: z.enum(['added', 'removed', 'context']),
  text: z.string(),
});

/**
 * A change before it is made. The engine's own preview also carries the file's exact text before
 * and after; parsing with this schema drops those, so the credentials in them stay in the engine.
 */
export const ConfigChangePreviewSchema = z.object({
  kind: SetupClientKindSchema,
  action: ConfigChangeActionSchema,
  path: z.string(),
  /** False when the file already says what the change would write. */
  changed: z.boolean(),
  /** The file does not exist yet and the change creates it. */
  createsFile: z.boolean(),
  /** Sentences: what is added, replaced or removed, and where. */
  summary: z.array(z.string()),
  diff: z.array(DiffLineSchema),
  /**
   * SHA-256 of the file as this preview read it ("absent": no file). Applying with it refuses,
   * with code `client_config_changed`, when the app has rewritten the file since.
   */
  basedOn: z.string().optional(),
});

/** A change once made. */
export const ConfigChangeResultSchema = ConfigChangePreviewSchema.extend({
  /** The exact original bytes, kept for undo; null when nothing was written or the file was new. */
  backupPath: z.string().nullable(),
});

/** How an undo put a file back. */
export const UndoOutcomeSchema = z.enum([
  /** The file held what Gatehouse wrote, so its original bytes are back exactly. */
  'original-bytes',
  /** Gatehouse had created the file, so it is gone again. */
  'file-removed',
  /** The client changed the file since; only the entries Gatehouse touched were put back. */
  'entries-restored',
]);

/** What an undo did, for a person. */
export const UndoResultSchema = z.object({
  kind: SetupClientKindSchema,
  path: z.string(),
  undone: ConfigChangeActionSchema,
  outcome: UndoOutcomeSchema,
  message: z.string(),
});

const driftBase = { kind: SetupClientKindSchema, path: z.string(), message: z.string() };

/** A way a connected client's file no longer routes everything through this gateway. */
export const DriftFindingSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('gatehouse-missing'), ...driftBase }),
  z.object({ type: z.literal('gatehouse-changed'), url: z.string().nullable(), ...driftBase }),
  z.object({ type: z.literal('bypass'), server: z.string(), ...driftBase }),
  z.object({ type: z.literal('config-unreadable'), ...driftBase }),
]);

export type SetupClientKind = z.infer<typeof SetupClientKindSchema>;
export type ClientServerSummary = z.infer<typeof ClientServerSummarySchema>;
export type GatehouseEntryStatus = z.infer<typeof GatehouseEntryStatusSchema>;
export type DetectedClient = z.infer<typeof DetectedClientSchema>;
export type ConfigChangeAction = z.infer<typeof ConfigChangeActionSchema>;
export type DiffLine = z.infer<typeof DiffLineSchema>;
export type ConfigChangePreview = z.infer<typeof ConfigChangePreviewSchema>;
export type ConfigChangeResult = z.infer<typeof ConfigChangeResultSchema>;
export type UndoOutcome = z.infer<typeof UndoOutcomeSchema>;
export type UndoResult = z.infer<typeof UndoResultSchema>;
export type DriftFinding = z.infer<typeof DriftFindingSchema>;
