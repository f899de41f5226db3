/**
 * What connecting, disconnecting and importing a client answers with, on top of the file-level
 * shapes in client-setup.ts: which Gatehouse client holds the entry's token, and which of the
 * client's own servers an import takes over. Names only: no token, no credential value.
 */
import { z } from 'zod';
import {
  ConfigChangeActionSchema,
  ConfigChangePreviewSchema,
  ConfigChangeResultSchema,
  DetectedClientSchema,
  DriftFindingSchema,
  SetupClientKindSchema,
} from './client-setup.js';

/** The change `setup.undo` would reverse for one client. */
export const UndoableChangeSchema = z.object({
  kind: SetupClientKindSchema,
  action: ConfigChangeActionSchema,
  at: z.string(),
});

/** Every client as found now, and how the connected ones have drifted. */
export const SetupDetectionSchema = z.object({
  clients: z.array(DetectedClientSchema),
  /** Findings for the clients that have a `gatehouse` entry or a Gatehouse client of their kind. */
  drift: z.array(DriftFindingSchema),
  undoable: z.array(UndoableChangeSchema),
});

/** A connect once made (or found unnecessary: `changed` false). */
export const ConnectResultSchema = ConfigChangeResultSchema.extend({
  /** The Gatehouse client whose token the entry carries. */
  client: z.string(),
  /** A Gatehouse client of that name existed: it was revoked and made again with a new token. */
  rotatedToken: z.boolean(),
});

/** A disconnect once made. */
export const DisconnectResultSchema = ConfigChangeResultSchema.extend({
  /** The Gatehouse client revoked with it, so its token stops working; null when there was none. */
  revokedClient: z.string().nullable(),
});

/** A plain-text credential an import stores in the keychain, by name: never its value. */
export const CredentialMoveSummarySchema = z.object({
  server: z.string(),
  field: z.enum(['env', 'headers']),
  key: z.string(),
  secretName: z.string(),
  /** The keychain held this very value under `secretName` already. */
  alreadyStored: z.boolean(),
});

/** What an import does with one of the client's servers. */
export const ImportOutcomeSchema = z.enum([
  'import',
  /** Gatehouse runs the same command or URL already (under `sameAs`). */
  'duplicate',
  /** Gatehouse has a different server of that name; it is left as it is. */
  'name-taken',
  /** Gatehouse cannot take the entry over (`reason` says why). */
  'unsupported',
]);

/** One of the client's servers in an import preview. */
export const ImportCandidateSchema = z.object({
  name: z.string(),
  outcome: ImportOutcomeSchema,
  sameAs: z.string().optional(),
  reason: z.string().optional(),
});

/** What importing a client's servers would do. */
export const ImportPreviewSchema = z.object({
  kind: SetupClientKindSchema,
  path: z.string(),
  servers: z.array(ImportCandidateSchema),
  credentials: z.array(CredentialMoveSummarySchema),
  /** Removing the imported (and duplicate) servers from the client; null when there are none. */
  removal: ConfigChangePreviewSchema.nullable(),
});

/** What an import did. */
export const ClientImportResultSchema = z.object({
  kind: SetupClientKindSchema,
  path: z.string(),
  /** Servers added to Gatehouse's config.json. */
  added: z.array(z.string()),
  duplicates: z.array(z.object({ name: z.string(), sameAs: z.string() })),
  /** Servers left out, with a sentence each. */
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
  moved: z.array(CredentialMoveSummarySchema),
  /** The change to the client's file when asked to remove the servers from it. */
  removal: ConfigChangeResultSchema.nullable(),
});

export type UndoableChange = z.infer<typeof UndoableChangeSchema>;
export type SetupDetection = z.infer<typeof SetupDetectionSchema>;
export type ConnectResult = z.infer<typeof ConnectResultSchema>;
export type DisconnectResult = z.infer<typeof DisconnectResultSchema>;
export type CredentialMoveSummary = z.infer<typeof CredentialMoveSummarySchema>;
export type ImportOutcome = z.infer<typeof ImportOutcomeSchema>;
export type ImportCandidate = z.infer<typeof ImportCandidateSchema>;
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;
export type ClientImportResult = z.infer<typeof ClientImportResultSchema>;
