/**
 * What the upstream HTTP transport needs from an authorization scheme: a header for each request,
 * and a way to recover when the server challenges. OAuth is the one scheme today; the transport
 * does not know it.
 */
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';

/** A 401, or a 403 asking for more scope, as the server sent it. */
export interface AuthChallenge {
  readonly status: number;
  /** The raw `WWW-Authenticate` header, if any. */
  readonly wwwAuthenticate: string | undefined;
}

export interface UpstreamAuthorizer {
  /**
   * The `Authorization` value for the next request (refreshing a token about to expire), or
   * undefined when there is nothing to send yet.
   * @throws SignInRequiredError when the person must sign in again.
   */
  authorization(): Promise<string | undefined>;
  /**
   * Obtains new credentials after a challenge. Resolves when the request may be sent again.
   * @throws SignInRequiredError when that takes the person (and nobody is there to ask).
   */
  recover(challenge: AuthChallenge): Promise<void>;
  /** Whether credentials are held; undefined for a server that never asked for any. */
  readonly signedIn: boolean | undefined;
  /** The same credentials for the SDK's legacy SSE transport, which takes a provider. */
  readonly sdkProvider?: OAuthClientProvider;
}

/** The upstream needs the person to sign in (`gatehouse server login NAME`). */
export class SignInRequiredError extends Error {
  override readonly name = 'SignInRequiredError';
}

/** Whether an error, or one of its causes, says that signing in is needed. */
export function findSignInRequired(error: unknown): SignInRequiredError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    if (current instanceof SignInRequiredError) return current;
    current = current.cause;
  }
  return undefined;
}

/** Whether a response is a challenge an authorizer may answer. */
export function isAuthChallenge(status: number, wwwAuthenticate: string | undefined): boolean {
  if (status === 401) return true;
  return status === 403 && /error\s*=\s*"?insufficient_scope/i.test(wwwAuthenticate ?? '');
}
