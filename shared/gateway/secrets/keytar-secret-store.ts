/**
 * The OS keychain through keytar: macOS Keychain, Windows Credential Manager, and the Secret
 * Service (GNOME Keyring, KWallet) on Linux.
 *
 * keytar is archived upstream. Every keytar call lives in this file, so moving to a maintained
 * binding with the same four operations means changing this file only.
 */
import type * as KeytarModule from 'keytar';
import { GatehouseError, describeError } from '../errors.js';
import type { SecretStore } from './secret-store.js';

/** The keychain service Gatehouse's entries are filed under. */
export const KEYCHAIN_SERVICE = 'Gatehouse';

/**
 * A locked keyring can wait for an unlock prompt that a headless session never shows; past this,
 * Gatehouse reports the keychain as unavailable instead of hanging a server's start.
 */
const KEYCHAIN_TIMEOUT_MS = 10_000;

type Keytar = typeof KeytarModule;

export interface KeytarSecretStoreOptions {
  /** Another service name keeps a second Gatehouse (a test run, say) apart from the person's. */
  readonly service?: string;
  readonly timeoutMs?: number;
}

export class KeytarSecretStore implements SecretStore {
  readonly #service: string;
  readonly #timeoutMs: number;
  // Loaded on first use: a gateway whose config needs no secret never touches the keychain, and
  // a missing native module is reported like an unreachable keychain, not as a crash at start.
  #keytar: Promise<Keytar> | undefined;

  constructor(options: KeytarSecretStoreOptions = {}) {
    this.#service = options.service ?? KEYCHAIN_SERVICE;
    this.#timeoutMs = options.timeoutMs ?? KEYCHAIN_TIMEOUT_MS;
  }

  async get(account: string): Promise<string | undefined> {
    return (await this.#call((keytar) => keytar.getPassword(this.#service, account))) ?? undefined;
  }

  async set(account: string, value: string): Promise<void> {
    await this.#call((keytar) => keytar.setPassword(this.#service, account, value));
  }

  async delete(account: string): Promise<boolean> {
    return this.#call((keytar) => keytar.deletePassword(this.#service, account));
  }

  async accounts(): Promise<string[]> {
    const credentials = await this.#call((keytar) => keytar.findCredentials(this.#service));
    return credentials.map((credential) => credential.account);
  }

  async #call<T>(operation: (keytar: Keytar) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`it did not answer within ${this.#timeoutMs / 1000} s (is it locked?)`)),
        this.#timeoutMs,
      );
    });
    try {
      const keytar = await (this.#keytar ??= loadKeytar());
      return await Promise.race([operation(keytar), timeout]);
    } catch (error: unknown) {
      if (error instanceof GatehouseError) throw error;
      throw keychainUnavailable(describeError(error));
    } finally {
      clearTimeout(timer);
    }
  }
}

async function loadKeytar(): Promise<Keytar> {
  try {
    const module = (await import('keytar')) as Keytar & { default?: Keytar };
    return module.default ?? module;
  } catch (error: unknown) {
    throw keychainUnavailable(`keytar could not be loaded (${describeError(error)})`);
  }
}

/** The one explanation of a missing keychain, with the way out for headless machines. */
export function keychainUnavailable(detail: string): GatehouseError {
  return new GatehouseError(
    'keychain_unavailable',
    `No keychain is reachable: ${detail}. On Linux Gatehouse needs a Secret Service such as GNOME ` +
      'Keyring; on a machine without one, refer to the value as ${env:NAME} and set NAME in ' +
      "Gatehouse's environment instead.",
  );
}
