/**
 * What the UI and the CLI may know about an upstream server's connection.
 */
import { z } from 'zod';

/** The life of one upstream connection. */
export const UpstreamStateSchema = z.enum([
  'connecting',
  'ready',
  'error',
  'stopped',
  /** A `${secret:…}` or `${env:…}` it refers to has no value; set it and the server starts. */
  'needs-secret',
  /** It requires OAuth and holds no usable token: `gatehouse server login NAME`. */
  'needs-sign-in',
]);

/** A snapshot of one upstream, safe to show a person (no secrets, no stack traces). */
export const UpstreamStatusSchema = z.object({
  name: z.string(),
  state: UpstreamStateSchema,
  /** A sentence for a person when `state` is `error`, `needs-secret` or `needs-sign-in`. */
  message: z.string().optional(),
  transport: z.enum(['stdio', 'streamable-http', 'sse']).optional(),
  /**
   * The protocol spoken with it once connected: the era (the 2026 stateless one, or the 2025
   * handshake one), the version, and whether the era was found by asking or set in its entry.
   */
  protocol: z
    .object({
      era: z.enum(['modern', 'legacy']),
      version: z.string().optional(),
      detected: z.boolean(),
    })
    .optional(),
  /** When the next reconnection attempt is due, for an upstream in `error`. */
  retryAt: z.string().optional(),
  /** The secret and environment names it needs and lacks, for `needs-secret`. */
  missingSecrets: z.array(z.string()).optional(),
  /** For servers that use OAuth: whether Gatehouse holds tokens for it. */
  signIn: z.enum(['signed-in', 'signed-out']).optional(),
  toolCount: z.number().int(),
  promptCount: z.number().int(),
  resourceCount: z.number().int(),
  /** The last lines a stdio server wrote to stderr, oldest first. */
  stderrTail: z.array(z.string()),
});

export type UpstreamState = z.infer<typeof UpstreamStateSchema>;
export type UpstreamStatus = z.infer<typeof UpstreamStatusSchema>;

/**
 * The protocol a server is spoken to in, for a person: "2026-07-28 (detected)", "2025-11-25 (set
 * in its entry)", or undefined before it is connected.
 */
export function describeProtocol(protocol: UpstreamStatus['protocol']): string | undefined {
  if (!protocol) return undefined;
  const version = protocol.version ?? (protocol.era === 'modern' ? '2026-07-28' : '2025 era');
  return `${version} (${protocol.detected ? 'detected' : 'set in its entry'})`;
}
