/**
 * Control methods for signing in to remote servers from the window, and out again.
 */
import { z } from 'zod';

/** What sign-out told the authorization server (RFC 7009), for the UI's sentence. */
export const RevocationKindSchema = z.enum(['revoked', 'not-offered', 'nothing-to-revoke', 'failed']);

/** How a sign-in started from the window goes on (the `server.signIn` event). */
export const SignInProgressSchema = z.discriminatedUnion('state', [
  z.object({ server: z.string(), state: z.literal('waiting'), authorizationUrl: z.string() }),
  z.object({ server: z.string(), state: z.literal('signed-in'), message: z.string() }),
  z.object({ server: z.string(), state: z.literal('failed'), message: z.string() }),
]);

export const signInControlMethods = {
  /**
   * Starts signing in: answers with the authorization URL for the person to open (null when the
   * server let Gatehouse in without asking); a `server.signIn` event says how it ended.
   */
  'servers.signIn': {
    args: z.strictObject({ name: z.string().min(1) }),
    result: z.object({ authorizationUrl: z.string().nullable() }),
  },
  /** Revokes the tokens at the authorization server where it can, forgets them, and reconnects. */
  'servers.signOut': {
    args: z.strictObject({ name: z.string().min(1) }),
    result: z.object({ removed: z.boolean(), revocation: RevocationKindSchema, message: z.string() }),
  },
} as const;

export type SignInProgress = z.infer<typeof SignInProgressSchema>;
