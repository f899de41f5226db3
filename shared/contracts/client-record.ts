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
