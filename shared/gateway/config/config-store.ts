/**
 * `config.json`: upstream servers and settings.
 */
import { existsSync } from 'node:fs';
import { GatewayConfigSchema, type GatewayConfig, type ServerConfig } from '../../contracts/config.js';
import { GatehouseError } from '../errors.js';
import { JsonFileStore, type JsonFileOpener } from './json-file-store.js';

/** Reads and changes the gateway's configuration file. */
export class ConfigStore {
  readonly #file: JsonFileStore<typeof GatewayConfigSchema>;

  constructor(dataDir: string, open?: JsonFileOpener) {
    this.#file = new JsonFileStore(dataDir, 'config', GatewayConfigSchema, open);
  }

  /** The file's path, for messages. */
  get path(): string {
    return this.#file.path;
  }

  /**
   * Writes `initial` when there is no config file yet (a first start); an existing file, even an
   * empty or broken one, is never touched.
   */
  createIfMissing(initial: Record<string, unknown>): void {
    if (!existsSync(this.path)) this.update(() => initial);
  }

  /** The validated configuration, defaults filled in. */
  load(): GatewayConfig {
    return this.#file.read();
  }

  /** Changes the raw file content (keys Gatehouse does not know survive); validates before writing. */
  update(change: (raw: Record<string, unknown>) => Record<string, unknown>): GatewayConfig {
    return this.#file.update(change);
  }

  /** Adds or replaces one upstream server entry. */
  setServer(name: string, server: ServerConfig): GatewayConfig {
    return this.#file.update((raw) => ({
      ...raw,
      mcpServers: { ...asRecord(raw.mcpServers), [name]: server },
    }));
  }

  /** Removes one upstream server entry. */
  removeServer(name: string): GatewayConfig {
    return this.#file.update((raw) => {
      const servers = asRecord(raw.mcpServers);
      if (!(name in servers)) throw new GatehouseError('name_invalid', `There is no server named "${name}".`);
      delete servers[name];
      return { ...raw, mcpServers: servers };
    });
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? { ...(value as Record<string, unknown>) }
    : {};
}
