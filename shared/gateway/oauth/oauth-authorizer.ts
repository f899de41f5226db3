/**
 * OAuth for one upstream: sends its access token, refreshes it shortly before it expires and
 * after a 401, and signs in (through the SDK's `auth()`: discovery, registration, PKCE, resource
 * indicators) when a person is there to do it. Unattended, it reports "needs sign-in" instead.
 */
import { auth, extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import { OAuthError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthClientConfig } from '../../contracts/oauth-client.js';
import { systemClock, type Clock } from '../clock.js';
import { describeError } from '../errors.js';
import { OAuthCredentials } from './oauth-credentials.js';
import { KeychainOAuthProvider, type SignInInteraction } from './oauth-client-provider.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { SignInRequiredError, type AuthChallenge, type UpstreamAuthorizer } from './upstream-authorizer.js';

/**
 * Tokens are refreshed this long before they expire, so no request carries a dying one; a
 * quarter of the lifetime for short-lived tokens, so they are not refreshed on every request.
 */
const REFRESH_MARGIN_MS = 60_000;

interface AuthorizeOptions {
  readonly resourceMetadataUrl?: URL;
  readonly scope?: string;
}

export class OAuthAuthorizer implements UpstreamAuthorizer {
  /** One refresh or sign-in at a time: concurrent requests wait for the same one. */
  #inFlight: Promise<void> | undefined;
  #challenged = false;
  #withoutKeychain = false;

  constructor(
    private readonly provider: KeychainOAuthProvider,
    private readonly credentials: OAuthCredentials,
    private readonly interaction?: SignInInteraction,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Whether Gatehouse holds tokens; undefined for a server that never asked for any. */
  get signedIn(): boolean | undefined {
    if (this.credentials.hasTokens) return true;
    return this.#challenged ? false : undefined;
  }

  get sdkProvider(): KeychainOAuthProvider {
    return this.provider;
  }

  async authorization(): Promise<string | undefined> {
    if (this.#withoutKeychain) return undefined;
    let record;
    try {
      record = await this.credentials.load();
    } catch {
      // No keychain: most servers need no token, so go without (and stop asking on every
      // request); a challenge says what is missing.
      this.#withoutKeychain = true;
      return undefined;
    }
    if (!record.tokens) return undefined;
    const lifetimeMs = (record.tokens.expires_in ?? Infinity) * 1000;
    const expiresAt = (record.tokensSavedAt ?? 0) + lifetimeMs;
    const margin = Math.min(REFRESH_MARGIN_MS, lifetimeMs / 4);
    if (record.tokens.refresh_token && expiresAt - margin <= this.clock.now()) {
      await this.#once(() => this.#authorize({}));
      record = await this.credentials.load();
    }
    return record.tokens ? `Bearer ${record.tokens.access_token}` : undefined;
  }

  async recover(challenge: AuthChallenge): Promise<void> {
    this.#challenged = true;
    const headers = new Headers();
    if (challenge.wwwAuthenticate) headers.set('www-authenticate', challenge.wwwAuthenticate);
    const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(
      new Response(null, { status: challenge.status, headers }),
    );
    let record;
    try {
      record = await this.credentials.load();
    } catch (error: unknown) {
      throw new SignInRequiredError(`needs sign-in, but ${describeError(error)}`, { cause: error });
    }
    if (!this.interaction && (!record.tokens || challenge.status === 403)) {
      // Unattended, only a refresh can help; registering a client or asking for more scope
      // would leave half a sign-in behind with nobody to finish it.
      throw this.#signInRequired(
        challenge.status === 403 ? 'the server asks for more permissions' : undefined,
      );
    }
    await this.#once(() => this.#authorize({ resourceMetadataUrl, scope }));
  }

  async #authorize(options: AuthorizeOptions): Promise<void> {
    const serverUrl = this.credentials.serverUrl;
    try {
      const result = await auth(this.provider, { serverUrl, ...options });
      if (result === 'AUTHORIZED') return;
      // Only an interactive provider returns here: it has sent the person to the authorization URL.
      const state = this.provider.pendingState;
      if (!this.interaction || !state) throw this.#signInRequired(undefined);
      const authorizationCode = await this.interaction.waitForCode(state);
      await auth(this.provider, { serverUrl, authorizationCode, ...options });
    } catch (error: unknown) {
      if (error instanceof SignInRequiredError) throw error;
      // The authorization server refused (a revoked registration, say): only a new sign-in helps.
      if (error instanceof OAuthError) throw this.#signInRequired(error.message, error);
      throw error;
    }
  }

  #signInRequired(reason: string | undefined, cause?: unknown): SignInRequiredError {
    const name = this.credentials.serverName;
    return new SignInRequiredError(
      `needs sign-in${reason ? ` (${reason})` : ''}: run "gatehouse server login ${name}"`,
      { cause },
    );
  }

  async #once(work: () => Promise<void>): Promise<void> {
    if (!this.#inFlight) {
      this.#inFlight = work().finally(() => (this.#inFlight = undefined));
    }
    return this.#inFlight;
  }
}

/**
 * OAuth for one server, its state in `store`; with `interaction` it may sign the person in.
 * `client` is the server entry's `oauth` field with its secret reference already resolved.
 */
export function createOAuthAuthorizer(
  store: SecretStore,
  serverName: string,
  serverUrl: string,
  interaction?: SignInInteraction,
  client?: OAuthClientConfig,
): OAuthAuthorizer {
  const credentials = new OAuthCredentials(store, serverName, serverUrl);
  return new OAuthAuthorizer(
    new KeychainOAuthProvider(credentials, interaction, systemClock, client),
    credentials,
    interaction,
  );
}
