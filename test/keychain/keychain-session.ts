/**
 * Shared set-up of the tests that use the real OS keychain. They run inside
 * test/keychain/with-keyring.sh (npm test does that), which provides a private GNOME Keyring.
 */
import { randomBytes } from 'node:crypto';
import type { KeytarSecretStore } from '../../shared/gateway/secrets/keytar-secret-store.js';

/**
 * A keychain service name of this test file's own, set for child processes too, so parallel
 * test files never see each other's entries.
 */
export function isolatedKeychainService(): string {
  const service = `gatehouse-test-${randomBytes(4).toString('hex')}`;
  process.env.GATEHOUSE_KEYCHAIN_SERVICE = service;
  return service;
}

/** Fails with instructions when no keychain answers, instead of a confusing later failure. */
export async function requireKeychain(store: KeytarSecretStore): Promise<void> {
  try {
    await store.accounts();
  } catch (error: unknown) {
    throw new Error(
      `These tests need a Secret Service: run them through test/keychain/with-keyring.sh ` +
        `(npm test does). ${(error as Error).message}`,
    );
  }
}
