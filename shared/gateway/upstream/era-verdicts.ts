/**
 * `protocol-eras.json` in the data directory: the era each server was found to speak, so a
 * restart does not probe every server again (basic/versioning: clients "MAY persist it across
 * restarts of the same server configuration"). A verdict belongs to the entry it was found for:
 * changing how the server is started or reached makes it ask again. The file holds no secrets
 * (the entry's `${secret:…}` references are hashed, never their values) and is private anyway.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ServerConfig } from '../../contracts/config.js';
import type { EraVerdict } from './era-probe.js';

const FILE_NAME = 'protocol-eras.json';

const StoredVerdictSchema = z.object({
  /** Which entry it was found for (a hash of how the server is started or reached). */
  entry: z.string(),
  era: z.enum(['modern', 'legacy']),
  /** The server's discover answer, for a 2026 server. */
  discover: z.looseObject({}).optional(),
  /** When it was found, in ms since the epoch. */
  at: z.number(),
});

const VerdictFileSchema = z.record(z.string(), StoredVerdictSchema);

type VerdictFile = z.infer<typeof VerdictFileSchema>;

/** A remembered verdict and when it was found. */
export interface DatedVerdict {
  readonly verdict: EraVerdict;
  readonly at: number;
}

/** Where verdicts outlive the process. */
export interface EraVerdictStore {
  read(server: string, entry: ServerConfig): DatedVerdict | undefined;
  write(server: string, entry: ServerConfig, verdict: DatedVerdict): void;
  forget(server: string): void;
}

/** The verdicts in the data directory. A damaged or missing file is an empty one: it is only a cache. */
export class EraVerdictFile implements EraVerdictStore {
  readonly #path: string;

  constructor(dataDir: string) {
    this.#path = join(dataDir, FILE_NAME);
  }

  read(server: string, entry: ServerConfig): DatedVerdict | undefined {
    const stored = this.#load()[server];
    if (!stored || stored.entry !== entryKey(entry)) return undefined;
    const verdict: EraVerdict =
      stored.era === 'modern' ? { era: 'modern', discover: stored.discover as never } : { era: 'legacy' };
    return { verdict, at: stored.at };
  }

  write(server: string, entry: ServerConfig, { verdict, at }: DatedVerdict): void {
    const file = this.#load();
    file[server] = {
      entry: entryKey(entry),
      era: verdict.era,
      ...(verdict.era === 'modern' && verdict.discover
        ? { discover: verdict.discover as Record<string, unknown> }
        : {}),
      at,
    };
    this.#save(file);
  }

  forget(server: string): void {
    const file = this.#load();
    if (!(server in file)) return;
    delete file[server];
    this.#save(file);
  }

  #load(): VerdictFile {
    try {
      const parsed = VerdictFileSchema.safeParse(JSON.parse(readFileSync(this.#path, 'utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  #save(file: VerdictFile): void {
    const temporary = `${this.#path}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, this.#path);
    } catch {
      // A cache that cannot be written only means the next start probes again.
    }
  }
}

/** How an entry starts or reaches its server, hashed: what a verdict depends on. */
function entryKey(entry: ServerConfig): string {
  const { command, args, cwd, env, url, type, headers, protocol } = entry as Record<string, unknown>;
  const identity = JSON.stringify({ command, args, cwd, env, url, type, headers, protocol });
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}
