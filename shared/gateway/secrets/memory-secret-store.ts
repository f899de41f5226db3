/**
 * A SecretStore held in memory: for tests, and for tools that must not touch the real keychain.
 */
import type { SecretStore } from './secret-store.js';

export class MemorySecretStore implements SecretStore {
  readonly #values = new Map<string, string>();

  async get(account: string): Promise<string | undefined> {
    return this.#values.get(account);
  }

  async set(account: string, value: string): Promise<void> {
    this.#values.set(account, value);
  }

  async delete(account: string): Promise<boolean> {
    return this.#values.delete(account);
  }

  async accounts(): Promise<string[]> {
    return [...this.#values.keys()];
  }
}
