/**
 * One JSON file in the data directory, read and written through `conf` (atomic writes), in the
 * headless gateway and in the desktop app's engine process alike. (The engine process is a
 * utility process, where `electron-store`, which needs Electron's `app`, cannot run.)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Conf, { type Options as ConfOptions } from 'conf';
import type { z } from 'zod';
import { GatehouseError, describeError } from '../errors.js';
import { PRIVATE_DIR_MODE } from './private-files.js';

/** What opens a file: `conf` unless a caller passes another `conf`-compatible store. */
export type JsonFileOpener = (
  options: ConfOptions<Record<string, unknown>> & { cwd: string; configName: string },
) => Conf<Record<string, unknown>>;

const openWithConf: JsonFileOpener = (options) => new Conf(options);

/** A JSON file whose content is checked against a schema on every read. */
export class JsonFileStore<Schema extends z.ZodType<Record<string, unknown>>> {
  #conf: Conf<Record<string, unknown>> | undefined;
  readonly path: string;

  constructor(
    private readonly dataDir: string,
    private readonly fileName: string,
    private readonly schema: Schema,
    private readonly open: JsonFileOpener = openWithConf,
  ) {
    this.path = join(dataDir, `${fileName}.json`);
  }

  /** conf reads the file as it is constructed, so it is built on first use, inside the error handling. */
  #store(): Conf<Record<string, unknown>> {
    // conf would create a missing folder with the umask's mode (755): create it private first.
    mkdirSync(this.dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    // No defaults and no schema for conf: it would write defaults into the person's file, and we
    // want zod's messages, which name the field.
    this.#conf ??= this.open({
      cwd: this.dataDir,
      configName: this.fileName,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      // Only the person who runs Gatehouse may read what it stores.
      configFileMode: 0o600,
    });
    return this.#conf;
  }

  /**
   * Reads the file as it is on disk, unvalidated. A missing file reads as `{}`.
   * @throws GatehouseError `config_unreadable` when the file is not JSON.
   */
  readRaw(): Record<string, unknown> {
    try {
      return structuredClone(this.#store().store);
    } catch (error: unknown) {
      throw new GatehouseError(
        'config_unreadable',
        `${this.path} is not valid JSON (${describeError(error)}). Fix or remove it; Gatehouse has not changed it.`,
        { cause: error },
      );
    }
  }

  /**
   * Reads and validates the file.
   * @throws GatehouseError `config_invalid` naming the first bad field and the file.
   */
  read(): z.output<Schema> {
    const raw = this.readRaw();
    const parsed = this.schema.safeParse(raw);
    if (!parsed.success) {
      throw new GatehouseError(
        'config_invalid',
        `${this.path} is not a valid Gatehouse file: ${formatIssues(parsed.error)}. Gatehouse has not changed it.`,
      );
    }
    return parsed.data;
  }

  /**
   * Changes the file: `update` receives the raw content (so keys Gatehouse does not know survive)
   * and returns the new content, which must validate before anything is written. Atomic.
   */
  update(update: (raw: Record<string, unknown>) => Record<string, unknown>): z.output<Schema> {
    const next = update(this.readRaw());
    const parsed = this.schema.safeParse(next);
    if (!parsed.success) {
      throw new GatehouseError(
        'config_invalid',
        `Refusing to save ${this.path}: ${formatIssues(parsed.error)}.`,
      );
    }
    this.#store().store = next;
    return parsed.data;
  }
}

/** Turns zod issues into one line: `mcpServers.github.command: must name the program to run`. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      // A bad record key carries the useful message one level down.
      const message =
        issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
      return path ? `${path}: ${message}` : message;
    })
    .join('; ');
}
