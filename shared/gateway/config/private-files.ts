/**
 * Keeps the data directory private to the person: the folder 700 and every file in it 600. The
 * audit trail holds the arguments of every tool call and the other files hold tokens, so another
 * account on the same machine must not be able to read any of it.
 */
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Owner read/write/search only, for folders. */
export const PRIVATE_DIR_MODE = 0o700;
/** Owner read/write only, for files. */
export const PRIVATE_FILE_MODE = 0o600;

/** What making the data directory private changed. */
export interface PrivacyReport {
  /** Paths whose mode had to be narrowed (an install from before, or files copied in). */
  readonly tightened: readonly string[];
}

/**
 * Creates the data directory (and missing parents) with mode 700, then narrows the folder and
 * everything in it that others can read or write: folders to 700, files to 600. Symbolic links
 * are left alone (their target may be the person's own file elsewhere). A no-op on Windows, where
 * the folder under the profile is private already and modes mean little.
 */
export function makeDataDirPrivate(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): PrivacyReport {
  // The XDG base directory rules: a missing folder is created 0700; mkdir applies the umask, which
  // only ever removes bits, so 022 and 002 both leave 0700.
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (platform === 'win32') return { tightened: [] };
  const tightened: string[] = [];
  tighten(dataDir, tightened);
  return { tightened };
}

/** The sentence a person reads when `makeDataDirPrivate` had to narrow modes; undefined when not. */
export function describePrivacyReport(dataDir: string, report: PrivacyReport): string | undefined {
  const count = report.tightened.length;
  if (count === 0) return undefined;
  return (
    `Gatehouse made its data folder ${dataDir} private: ${count} ${count === 1 ? 'item' : 'items'} ` +
    'other accounts on this computer could read (the audit trail among them) are now readable only by you.'
  );
}

/**
 * Creates `path` as an empty file with mode 600 if it does not exist, so a library that creates it
 * later (SQLite, which gives its -wal and -shm files the database's mode) never makes it readable
 * by others, whatever the umask.
 */
export function createPrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
}

function tighten(path: string, tightened: string[]): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if ((stat.mode & 0o077) !== 0) {
    // Owner bits stay as they were (a file made read-only stays so); a folder keeps search.
    chmodSync(path, stat.isDirectory() ? PRIVATE_DIR_MODE : stat.mode & 0o700);
    tightened.push(path);
  }
  if (stat.isDirectory()) {
    for (const name of readdirSync(path)) tighten(join(path, name), tightened);
  }
}
