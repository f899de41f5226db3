/**
 * Turns a time range into a range of sequence numbers, so "this client, last Tuesday, newest
 * first" walks one index over Tuesday's records instead of everything written since.
 *
 * Records are written in the order calls finish, so `time` (when a call arrived) is only roughly
 * increasing along the chain. Each row therefore also stores `max_time_ms`, the latest `time` up
 * to it, which never decreases, and the meta table keeps the largest lag ever seen between a
 * row's `max_time_ms` and its own `time`. Then, exactly:
 *   time >= from  implies  max_time_ms >= from
 *   time <  to    implies  max_time_ms <  to + maxLag
 * and both bounds are found by binary search over seq. A long-running call widens the range by
 * its lag, never makes it wrong.
 */
import type Database from 'better-sqlite3';
import type { AuditMeta } from './audit-schema.js';

/** An inclusive range of sequence numbers; either end may be open. */
export interface SeqRange {
  readonly min?: number;
  readonly max?: number;
}

/** Finds seq ranges for time ranges. */
export class SeqRanges {
  readonly #atOrAfter: Database.Statement<[number], { seq: number; max_time_ms: number }>;
  readonly #extent: Database.Statement<[], { first: number | null; last: number | null }>;

  constructor(
    db: Database.Database,
    private readonly meta: AuditMeta,
  ) {
    this.#atOrAfter = db.prepare(
      'SELECT seq, max_time_ms FROM audit_records WHERE seq >= ? ORDER BY seq LIMIT 1',
    );
    // Two subqueries: SQLite answers a lone min() or max() from the end of the index, but scans
    // the whole table for both in one select.
    this.#extent = db.prepare(
      'SELECT (SELECT min(seq) FROM audit_records) AS first, (SELECT max(seq) FROM audit_records) AS last',
    );
  }

  /** The seqs that can hold records with `from <= time < to` (ISO times, either optional). */
  forTimes(from: string | undefined, to: string | undefined): SeqRange {
    if (from === undefined && to === undefined) return {};
    const { first, last } = this.#extent.get() ?? { first: null, last: null };
    if (first === null || last === null) return {};
    // Nothing reaching `from` means no record is that recent: an empty range.
    const min =
      from === undefined ? undefined : (this.#firstReaching(Date.parse(from), first, last) ?? last + 1);
    const beyond =
      to === undefined ? undefined : this.#firstReaching(Date.parse(to) + this.meta.maxLagMs(), first, last);
    return { min, max: beyond === undefined ? undefined : beyond - 1 };
  }

  /** The smallest seq whose `max_time_ms` is at least `ms`, if any; seqs may have gaps. */
  #firstReaching(ms: number, first: number, last: number): number | undefined {
    let low = first;
    let high = last;
    let found: number | undefined;
    while (low <= high) {
      const middle = Math.floor((low + high) / 2);
      const row = this.#atOrAfter.get(middle);
      if (!row || row.seq > high) {
        high = middle - 1;
      } else if (row.max_time_ms >= ms) {
        found = row.seq;
        high = middle - 1;
      } else {
        low = row.seq + 1;
      }
    }
    return found;
  }
}
