/**
 * The keychain store the CLI and the gateway use unless told otherwise.
 */
import { KeytarSecretStore } from './keytar-secret-store.js';
import type { SecretStore } from './secret-store.js';

/**
 * `GATEHOUSE_KEYCHAIN_SERVICE` files entries under another service name, so a second Gatehouse
 * (a test run, a trial install) never reads or overwrites the person's own secrets.
 */
export function defaultSecretStore(environment: NodeJS.ProcessEnv = process.env): SecretStore {
  const service = environment.GATEHOUSE_KEYCHAIN_SERVICE;
  return new KeytarSecretStore(service ? { service } : {});
}
