/**
 * A server's OAuth state in the keychain, as one entry: its client registration, its tokens and
 * the discovery results. Nothing of it ever lands in a file.
 */
import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { oauthAccount, type SecretStore } from '../secrets/secret-store.js';

export interface OAuthRecord {
  /** The URL the record belongs to: a server whose URL changes signs in again. */
  readonly serverUrl: string;
  clientInformation?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  /** When `tokens` were saved (ms since epoch), to tell when `expires_in` runs out. */
  tokensSavedAt?: number;
  discoveryState?: OAuthDiscoveryState;
}

export class OAuthCredentials {
  #cached: OAuthRecord | undefined;
  #unreachable: unknown;

  constructor(
    private readonly store: SecretStore,
    readonly serverName: string,
    readonly serverUrl: string,
  ) {}

  /** The record, read from the keychain once and then kept in memory. */
  async load(): Promise<OAuthRecord> {
    if (this.#cached) return this.#cached;
    // An unreachable keychain stays unreachable for this connection: asking again on every
    // request would cost a D-Bus round trip (or a timeout) per tool call.
    if (this.#unreachable) throw this.#unreachable;
    let raw: string | undefined;
    try {
      raw = await this.store.get(oauthAccount(this.serverName));
    } catch (error: unknown) {
      this.#unreachable = error;
      throw error;
    }
    const parsed = raw ? parseRecord(raw) : undefined;
    this.#cached = parsed?.serverUrl === this.serverUrl ? parsed : { serverUrl: this.serverUrl };
    return this.#cached;
  }

  /** Applies a change and writes the whole record back. */
  async update(change: (record: OAuthRecord) => void): Promise<void> {
    const record = await this.load();
    change(record);
    await this.store.set(oauthAccount(this.serverName), JSON.stringify(record));
  }

  /** Removes the record from the keychain: the next connection needs a new sign-in. */
  async clear(): Promise<boolean> {
    this.#cached = { serverUrl: this.serverUrl };
    return this.store.delete(oauthAccount(this.serverName));
  }

  /** Whether tokens are held (without reading the keychain again). */
  get hasTokens(): boolean {
    return Boolean(this.#cached?.tokens);
  }
}

function parseRecord(raw: string): OAuthRecord | undefined {
  try {
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === 'object' && 'serverUrl' in value ? (value as OAuthRecord) : undefined;
  } catch {
    // A damaged entry is as good as none: the person signs in again.
    return undefined;
  }
}
