/**
 * Appends records to the chain: assigns sequence numbers, hashes, inserts, and moves the head,
 * all in one transaction per batch.
 */
import type Database from 'better-sqlite3';
import { AUDIT_COLUMNS, type AuditRow, type StoredContent, hashedContent } from './audit-row.js';
import type { AuditMeta } from './audit-schema.js';
import { GatehouseError } from '../errors.js';
import { GENESIS_HASH, type ChainAnchor, chainHash, chainMac } from './hash-chain.js';

/**
 * Writes batches of stored content as chained records. The chain's position is read inside each
 * write transaction, which takes the write lock first (BEGIN IMMEDIATE), so a second process
 * writing the same file (a CLI next to a running gateway) continues the chain instead of forking it.
 */
export class AuditWriter {
  readonly #write: (batch: readonly StoredContent[]) => ChainAnchor;
  #key: Buffer | undefined;
  #noKeyReason = 'The audit key is not loaded yet, so records cannot be chained.';
  readonly #last: Database.Statement<[], { seq: number; hash: string; max_time_ms: number }>;

  constructor(
    db: Database.Database,
    private readonly meta: AuditMeta,
  ) {
    const insert = db.prepare<unknown[]>(
      `INSERT INTO audit_records (${AUDIT_COLUMNS.join(', ')}) VALUES (${AUDIT_COLUMNS.map(() => '?').join(', ')})`,
    );
    // The writer feeds the full-text index itself: an AFTER INSERT trigger doing the same costs
    // about twice as much per row. Deletes and updates, which are rare, go through triggers.
    const index = db.prepare<[number, string | null, string | null]>(
      'INSERT INTO audit_fts (rowid, target, arguments) VALUES (?, ?, ?)',
    );
    const last = (this.#last = db.prepare<[], { seq: number; hash: string; max_time_ms: number }>(
      'SELECT seq, hash, max_time_ms FROM audit_records ORDER BY seq DESC LIMIT 1',
    ));
    const write = db.transaction((batch: readonly StoredContent[]): ChainAnchor => {
      const key = this.#key;
      // A keyed trail never gets a plain link: without the key, the batch waits.
      if (!key && meta.keying()) {
        throw new GatehouseError('audit_key_missing', this.#noKeyReason);
      }
      let { head, maxTimeMs, maxLagMs } = currentState(last.get(), meta);
      const lagBefore = maxLagMs;
      for (const content of batch) {
        const seq = head.seq + 1;
        const timeMs = Date.parse(content.time);
        maxTimeMs = Math.max(maxTimeMs, timeMs);
        maxLagMs = Math.max(maxLagMs, maxTimeMs - timeMs);
        const row: AuditRow = { seq, ...content, max_time_ms: maxTimeMs, prev_hash: head.hash, hash: '' };
        const hashed = hashedContent(row);
        row.hash = key ? chainMac(key, hashed, head.hash) : chainHash(hashed, head.hash);
        insert.run(AUDIT_COLUMNS.map((column) => row[column]));
        index.run(seq, content.target, content.arguments);
        head = { seq, hash: row.hash };
      }
      this.meta.setHead(head);
      if (maxLagMs > lagBefore) this.meta.setMaxLagMs(maxLagMs);
      return head;
    });
    this.#write = write.immediate;
  }

  /** Links every later record with an HMAC under this key (see `AuditLog.useKey`). */
  useKey(key: Buffer): void {
    this.#key = key;
  }

  /** Why there is no key, for the error a write of a keyed trail fails with until one comes. */
  noKey(reason: string): void {
    this.#noKeyReason = reason;
  }

  /** The chain's position now, as the next write would continue it. */
  head(): ChainAnchor {
    return currentState(this.#last.get(), this.meta).head;
  }

  /** Writes a batch atomically; returns the new head. */
  write(batch: readonly StoredContent[]): ChainAnchor {
    return this.#write(batch);
  }
}

/** The writer's position: the chain's head, and what time-to-seq translation needs. */
interface WriterState {
  readonly head: ChainAnchor;
  readonly maxTimeMs: number;
  readonly maxLagMs: number;
}

/**
 * Where the chain continues. The head in the meta table wins over the last row, so records
 * deleted from the end stay visible as a gap instead of being papered over by new ones; a row
 * past the head (someone inserted one) is never overwritten.
 */
function currentState(
  last: { seq: number; hash: string; max_time_ms: number } | undefined,
  meta: AuditMeta,
): WriterState {
  const recorded = meta.head();
  const head =
    recorded && (!last || recorded.seq >= last.seq)
      ? recorded
      : last
        ? { seq: last.seq, hash: last.hash }
        : { seq: 0, hash: GENESIS_HASH };
  return { head, maxTimeMs: last?.max_time_ms ?? 0, maxLagMs: meta.maxLagMs() };
}
