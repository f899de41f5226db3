/**
 * Signing a person in to a remote server, and out again, outside the running gateway: the CLI's
 * `server login` and `server logout` (the gateway picks the keychain's new state up on restart).
 */
import type { RemoteServerConfig } from '../../contracts/config.js';
import type { UpstreamStatus } from '../../contracts/upstream-status.js';
import { SecretResolver } from '../secrets/secret-resolver.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { connectOnce } from '../upstream/one-off-connection.js';
import type { UpstreamConnection } from '../upstream/upstream-connection.js';
import { createOAuthAuthorizer, type OAuthAuthorizer } from './oauth-authorizer.js';
import { OAuthCredentials } from './oauth-credentials.js';
import { SignInListener, type AuthorizationUrlOpener } from './sign-in-listener.js';
import { revokeTokens, type RevocationOutcome } from './token-revocation.js';

export interface SignInOptions {
  readonly store: SecretStore;
  /** How the authorization URL reaches the person. */
  readonly opener: AuthorizationUrlOpener;
  /** How long the person has to finish in the browser. */
  readonly timeoutMs?: number;
  readonly environment?: NodeJS.ProcessEnv;
  /** Keep the tokens held now and only sign in if they do not work (`server check`). */
  readonly keepTokens?: boolean;
  /** Abandons the sign-in: the loopback listener closes and the wait for the browser ends. */
  readonly signal?: AbortSignal;
}

/** What a sign-in attempt came to. */
export interface SignInOutcome {
  readonly status: UpstreamStatus;
  /** False when the server let Gatehouse in without asking for any sign-in. */
  readonly askedToSignIn: boolean;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** A connection made with a person at hand to sign in; close it when done. */
export interface AttendedConnection {
  readonly connection: UpstreamConnection;
  /** False when the server let Gatehouse in without asking for any sign-in. */
  readonly askedToSignIn: boolean;
  close(): Promise<void>;
}

/**
 * Connects to the server as the gateway does, signing in when it asks; the tokens land in the
 * keychain. A refusal shows in the connection's status, never as a throw.
 */
export async function connectAttended(
  name: string,
  server: RemoteServerConfig,
  options: SignInOptions,
): Promise<AttendedConnection> {
  const credentials = new OAuthCredentials(options.store, name, server.url);
  const record = await credentials.load();
  if (!options.keepTokens && record.tokens) {
    // A fresh sign-in: old tokens go, the client registration stays.
    await credentials.update((entry) => {
      delete entry.tokens;
      delete entry.tokensSavedAt;
    });
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const listener = await SignInListener.start(options.opener, {
    preferredPort: registeredLoopbackPort(record.clientInformation),
    timeoutMs,
  });
  options.signal?.addEventListener('abort', () => void listener.close(), { once: true });
  let authorizer: OAuthAuthorizer | undefined;
  const resolver = new SecretResolver(options.store, options.environment);
  const connection = await connectOnce(name, server, {
    resolveServer: (entry) => resolver.resolve(entry),
    // The resolved entry: its client secret reference is filled in from the keychain.
    createAuthorizer: (resolved) =>
      (authorizer ??= createOAuthAuthorizer(options.store, name, server.url, listener, resolved.oauth)),
    connectTimeoutMs: timeoutMs + 30_000,
  });
  return {
    connection,
    askedToSignIn: authorizer?.signedIn !== undefined,
    close: async () => {
      await connection.stop();
      await listener.close();
    },
  };
}

/** Signs in afresh (`gatehouse server login`) and reports the connection's status. */
export async function signIn(
  name: string,
  server: RemoteServerConfig,
  options: SignInOptions,
): Promise<SignInOutcome> {
  const attended = await connectAttended(name, server, options);
  try {
    return { status: attended.connection.status(), askedToSignIn: attended.askedToSignIn };
  } finally {
    await attended.close();
  }
}

/** What sign-out did: whether anything was held here, and what the authorization server was told. */
export interface SignOutOutcome {
  readonly removed: boolean;
  readonly revocation: RevocationOutcome;
}

/**
 * Revokes the tokens at the authorization server when it offers a revocation endpoint (RFC
 * 7009), then removes tokens and registration from the keychain; the local removal happens even
 * when revocation fails, since the person asked to be signed out.
 */
export async function signOut(
  name: string,
  server: RemoteServerConfig,
  store: SecretStore,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<SignOutOutcome> {
  const credentials = new OAuthCredentials(store, name, server.url);
  const record = await credentials.load();
  const resolved = await new SecretResolver(store, environment).resolve(server);
  const oauth = resolved.ok && !('command' in resolved.server) ? resolved.server.oauth : undefined;
  const configured = oauth?.clientId
    ? { client_id: oauth.clientId, ...(oauth.clientSecret ? { client_secret: oauth.clientSecret } : {}) }
    : undefined;
  const revocation = await revokeTokens(record, configured);
  return { removed: await credentials.clear(), revocation };
}

/** A sentence about a sign-out, for the CLI and the UI. */
export function describeSignOut(name: string, outcome: SignOutOutcome): string {
  const here = outcome.removed ? `Signed out of "${name}".` : `Gatehouse held no sign-in for "${name}".`;
  switch (outcome.revocation.kind) {
    case 'revoked':
      return `${here} The authorization server revoked the tokens.`;
    case 'failed':
      return `${here} The tokens are gone from this computer, but revoking them at the authorization server failed: ${outcome.revocation.message}.`;
    case 'not-offered':
      return outcome.removed
        ? `${here} The authorization server offers no revocation; the tokens are gone from this computer.`
        : here;
    case 'nothing-to-revoke':
      return here;
  }
}

/** The loopback port an earlier registration was made for, so it can be used again. */
function registeredLoopbackPort(information: unknown): number | undefined {
  const uris = (information as { redirect_uris?: unknown } | undefined)?.redirect_uris;
  if (!Array.isArray(uris) || typeof uris[0] !== 'string') return undefined;
  try {
    const url = new URL(uris[0]);
    return url.hostname === '127.0.0.1' && url.port ? Number(url.port) : undefined;
  } catch {
    return undefined;
  }
}
