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
  /**
   * Whether this store has seen the file. A missing file reads as an empty config, which is right
   * before the first start; but a file that vanishes later (deleted, or mid-save by an editor that
   * deletes before it writes) is not an empty config: reading it so would drop every policy rule,
   * and writing would replace the person's file with one holding only the change.
   */
  #existed = false;

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
    this.#existed = true;
  }

  /**
   * The validated configuration, defaults filled in.
   * @throws GatehouseError `config_unreadable` or `config_invalid` naming the file; also when the
   *   file this store saw before has disappeared.
   */
  load(): GatewayConfig {
    this.#refuseIfVanished();
    const config = this.#file.read();
    this.#existed ||= existsSync(this.path);
    return config;
  }

  /** Changes the raw file content (keys Gatehouse does not know survive); validates before writing. */
  update(change: (raw: Record<string, unknown>) => Record<string, unknown>): GatewayConfig {
    this.#refuseIfVanished();
    const config = this.#file.update(change);
    this.#existed = true;
    return config;
  }

  /** Adds or replaces one upstream server entry. */
  setServer(name: string, server: ServerConfig): GatewayConfig {
    return this.update((raw) => ({
      ...raw,
      mcpServers: { ...asRecord(raw.mcpServers), [name]: server },
    }));
  }

  /** Removes one upstream server entry. */
  removeServer(name: string): GatewayConfig {
    return this.update((raw) => {
      const servers = asRecord(raw.mcpServers);
      if (!(name in servers)) throw new GatehouseError('name_invalid', `There is no server named "${name}".`);
      delete servers[name];
      return { ...raw, mcpServers: servers };
    });
  }

  #refuseIfVanished(): void {
    if (!this.#existed || existsSync(this.path)) return;
    throw new GatehouseError(
      'config_unreadable',
      `${this.path} has disappeared. Gatehouse keeps the configuration it last read and has not ` +
        'written a new file; put the file back, or restart Gatehouse to begin with an empty one.',
    );
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? { ...(value as Record<string, unknown>) }
    : {};
}
