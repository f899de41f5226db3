/**
 * The undo history of client config changes: before Gatehouse writes a client's file it keeps the
 * exact original bytes under `<dataDir>/client-backups/<kind>/<timestamp>.bak`, and a small
 * journal beside them says what each change did, so it can be undone byte for byte.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigChangeActionSchema, type SetupClientKind } from '../../../contracts/client-setup.js';
import type { Clock } from '../../clock.js';
import { GatehouseError, describeError } from '../../errors.js';
import { isSealed, type BackupSealer } from './backup-sealing.js';
import { readBytes, writeAtomically } from './client-config-file.js';

/** Older changes than this many per client are forgotten, with their backups. */
const MAX_ENTRIES_PER_CLIENT = 20;

/** One change Gatehouse made to a client's file. */
const JournalEntrySchema = z.object({
  at: z.string(),
  action: ConfigChangeActionSchema,
  path: z.string(),
  /** The backup's file name beside the journal; null when the file did not exist before. */
  backup: z.string().nullable(),
  /** SHA-256 of the bytes Gatehouse wrote: when the file still matches, undo restores the backup. */
  written: z.string(),
  /** Each server entry the change touched, as it was before (null: there was none). */
  previous: z.record(z.string(), z.unknown()),
});

const JournalSchema = z.object({ entries: z.array(JournalEntrySchema) });

/** One remembered change, as the journal stores it. */
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

/** The key under which a journal entry's `previous` is kept sealed. */
const SEALED = '$sealed';

/** Backups and journal for every client, kept in the data folder. */
export class ClientBackups {
  constructor(
    private readonly dataDir: string,
    private readonly clock: Clock,
    /** Seals backups and the journal's old entries (which hold credentials); plain without one. */
    private readonly sealer?: BackupSealer,
  ) {}

  /** Saves the exact bytes of a file about to change (sealed when it can); returns the backup's path. */
  saveBackup(kind: SetupClientKind, plain: Uint8Array): string {
    const bytes = this.sealer ? this.sealer.seal(plain) : plain;
    const folder = this.#folder(kind);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    // Colons are not allowed in Windows file names.
    const stamp = new Date(this.clock.now()).toISOString().replace(/:/g, '-');
    let path = join(folder, `${stamp}.bak`);
    for (let n = 2; existsSync(path); n++) path = join(folder, `${stamp}-${n}.bak`);
    // The file may hold tokens and keys: only its owner may read the copy.
    writeFileSync(path, bytes, { mode: 0o600, flag: 'wx' });
    return path;
  }

  /** Records a change that has been written, forgetting the oldest beyond the limit. */
  append(kind: SetupClientKind, entry: Omit<JournalEntry, 'at'>): void {
    const previous = this.sealer
      ? { [SEALED]: this.sealer.seal(Buffer.from(JSON.stringify(entry.previous))).toString('base64') }
      : entry.previous;
    const entries = [
      ...this.#read(kind),
      { ...entry, previous, at: new Date(this.clock.now()).toISOString() },
    ];
    const forgotten = entries.splice(0, Math.max(0, entries.length - MAX_ENTRIES_PER_CLIENT));
    this.#write(kind, entries);
    for (const old of forgotten) this.#removeBackup(kind, old);
  }

  /** What the most recent change was and when, without opening its sealed part. */
  lastAction(kind: SetupClientKind): Pick<JournalEntry, 'action' | 'at'> | undefined {
    const entry = this.#read(kind).at(-1);
    return entry && { action: entry.action, at: entry.at };
  }

  /** The most recent change to `kind`'s file, if any is remembered. */
  last(kind: SetupClientKind): JournalEntry | undefined {
    const entry = this.#read(kind).at(-1);
    const sealed = entry?.previous[SEALED];
    if (entry === undefined || typeof sealed !== 'string') return entry;
    if (!this.sealer) throw this.#keyMissing(entry);
    const previous = JSON.parse(this.sealer.open(Buffer.from(sealed, 'base64')).toString('utf8')) as unknown;
    return { ...entry, previous: previous as JournalEntry['previous'] };
  }

  /** The original bytes saved for a change. */
  backupBytes(kind: SetupClientKind, entry: JournalEntry): Buffer {
    const bytes = entry.backup === null ? undefined : readBytes(join(this.#folder(kind), entry.backup));
    if (bytes === undefined) {
      throw new GatehouseError(
        'nothing_to_undo',
        `The backup of ${entry.path} made at ${entry.at} is missing from ${this.#folder(kind)}; it cannot be restored.`,
      );
    }
    if (!isSealed(bytes)) return bytes;
    if (!this.sealer) throw this.#keyMissing(entry);
    return this.sealer.open(bytes);
  }

  #keyMissing(entry: JournalEntry): GatehouseError {
    return new GatehouseError(
      'nothing_to_undo',
      `The backup of ${entry.path} made at ${entry.at} is sealed with a key kept in the keychain, ` +
        'which does not answer now. Unlock the keychain and try again.',
    );
  }

  /** Forgets the most recent change once it has been undone. */
  dropLast(kind: SetupClientKind): void {
    const entries = this.#read(kind);
    const undone = entries.pop();
    this.#write(kind, entries);
    if (undone) this.#removeBackup(kind, undone);
  }

  #folder(kind: SetupClientKind): string {
    return join(this.dataDir, 'client-backups', kind);
  }

  #journalPath(kind: SetupClientKind): string {
    return join(this.#folder(kind), 'journal.json');
  }

  #read(kind: SetupClientKind): JournalEntry[] {
    const path = this.#journalPath(kind);
    const bytes = readBytes(path);
    if (bytes === undefined) return [];
    try {
      return JournalSchema.parse(JSON.parse(bytes.toString('utf8'))).entries;
    } catch (error: unknown) {
      throw new GatehouseError(
        'nothing_to_undo',
        `The undo history in ${path} cannot be read (${describeError(error)}). The backups beside it ` +
          'still hold the original files; copy one back by hand if needed.',
      );
    }
  }

  #write(kind: SetupClientKind, entries: JournalEntry[]): void {
    mkdirSync(this.#folder(kind), { recursive: true, mode: 0o700 });
    writeAtomically(this.#journalPath(kind), Buffer.from(`${JSON.stringify({ entries }, null, 2)}\n`));
  }

  #removeBackup(kind: SetupClientKind, entry: JournalEntry): void {
    if (entry.backup !== null) rmSync(join(this.#folder(kind), entry.backup), { force: true });
  }
}
