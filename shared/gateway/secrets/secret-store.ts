/**
 * The port every credential goes through. One implementation talks to the OS keychain (see
 * keytar-secret-store.ts); tests use the in-memory one. Nothing else in the engine knows where
 * secrets live.
 */
import { SECRET_NAME_PATTERN, SECRET_NAME_RULE } from '../../contracts/secrets.js';
import { GatehouseError } from '../errors.js';

/**
 * Entries of one keychain service. Account names are either a person's secret names
 * (SECRET_NAME_PATTERN) or Gatehouse's own entries, which contain a "/" and so never collide.
 */
export interface SecretStore {
  /**
   * The stored value, or undefined when there is none.
   * @throws GatehouseError `keychain_unavailable` when no keychain answers.
   */
  get(account: string): Promise<string | undefined>;
  /** Stores or replaces a value. @throws GatehouseError `keychain_unavailable` */
  set(account: string, value: string): Promise<void>;
  /** Removes a value; false when there was none. @throws GatehouseError `keychain_unavailable` */
  delete(account: string): Promise<boolean>;
  /** Every account name of the service. @throws GatehouseError `keychain_unavailable` */
  accounts(): Promise<string[]>;
}

/** The keychain account of a server's OAuth state (its client registration and tokens). */
export function oauthAccount(serverName: string): string {
  return `oauth/${serverName}`;
}

/**
 * Checks a secret name before it reaches the keychain or a config file.
 * @throws GatehouseError `secret_invalid`
 */
export function assertSecretName(name: string): void {
  if (!SECRET_NAME_PATTERN.test(name))
    throw new GatehouseError(
      'secret_invalid',
      `"${printable(name)}" is not a secret name: ${SECRET_NAME_RULE}.`,
    );
}

/** The person's secret names (Gatehouse's own entries left out), sorted. */
export async function listSecretNames(store: SecretStore): Promise<string[]> {
  return (await store.accounts()).filter((account) => SECRET_NAME_PATTERN.test(account)).sort();
}

/** A name made safe to echo in a message: control characters escaped, length capped. */
function printable(name: string): string {
  return JSON.stringify(name.slice(0, 80)).slice(1, -1);
}
