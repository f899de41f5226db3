/**
 * `paused.json` in the data directory: a pause outlives a restart (a crash, a reboot, an update),
 * so a person who stopped every tool call is never surprised by calls flowing again. The file
 * exists only while paused; a damaged one keeps the gateway paused (failing safe) and says so.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../logger.js';

const FILE_NAME = 'paused.json';

const PauseRecordSchema = z.object({ pausedSince: z.iso.datetime(), by: z.string() });

/** Reads and writes the pause of one data directory. */
export class PauseFile {
  constructor(
    private readonly dataDir: string,
    private readonly logger: Logger,
  ) {}

  /** When the gateway was paused before it stopped, or undefined when it was not. */
  load(now: () => number): Date | undefined {
    let text: string;
    try {
      text = readFileSync(this.#path, 'utf8');
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      this.logger.warn(`Could not read ${FILE_NAME} (${String(error)}); tool calls stay paused.`);
      return new Date(now());
    }
    try {
      return new Date(PauseRecordSchema.parse(JSON.parse(text)).pausedSince);
    } catch {
      this.logger.warn(`${FILE_NAME} is damaged; tool calls stay paused until you resume them.`);
      return new Date(now());
    }
  }

  /** Records a pause, or removes the record on resume. Never throws: the pause itself holds. */
  save(pausedSince: Date | undefined, by: string): void {
    try {
      if (!pausedSince) {
        rmSync(this.#path, { force: true });
        return;
      }
      const temporary = `${this.#path}.${randomBytes(4).toString('hex')}.tmp`;
      writeFileSync(temporary, `${JSON.stringify({ pausedSince: pausedSince.toISOString(), by })}\n`, {
        mode: 0o600,
      });
      renameSync(temporary, this.#path);
    } catch (error: unknown) {
      this.logger.warn(
        `Could not record the pause in ${FILE_NAME} (${String(error)}); it lasts until a restart.`,
      );
    }
  }

  get #path(): string {
    return join(this.dataDir, FILE_NAME);
  }
}
