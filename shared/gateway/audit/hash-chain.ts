/**
 * The hash chain that makes the audit trail tamper-evident: each record's hash covers its stored
 * content and the previous record's hash, so changing, removing or reordering a record breaks
 * every link after it. Someone who can write the file can still rewrite the whole chain; the
 * chain shows edits made without that effort (a hand-edited row, a deleted line).
 */
import { hash } from 'node:crypto';
import type { AuditVerifyReport } from '../../contracts/audit.js';

/** The `prevHash` of the first record ever written. */
export const GENESIS_HASH = '0'.repeat(64);

/** A stored scalar; records hold only these. */
export type ChainScalar = string | number | null;

/** A place in the chain: a record's sequence number and hash (seq 0 is the genesis). */
export interface ChainAnchor {
  readonly seq: number;
  readonly hash: string;
}

/** What the verifier needs of each stored record, in sequence order. */
export interface ChainLink {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
  /** The canonical JSON of the stored content the hash covers (see {@link canonicalJson}). */
  readonly contentJson: string;
  /** A problem the caller found in what the hash does not cover (a derived column). */
  readonly problem?: string;
}

/**
 * JSON with keys sorted and no spaces, so equal content always hashes alike. `keys` lists the
 * keys the hash covers, sorted; callers that hash many records of one shape pass it once.
 */
export function canonicalJson(
  content: Readonly<Record<string, ChainScalar>>,
  keys: readonly string[] = Object.keys(content).sort(),
): string {
  // The content is flat, so a replacer listing the keys fixes the whole output and its order.
  return JSON.stringify(content, keys as string[]);
}

/** `sha256(canonical JSON of the content + prevHash)`, hex. */
export function chainHash(contentJson: string, prevHash: string): string {
  return hash('sha256', contentJson + prevHash, 'hex');
}

/**
 * Walks records in sequence order from `start` (the genesis, or the checkpoint retention left)
 * and reports the first one that was changed, removed or reordered. `head` is the last record the
 * writer committed; it catches records removed from the end, where no later link would break.
 */
export function verifyChain(
  links: Iterable<ChainLink>,
  start: ChainAnchor,
  head: ChainAnchor | undefined,
): AuditVerifyReport {
  let previous = start;
  let checked = 0;
  const bad = (seq: number, problem: string): AuditVerifyReport => ({
    ok: false,
    checked,
    firstBad: { seq, problem },
    fromSeq: start.seq,
  });
  for (const link of links) {
    if (link.seq <= previous.seq) {
      return bad(link.seq, `Record ${link.seq} is out of order: it comes after record ${previous.seq}.`);
    }
    if (chainHash(link.contentJson, link.prevHash) !== link.hash) {
      return bad(
        link.seq,
        `Record ${link.seq} does not match its hash: it was changed, or moved from another position.`,
      );
    }
    if (link.seq > previous.seq + 1) {
      const missing = previous.seq + 1;
      const range =
        missing === link.seq - 1 ? `Record ${missing} is` : `Records ${missing}–${link.seq - 1} are`;
      return bad(missing, `${range} missing: removed from the log.`);
    }
    if (link.prevHash !== previous.hash) {
      return bad(
        link.seq,
        `Record ${link.seq} does not link to record ${previous.seq}: a record was replaced, inserted or reordered.`,
      );
    }
    if (link.problem !== undefined) return bad(link.seq, link.problem);
    previous = { seq: link.seq, hash: link.hash };
    checked++;
  }
  if (head && head.seq > previous.seq) {
    return bad(
      previous.seq + 1,
      `Records ${previous.seq + 1}–${head.seq} are missing from the end of the log.`,
    );
  }
  if (head && head.seq < previous.seq) {
    return bad(
      head.seq + 1,
      `Records ${head.seq + 1}–${previous.seq} were added after the last record written.`,
    );
  }
  if (head && head.seq === previous.seq && head.hash !== previous.hash) {
    return bad(head.seq, `Record ${head.seq} is not the record that was written last: it was replaced.`);
  }
  return { ok: true, checked, fromSeq: start.seq };
}
