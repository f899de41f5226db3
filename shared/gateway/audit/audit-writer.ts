/**
 * Appends records to the chain: assigns sequence numbers, hashes, inserts, and moves the head,
 * all in one transaction per batch.
 */
import type Database from 'better-sqlite3';
import { AUDIT_COLUMNS, type AuditRow, type StoredContent } from './audit-row.js';
import type { AuditMeta } from './audit-schema.js';
import { GENESIS_HASH, type ChainAnchor, chainHash } from './hash-chain.js';

/** Writes batches of stored content as chained records. */
export class AuditWriter {
  readonly #write: (batch: readonly StoredContent[], dropped: number) => ChainAnchor;
  #head: ChainAnchor;

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
    this.#head = startingHead(db, meta);
    this.#write = db.transaction((batch: readonly StoredContent[], dropped: number) => {
      let head = this.#head;
      for (const content of batch) {
        const seq = head.seq + 1;
        const hash = chainHash({ seq, ...content }, head.hash);
        const row: AuditRow = { seq, ...content, prev_hash: head.hash, hash };
        insert.run(AUDIT_COLUMNS.map((column) => row[column]));
        index.run(seq, content.target, content.arguments);
        head = { seq, hash };
      }
      this.meta.setHead(head);
      this.meta.addDropped(dropped);
      return head;
    });
  }

  /** The last record written. */
  get head(): ChainAnchor {
    return this.#head;
  }

  /** Writes a batch atomically; the head moves only once the transaction has committed. */
  write(batch: readonly StoredContent[], dropped: number): void {
    this.#head = this.#write(batch, dropped);
  }
}

/**
 * Where the chain continues. The head in the meta table wins over the last row, so records
 * deleted from the end stay visible as a gap instead of being papered over by new ones; a row
 * past the head (someone inserted one) is never overwritten.
 */
function startingHead(db: Database.Database, meta: AuditMeta): ChainAnchor {
  const last = db
    .prepare<[], { seq: number; hash: string }>(
      'SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1',
    )
    .get();
  const head = meta.head();
  if (head && (!last || head.seq >= last.seq)) return head;
  return last ?? { seq: 0, hash: GENESIS_HASH };
}
