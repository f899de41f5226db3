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
import { createOAuthAuthorizer } from './oauth-authorizer.js';
import { OAuthCredentials } from './oauth-credentials.js';
import { SignInListener, type AuthorizationUrlOpener } from './sign-in-listener.js';

export interface SignInOptions {
  readonly store: SecretStore;
  /** How the authorization URL reaches the person. */
  readonly opener: AuthorizationUrlOpener;
  /** How long the person has to finish in the browser. */
  readonly timeoutMs?: number;
  readonly environment?: NodeJS.ProcessEnv;
  /** Keep the tokens held now and only sign in if they do not work (`server check`). */
  readonly keepTokens?: boolean;
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
  const authorizer = createOAuthAuthorizer(options.store, name, server.url, listener);
  const resolver = new SecretResolver(options.store, options.environment);
  const connection = await connectOnce(name, server, {
    resolveServer: (entry) => resolver.resolve(entry),
    createAuthorizer: () => authorizer,
    connectTimeoutMs: timeoutMs + 30_000,
  });
  return {
    connection,
    askedToSignIn: authorizer.signedIn !== undefined,
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

/** Removes the server's tokens and registration from the keychain; false when there were none. */
export async function signOut(
  name: string,
  server: RemoteServerConfig,
  store: SecretStore,
): Promise<boolean> {
  return new OAuthCredentials(store, name, server.url).clear();
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
