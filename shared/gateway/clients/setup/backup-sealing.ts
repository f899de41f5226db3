/**
 * Undo backups of client config files hold whatever those files held, plain-text keys included
 * (the very keys an import moves into the keychain). So they are sealed with AES-256-GCM under a
 * key kept in the keychain: a backup on disk is of no use without the keychain that guards the
 * moved secrets too. Without a keychain they stay owner-only plain files, as before.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { GatehouseError, describeError } from '../../errors.js';
import type { SecretStore } from '../../secrets/secret-store.js';

/** Seals and opens backup bytes. */
export interface BackupSealer {
  seal(bytes: Uint8Array): Buffer;
  /** @throws GatehouseError `nothing_to_undo` when the bytes were sealed under another key. */
  open(sealed: Uint8Array): Buffer;
}

/** The keychain account of the key; the "/" keeps it apart from the person's secret names. */
export const BACKUP_KEY_ACCOUNT = 'client-backups/key';

/** Marks sealed bytes, so plain backups from before (or without a keychain) still open. */
const MAGIC = Buffer.from('GHSEAL1\n', 'utf8');
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Whether `bytes` were sealed by a BackupSealer. */
export function isSealed(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, MAGIC.length)).equals(MAGIC);
}

/** AES-256-GCM with a fresh IV per backup. */
export function aesGcmSealer(key: Buffer): BackupSealer {
  if (key.length !== 32) throw new Error('a backup key is 32 bytes');
  return {
    seal(bytes) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(bytes), cipher.final()]);
      return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      const data = Buffer.from(sealed);
      const iv = data.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
      const tag = data.subarray(MAGIC.length + IV_BYTES, MAGIC.length + IV_BYTES + TAG_BYTES);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAuthTag(tag);
        return Buffer.concat([
          decipher.update(data.subarray(MAGIC.length + IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]);
      } catch {
        throw new GatehouseError(
          'nothing_to_undo',
          'This backup was sealed with a key the keychain no longer holds, so it cannot be restored.',
        );
      }
    },
  };
}

/**
 * The sealer over the keychain's backup key, made on first use; undefined when no keychain
 * answers (backups then stay plain, owner-only files).
 */
export async function loadBackupSealer(secrets: SecretStore): Promise<BackupSealer | undefined> {
  try {
    let stored = await secrets.get(BACKUP_KEY_ACCOUNT);
    if (stored === undefined) {
      stored = randomBytes(32).toString('base64');
      await secrets.set(BACKUP_KEY_ACCOUNT, stored);
    }
    return aesGcmSealer(Buffer.from(stored, 'base64'));
  } catch (error: unknown) {
    if (error instanceof GatehouseError && error.code === 'keychain_unavailable') return undefined;
    throw new GatehouseError('keychain_unavailable', `Cannot read the backup key: ${describeError(error)}`);
  }
}
