/**
 * Retention: deletes the oldest records, always a prefix of the chain, and moves the checkpoint
 * so what remains still verifies.
 */
import type Database from 'better-sqlite3';
import { GatehouseError } from '../errors.js';
import { type AuditRow, chainLinks } from './audit-row.js';
import { retentionMac } from './audit-keying.js';
import type { AuditMeta } from './audit-schema.js';
import { type ChainAnchor, type ChainKeying, type ChainLink, verifyChain } from './hash-chain.js';

/** How long and how many records to keep; either, both, or neither. */
export interface RetentionRule {
  readonly maxAgeDays?: number;
  readonly maxRecords?: number;
}

/** What a retention pass did. */
export interface RetentionResult {
  readonly deleted: number;
  /** Set when a record that does not verify stopped the pass: it is kept as evidence. */
  readonly keptFrom?: { seq: number; problem: string };
}

/** Rows deleted per transaction, so the WAL stays small and each step leaves a valid checkpoint. */
const CHUNK = 5_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes records older than `maxAgeDays` and beyond the newest `maxRecords`. Records are deleted
 * in write order up to the first one that is young enough, so a record is never kept while an
 * older-written one goes (the chain must stay a prefix-cut). The deleted records are verified
 * first: deleting stops before the first that was tampered with, so retention never destroys the
 * evidence. A keyed trail needs `keying` for that check: without it, retention stops at the
 * first keyed record.
 * @throws GatehouseError `audit_invalid` for a negative or non-numeric rule.
 */
export function applyRetention(
  db: Database.Database,
  meta: AuditMeta,
  rule: RetentionRule,
  now: number,
  keying?: ChainKeying,
): RetentionResult {
  let cutoff = Math.max(ageCutoff(db, rule.maxAgeDays, now), countCutoff(db, rule.maxRecords));
  const start = meta.checkpoint();
  if (cutoff <= start.seq) return { deleted: 0 };
  const report = verifyChain(linksUpTo(db, start.seq, cutoff), start, undefined, keying);
  const keptFrom = report.firstBad;
  if (keptFrom) cutoff = Math.min(cutoff, keptFrom.seq - 1);

  const lastIn = db.prepare<[number, number, number], { seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_records WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT 1 OFFSET ?',
  );
  const lastUpTo = db.prepare<[number, number], { seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_records WHERE seq > ? AND seq <= ? ORDER BY seq DESC LIMIT 1',
  );
  const remove = db.prepare<[number]>('DELETE FROM audit_records WHERE seq <= ?');
  let deleted = 0;
  const step = db.transaction((from: ChainAnchor): ChainAnchor | undefined => {
    const end = lastIn.get(from.seq, cutoff, CHUNK - 1) ?? lastUpTo.get(from.seq, cutoff);
    if (!end) return undefined;
    deleted += remove.run(end.seq).changes;
    meta.setCheckpoint(end, keying && end.seq > keying.fromSeq ? retentionMac(keying.key, end) : undefined);
    return end;
  });
  for (let from: ChainAnchor | undefined = start; from && from.seq < cutoff;) from = step(from);
  return keptFrom ? { deleted, keptFrom } : { deleted };
}

/** The last seq to delete by age: everything written before the first record young enough. */
function ageCutoff(db: Database.Database, maxAgeDays: number | undefined, now: number): number {
  if (maxAgeDays === undefined) return 0;
  check(maxAgeDays, 'maxAgeDays');
  const since = new Date(now - maxAgeDays * DAY_MS).toISOString();
  // `+time` keeps SQLite on the rowid order: the walk stops at the first young record.
  const firstKept = db
    .prepare<[string], { seq: number }>('SELECT seq FROM audit_records WHERE +time >= ? ORDER BY seq LIMIT 1')
    .get(since);
  if (firstKept) return firstKept.seq - 1;
  return db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM audit_records').get()?.seq ?? 0;
}

/** The last seq to delete by count. */
function countCutoff(db: Database.Database, maxRecords: number | undefined): number {
  if (maxRecords === undefined) return 0;
  check(maxRecords, 'maxRecords');
  const row = db
    .prepare<[number], { seq: number }>('SELECT seq FROM audit_records ORDER BY seq DESC LIMIT 1 OFFSET ?')
    .get(Math.floor(maxRecords));
  return row?.seq ?? 0;
}

function check(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new GatehouseError('audit_invalid', `The audit retention "${name}" must be zero or more.`);
  }
}

function linksUpTo(db: Database.Database, afterSeq: number, lastSeq: number): Iterable<ChainLink> {
  return chainLinks(
    db
      .prepare<[number, number], AuditRow>(
        'SELECT * FROM audit_records WHERE seq > ? AND seq <= ? ORDER BY seq',
      )
      .iterate(afterSeq, lastSeq),
  );
}
