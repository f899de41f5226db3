/**
 * Opens the audit trail the gateway writes: the log at once, and its chain key from the keychain
 * in the background (made on first use; an existing unkeyed trail gets its keying checkpoint), so
 * a locked keychain never holds up the gateway's start.
 */
import { randomUUID } from 'node:crypto';
import { describeError } from '../errors.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { createAuditKey, findAuditKey } from './audit-key.js';
import { AuditLog, type AuditLogOptions } from './audit-log.js';

/** What `openAuditTrail` needs: the log's options and where keys live. */
export interface AuditTrailOptions extends AuditLogOptions {
  readonly secrets: SecretStore;
}

/** The opened log, and when its key is in place (or known to be unavailable). */
export interface OpenedAuditTrail {
  readonly log: AuditLog;
  /** Settles once keying is done or has failed (never rejects; a failure is in the log's health). */
  readonly keyed: Promise<void>;
}

/**
 * Opens `audit.db` and starts loading (or making) its key, so every record written links with an
 * HMAC. While the key of a keyed trail is on its way, records wait in memory; if it cannot be found,
 * writes fail with a sentence saying why and the audit health shows it: Gatehouse does not quietly
 * start a new chain on a trail it cannot key.
 * @throws GatehouseError `audit_unavailable` as `AuditLog.open`.
 */
export function openAuditTrail(options: AuditTrailOptions): OpenedAuditTrail {
  const log = AuditLog.open(options);
  log.holdUntilKeyed();
  return { log, keyed: attachKey(log, options) };
}

async function attachKey(log: AuditLog, options: AuditTrailOptions): Promise<void> {
  try {
    const trailId = log.trailId;
    if (trailId === undefined) {
      const fresh = randomUUID();
      log.useKey(await createAuditKey(options.secrets, options.dataDir, fresh, options.logger), fresh);
      return;
    }
    const found = await findAuditKey(options.secrets, options.dataDir, trailId, (key) => log.keyFits(key));
    if (found.key === undefined) {
      log.keyUnavailable(
        `${found.problem} Gatehouse keeps new records in memory and does not add them to a trail it cannot key: ` +
          `restore the key and restart Gatehouse, or move ${log.file} aside to start a new trail.`,
      );
      return;
    }
    log.useKey(found.key, trailId);
  } catch (error: unknown) {
    log.keyUnavailable(`The audit key could not be set up (${describeError(error)}).`);
  }
}
