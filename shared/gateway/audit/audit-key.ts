/**
 * The audit chain's key: 32 random bytes kept in the OS keychain under the trail's id, or, when no
 * keychain answers, in `audit.key` beside the data (mode 600), which `audit verify` says plainly.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatehouseError, describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { PRIVATE_FILE_MODE } from '../config/private-files.js';
import type { SecretStore } from '../secrets/secret-store.js';

/** The fallback key file's name in the data directory. */
export const AUDIT_KEY_FILE = 'audit.key';

/** A chain key and where it was found. */
export interface AuditKey {
  readonly bytes: Buffer;
  readonly keyIn: 'keychain' | 'file';
  /** The key file, when `keyIn` is `file`. */
  readonly file?: string;
}

/** What looking for a key found: the key, or a sentence saying why there is none. */
export type KeyLookup =
  | { readonly key: AuditKey }
  | { readonly key?: undefined; readonly kind: 'key-missing' | 'key-wrong'; readonly problem: string };

/** The keychain account of a trail's key; the "/" keeps it apart from the person's secret names. */
export function auditKeyAccount(trailId: string): string {
  return `audit-key/${trailId}`;
}

/**
 * Finds a trail's key: in the keychain, else in the key file beside the data (made only where the
 * keychain did not answer). `fits` tells the trail's key from another (see `AuditLog.keyFits`).
 */
export async function findAuditKey(
  secrets: SecretStore,
  dataDir: string,
  trailId: string,
  fits: (key: Buffer) => boolean,
): Promise<KeyLookup> {
  const file = join(dataDir, AUDIT_KEY_FILE);
  let keychainProblem: string | undefined;
  const found: AuditKey[] = [];
  try {
    const stored = await secrets.get(auditKeyAccount(trailId));
    if (stored) found.push({ bytes: Buffer.from(stored, 'base64'), keyIn: 'keychain' });
  } catch (error: unknown) {
    keychainProblem = describeError(error);
  }
  const fromFile = readKeyFile(file);
  if (fromFile) found.push({ bytes: fromFile, keyIn: 'file', file });
  const key = found.find((candidate) => fits(candidate.bytes));
  if (key) return { key };
  if (found.length > 0) {
    return {
      kind: 'key-wrong',
      problem:
        `The audit key found in ${found.map(describeKeyPlace).join(' and ')} is not the key this trail was written ` +
        'with, or the record of where keying began was changed: records written since cannot be checked.',
    };
  }
  return {
    kind: 'key-missing',
    problem: keychainProblem
      ? `The audit key could not be read from the keychain (${keychainProblem}), and there is no ${file}. ` +
        'Unlock the keychain and try again.'
      : `The audit key for this trail is missing: it is neither in the keychain (entry ` +
        `${auditKeyAccount(trailId)}) nor in ${file}. Records written since keying began cannot be checked without it.`,
  };
}

/** Where a key was found, for sentences. */
export function describeKeyPlace(key: AuditKey): string {
  return key.keyIn === 'keychain' ? 'the keychain' : `the file ${key.file ?? AUDIT_KEY_FILE}`;
}

/**
 * Makes a new key for a trail: in the keychain, or, when no keychain answers, in the key file
 * (mode 600; an existing one is reused), saying so in the log.
 */
export async function createAuditKey(
  secrets: SecretStore,
  dataDir: string,
  trailId: string,
  logger: Logger,
): Promise<AuditKey> {
  const bytes = randomBytes(32);
  try {
    await secrets.set(auditKeyAccount(trailId), bytes.toString('base64'));
    return { bytes, keyIn: 'keychain' };
  } catch (error: unknown) {
    const file = join(dataDir, AUDIT_KEY_FILE);
    const existing = readKeyFile(file);
    if (!existing)
      writeFileSync(file, `${bytes.toString('base64')}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    logger.warn(
      `The keychain did not answer (${describeError(error)}), so the audit chain's key is kept in ${file}, ` +
        'readable only by you. Anyone who can read that file can also rewrite the trail undetected.',
    );
    return { bytes: existing ?? bytes, keyIn: 'file', file };
  }
}

function readKeyFile(file: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const bytes = Buffer.from(text.trim(), 'base64');
  if (bytes.length < 32) {
    throw new GatehouseError(
      'audit_key_invalid',
      `${file} does not hold an audit key (32 bytes, base64). Restore it from a backup, or move it aside.`,
    );
  }
  return bytes;
}
