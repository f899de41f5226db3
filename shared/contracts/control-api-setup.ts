/**
 * The control methods of one-click client setup (detect, connect, disconnect, import, undo),
 * part of `controlMethods` in control-api.ts.
 */
import { z } from 'zod';
import {
  ClientImportResultSchema,
  ConnectResultSchema,
  DisconnectResultSchema,
  ImportPreviewSchema,
  SetupDetectionSchema,
} from './client-onboarding.js';
import { ConfigChangePreviewSchema, SetupClientKindSchema, UndoResultSchema } from './client-setup.js';

const kindOnly = z.strictObject({ kind: SetupClientKindSchema });

/** The `basedOn` of the preview a person saw: the change is refused if the file changed since. */
const basedOn = z.string().max(80).optional();
const kindAndBase = z.strictObject({ kind: SetupClientKindSchema, basedOn });

export const setupControlMethods = {
  /** Every client Gatehouse can set up, installed or not, with drift and what undo would reverse. */
  'setup.detect': { args: z.strictObject({}), result: SetupDetectionSchema },
  /** What connecting or disconnecting would write, as a masked diff; nothing is written. */
  'setup.preview': {
    args: z.strictObject({ kind: SetupClientKindSchema, action: z.enum(['connect', 'disconnect']) }),
    result: ConfigChangePreviewSchema,
  },
  /** Gives the client a token of its own and writes the `gatehouse` entry; a no-op when connected. */
  'setup.connect': { args: kindAndBase, result: ConnectResultSchema },
  /** Removes the `gatehouse` entry and revokes the client's token. */
  'setup.disconnect': { args: kindAndBase, result: DisconnectResultSchema },
  /** Reverses the last change to the client's file. */
  'setup.undo': { args: kindOnly, result: UndoResultSchema },
  /** The client's servers, which Gatehouse has already, and the credentials an import would move. */
  'setup.importPreview': {
    args: z.strictObject({
      kind: SetupClientKindSchema,
      /** Only these of the client's servers, as `setup.import` would take them. */
      servers: z.array(z.string().min(1).max(200)).max(500).optional(),
    }),
    result: ImportPreviewSchema,
  },
  /** Imports the client's servers (credentials into the keychain), optionally removing them from it. */
  'setup.import': {
    args: z.strictObject({
      kind: SetupClientKindSchema,
      removeFromClient: z.boolean(),
      /** Only these of the client's servers (the first-run guide's choice); all when absent. */
      servers: z.array(z.string().min(1).max(200)).max(500).optional(),
      /** The `basedOn` of the removal preview, when removing them from the client. */
      basedOn,
    }),
    result: ClientImportResultSchema,
  },
  /**
   * Tells a running gateway that the CLI set a client up behind its back: it re-reads config.json
   * (imported servers start) and the UI hears that clients changed.
   */
  'setup.reload': { args: z.strictObject({}), result: z.object({ servers: z.array(z.string()) }) },
} as const;
