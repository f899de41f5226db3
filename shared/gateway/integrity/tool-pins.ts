/**
 * `tool-pins.json`: per server and tool, the definition the person allowed (its fingerprint and
 * text, for the side-by-side review) and, when one is held back, what the server offers now.
 */
import { z } from 'zod';
import { HoldReasonSchema, PinnedDefinitionSchema } from '../../contracts/tool-integrity.js';
import { JsonFileStore, type JsonFileOpener } from '../config/json-file-store.js';

const VersionSchema = z.object({ hash: z.string(), definition: PinnedDefinitionSchema, at: z.string() });

export const ToolPinSchema = z.object({
  pinned: VersionSchema.optional(),
  held: VersionSchema.extend({ reason: HoldReasonSchema }).optional(),
});

const ToolPinsFileSchema = z.looseObject({
  /** server → tool → pin. */
  servers: z.record(z.string(), z.record(z.string(), ToolPinSchema)).default({}),
});

export type ToolPin = z.infer<typeof ToolPinSchema>;
export type ToolPins = Record<string, Record<string, ToolPin>>;

export class ToolPinStore {
  readonly #file: JsonFileStore<typeof ToolPinsFileSchema>;

  constructor(dataDir: string, open?: JsonFileOpener) {
    this.#file = new JsonFileStore(dataDir, 'tool-pins', ToolPinsFileSchema, open);
  }

  get path(): string {
    return this.#file.path;
  }

  load(): ToolPins {
    return this.#file.read().servers;
  }

  /** Replaces one server's pins (atomic write of the whole file). */
  saveServer(server: string, pins: Record<string, ToolPin>): void {
    this.#file.update((raw) => ({
      ...raw,
      servers: { ...(raw.servers as Record<string, unknown> | undefined), [server]: pins },
    }));
  }
}
