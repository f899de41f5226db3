/**
 * The SDK's OAuth client provider, backed by the keychain: discovery, dynamic client
 * registration, PKCE and resource indicators are the SDK's `auth()`; this class only keeps
 * what it learns, and hands the authorization URL to the person when there is one to ask.
 */
import { randomBytes } from 'node:crypto';
import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import type { OAuthClientConfig } from '../../contracts/oauth-client.js';
import { systemClock, type Clock } from '../clock.js';
import { GATEHOUSE_VERSION } from '../version.js';
import type { OAuthCredentials } from './oauth-credentials.js';
import { SignInRequiredError } from './upstream-authorizer.js';

/** The person's side of a sign-in: where the browser comes back to, and how it is sent out. */
export interface SignInInteraction {
  /** The loopback URL the authorization server redirects to. */
  readonly redirectUrl: string;
  /** Sends the person to the authorization URL (a browser, or the URL printed). */
  open(authorizationUrl: URL): Promise<void>;
  /** Resolves with the authorization code once the redirect for `state` arrives. */
  waitForCode(state: string): Promise<string>;
}

/**
 * A gateway running unattended never starts a sign-in, but the SDK only refreshes tokens for a
 * provider that could redirect; this stands in for the loopback URL of the last sign-in.
 */
const UNATTENDED_REDIRECT_URL = 'http://127.0.0.1/callback';

export class KeychainOAuthProvider implements OAuthClientProvider {
  #codeVerifier: string | undefined;
  #state: string | undefined;

  constructor(
    private readonly credentials: OAuthCredentials,
    private readonly interaction?: SignInInteraction,
    private readonly clock: Clock = systemClock,
    /** A client registered by hand or a URL-based client ID, from the server's `oauth` entry. */
    private readonly client: OAuthClientConfig = {},
  ) {}

  /**
   * Used as the client ID by authorization servers that advertise
   * `client_id_metadata_document_supported`; the SDK's `auth()` registers dynamically elsewhere.
   */
  get clientMetadataUrl(): string | undefined {
    return this.client.clientMetadataUrl;
  }

  get redirectUrl(): string {
    return this.interaction?.redirectUrl ?? UNATTENDED_REDIRECT_URL;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Gatehouse',
      software_id: 'gatehouse',
      software_version: GATEHOUSE_VERSION,
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    };
  }

  /** The `state` of the authorization in progress, to match the redirect against. */
  get pendingState(): string | undefined {
    return this.#state;
  }

  state(): string {
    this.#state = randomBytes(24).toString('base64url');
    return this.#state;
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    // A client registered by hand: the provider knows it, nothing is registered or stored.
    if (this.client.clientId) {
      return {
        client_id: this.client.clientId,
        ...(this.client.clientSecret ? { client_secret: this.client.clientSecret } : {}),
      };
    }
    const information = (await this.credentials.load()).clientInformation;
    // A registration made for another loopback port would be refused at the redirect: while the
    // person is signing in, a registration that does not list this URL is registered again.
    if (this.interaction && information && 'redirect_uris' in information) {
      const uris = information.redirect_uris as unknown;
      if (Array.isArray(uris) && !uris.includes(this.redirectUrl)) return undefined;
    }
    return information;
  }

  async saveClientInformation(information: OAuthClientInformationMixed): Promise<void> {
    if (this.client.clientId) return;
    await this.credentials.update((record) => (record.clientInformation = information));
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    try {
      return (await this.credentials.load()).tokens;
    } catch {
      // No keychain: a server that needs no token must still work; one that does will answer
      // 401, and the sign-in path reports the keychain problem.
      return undefined;
    }
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    await this.credentials.update((record) => {
      record.tokens = tokens;
      record.tokensSavedAt = this.clock.now();
    });
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    if (!this.interaction) {
      throw new SignInRequiredError(
        `needs sign-in: run "gatehouse server login ${this.credentials.serverName}"`,
      );
    }
    await this.interaction.open(authorizationUrl);
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.#codeVerifier = codeVerifier;
  }

  codeVerifier(): string {
    if (!this.#codeVerifier) throw new Error('No sign-in is in progress.');
    return this.#codeVerifier;
  }

  async saveDiscoveryState(state: OAuthDiscoveryState): Promise<void> {
    await this.credentials.update((record) => (record.discoveryState = state));
  }

  async discoveryState(): Promise<OAuthDiscoveryState | undefined> {
    return (await this.credentials.load()).discoveryState;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'verifier') {
      this.#codeVerifier = undefined;
      return;
    }
    await this.credentials.update((record) => {
      if (scope === 'all' || scope === 'client') delete record.clientInformation;
      if (scope === 'all' || scope === 'tokens') {
        delete record.tokens;
        delete record.tokensSavedAt;
      }
      if (scope === 'all' || scope === 'discovery') delete record.discoveryState;
    });
  }
}
