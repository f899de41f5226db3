/**
 * Opens the audit trail the gateway writes: the log, and its chain key from the keychain (made on
 * first use, where an existing unkeyed trail gets its keying checkpoint).
 */
import { randomUUID } from 'node:crypto';
import { GatehouseError } from '../errors.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { createAuditKey, findAuditKey } from './audit-key.js';
import { AuditLog, type AuditLogOptions } from './audit-log.js';

/** What `openAuditTrail` needs: the log's options and where keys live. */
export interface AuditTrailOptions extends AuditLogOptions {
  readonly secrets: SecretStore;
}

/**
 * Opens `audit.db` and loads (or makes) its key, so every record written links with an HMAC.
 * @throws GatehouseError `audit_unavailable` as `AuditLog.open`; `audit_key_missing` or
 *   `audit_key_wrong` with a sentence when the trail is keyed and its key cannot be found: the
 *   gateway does not write a trail it cannot key, rather than quietly start a new chain.
 */
export async function openAuditTrail(options: AuditTrailOptions): Promise<AuditLog> {
  const log = AuditLog.open(options);
  try {
    const trailId = log.trailId;
    if (trailId === undefined) {
      const fresh = randomUUID();
      log.useKey(await createAuditKey(options.secrets, options.dataDir, fresh, options.logger), fresh);
      return log;
    }
    const found = await findAuditKey(options.secrets, options.dataDir, trailId, (key) => log.keyFits(key));
    if (found.key === undefined) {
      throw new GatehouseError(
        found.kind === 'key-wrong' ? 'audit_key_wrong' : 'audit_key_missing',
        `${found.problem} Gatehouse does not add records to a trail it cannot key: restore the key, or move ` +
          `${log.file} aside to start a new trail.`,
      );
    }
    log.useKey(found.key, trailId);
    return log;
  } catch (error: unknown) {
    log.close();
    throw error;
  }
}
