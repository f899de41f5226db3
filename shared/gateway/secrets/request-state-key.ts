/**
 * The key that seals the `requestState` Gatehouse hands to 2026-era clients between the rounds of
 * a call that needs their input. It lives in the OS keychain; where no keychain answers, in a file
 * only the user can read beside the data, which the log says once.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { SecretStore } from './secret-store.js';

/** The keychain entry (Gatehouse's own entries contain a "/" and never collide with secret names). */
export const REQUEST_STATE_KEY_ACCOUNT = 'gatehouse/request-state-key';

/** The fallback file in the data directory. */
export const REQUEST_STATE_KEY_FILE = 'request-state.key';

const KEY_BYTES = 32;

/** Where the key came from, for status and messages. */
export type KeyHome = 'keychain' | 'file';

/** Reads the key, creating it on first use. Never throws for a missing keychain: falls back to the file. */
export async function loadRequestStateKey(
  store: SecretStore,
  dataDir: string,
  logger: Logger,
): Promise<{ readonly key: Uint8Array; readonly home: KeyHome }> {
  try {
    const stored = await store.get(REQUEST_STATE_KEY_ACCOUNT);
    const key = decodeKey(stored);
    if (key) return { key, home: 'keychain' };
    const created = randomBytes(KEY_BYTES);
    await store.set(REQUEST_STATE_KEY_ACCOUNT, created.toString('base64'));
    return { key: created, home: 'keychain' };
  } catch (error: unknown) {
    const path = join(dataDir, REQUEST_STATE_KEY_FILE);
    logger.warn(
      `The keychain did not answer (${describeError(error)}), so the key that seals requestState lives in ${path}, readable by this user only.`,
    );
    return { key: readOrCreateKeyFile(path), home: 'file' };
  }
}

function readOrCreateKeyFile(path: string): Uint8Array {
  try {
    const key = decodeKey(readFileSync(path, 'utf8').trim());
    if (key) return key;
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const created = randomBytes(KEY_BYTES);
  writeFileSync(path, `${created.toString('base64')}\n`, { mode: 0o600 });
  return created;
}

/** A stored key, or undefined when it is missing or too short to be one of ours. */
function decodeKey(text: string | undefined): Uint8Array | undefined {
  if (!text) return undefined;
  const key = Buffer.from(text, 'base64');
  return key.length >= KEY_BYTES ? key : undefined;
}
