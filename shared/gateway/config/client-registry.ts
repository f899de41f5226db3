/**
 * The downstream clients allowed to connect, each with its own bearer token (`clients.json`).
 * Only a SHA-256 of each token is stored: tokens are 256 random bits, so a fast hash is enough.
 */
import { createHash, randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { z } from 'zod';
import {
  CLIENT_NAME_PATTERN,
  ClientRecordSchema,
  type ClientRecord,
  type ClientSummary,
} from '../../contracts/client-record.js';
import { GatehouseError } from '../errors.js';
import { JsonFileStore, type JsonFileOpener } from './json-file-store.js';

const ClientsFileSchema = z.looseObject({ clients: z.array(ClientRecordSchema).default([]) });

/** Tokens carry a recognisable prefix so that secret scanners and people can spot them. */
const TOKEN_PREFIX = 'gth_';

/** A freshly created client and its token, which exists nowhere else once shown. */
export interface NewClient {
  readonly name: string;
  readonly token: string;
  readonly createdAt: string;
}

/** Hashes a bearer token the way the registry stores it. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Manages client tokens and answers "which client holds this token?". */
export class ClientRegistry {
  readonly #file: JsonFileStore<typeof ClientsFileSchema>;
  /** token hash → client name, as of the file's `#loadedMtimeMs`. */
  #byHash = new Map<string, string>();
  #loadedMtimeMs = -1;

  constructor(
    dataDir: string,
    private readonly now: () => Date = () => new Date(),
    open?: JsonFileOpener,
  ) {
    this.#file = new JsonFileStore(dataDir, 'clients', ClientsFileSchema, open);
  }

  /** Creates a client with a new 256-bit token. */
  add(name: string): NewClient {
    if (!CLIENT_NAME_PATTERN.test(name)) {
      throw new GatehouseError(
        'name_invalid',
        `"${name}" is not a usable client name: use letters, digits, ".", "_" and "-" (at most 64).`,
      );
    }
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const createdAt = this.now().toISOString();
    this.#file.update((raw) => {
      const clients = ClientsFileSchema.parse(raw).clients;
      if (clients.some((client) => client.name === name)) {
        throw new GatehouseError(
          'client_exists',
          `A client named "${name}" exists already. Revoke it first or pick another name.`,
        );
      }
      const record: ClientRecord = { name, tokenSha256: hashToken(token), createdAt };
      return { ...raw, clients: [...clients, record] };
    });
    this.#loadedMtimeMs = -1;
    return { name, token, createdAt };
  }

  /** Lists clients without their token hashes. */
  list(): ClientSummary[] {
    return this.#file.read().clients.map(({ name, createdAt }) => ({ name, createdAt }));
  }

  /** Removes a client; its token stops working at once in every running gateway. */
  revoke(name: string): void {
    this.#file.update((raw) => {
      const clients = ClientsFileSchema.parse(raw).clients;
      if (!clients.some((client) => client.name === name)) {
        throw new GatehouseError('client_unknown', `There is no client named "${name}".`);
      }
      return { ...raw, clients: clients.filter((client) => client.name !== name) };
    });
    this.#loadedMtimeMs = -1;
  }

  /**
   * The name of the client holding `token`, or undefined. Re-reads the file when it changed on disk,
   * so tokens added or revoked by the CLI apply to a running gateway without a restart.
   */
  authenticate(token: string): string | undefined {
    this.#refreshKeepingLastGood();
    return this.#byHash.get(hashToken(token));
  }

  /** Re-reads `clients.json` if it changed since the last read. Returns whether it did. */
  refresh(): boolean {
    const mtimeMs = this.#mtimeMs();
    if (mtimeMs === this.#loadedMtimeMs) return false;
    const clients = mtimeMs === 0 ? [] : this.#file.read().clients;
    this.#byHash = new Map(clients.map((client) => [client.tokenSha256, client.name]));
    this.#loadedMtimeMs = mtimeMs;
    return true;
  }

  /** Names of the clients currently allowed in. */
  names(): Set<string> {
    this.#refreshKeepingLastGood();
    return new Set(this.#byHash.values());
  }

  /**
   * A running gateway keeps the last tokens it could read when the file is broken mid-edit, rather
   * than locking every client out; the next good write takes effect.
   */
  #refreshKeepingLastGood(): void {
    try {
      this.refresh();
    } catch {
      this.#loadedMtimeMs = this.#mtimeMs();
    }
  }

  #mtimeMs(): number {
    try {
      return statSync(this.#file.path).mtimeMs;
    } catch {
      return 0;
    }
  }
}
