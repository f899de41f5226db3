/**
 * Reading and writing a client's config file as bytes: atomic replacement that keeps the file's
 * permissions and follows a symlink (dotfile managers link these files) instead of replacing it.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { GatehouseError } from '../../errors.js';

/** Only the person who runs the client may read a file Gatehouse creates: it holds a token. */
const NEW_FILE_MODE = 0o600;

/** The file's bytes, or undefined when there is no such file. */
export function readBytes(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error: unknown) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/**
 * The bytes as text. A byte-order mark stays in the text so that writing it back keeps it.
 * @throws GatehouseError `client_config_invalid` when the file is not UTF-8 (Notepad's UTF-16).
 */
export function decodeText(path: string, bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new GatehouseError(
      'client_config_invalid',
      `${path} is not UTF-8 text. Save it as UTF-8 and try again; Gatehouse has not changed it.`,
    );
  }
}

/**
 * Replaces the file's content in one step: a crash leaves the old file or the new one, never half
 * of each. The new file keeps the old one's mode.
 */
export function writeAtomically(path: string, bytes: Uint8Array): void {
  const target = followLink(path);
  const mode = modeOf(target) ?? NEW_FILE_MODE;
  const temporary = join(
    dirname(target),
    `.${basename(target)}.gatehouse-${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    writeFileSync(temporary, bytes, { mode, flag: 'wx' });
    // The umask may have narrowed the mode given to writeFileSync.
    chmodSync(temporary, mode);
    renameSync(temporary, target);
  } catch (error: unknown) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Removes the file (the one a symlink points to stays; the link goes). */
export function removeFile(path: string): void {
  rmSync(path, { force: true });
}

/** SHA-256 of the bytes, or of "no file". */
export function fingerprint(bytes: Uint8Array | undefined): string {
  return bytes === undefined ? 'absent' : createHash('sha256').update(bytes).digest('hex');
}

/** The real file behind a symlink, so the link itself survives the rename. */
function followLink(path: string): string {
  try {
    return lstatSync(path).isSymbolicLink() ? realpathSync(path) : path;
  } catch (error: unknown) {
    if (isMissing(error)) return path;
    throw error;
  }
}

function modeOf(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o7777;
  } catch (error: unknown) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
