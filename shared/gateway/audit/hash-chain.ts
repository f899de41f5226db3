/**
 * The hash chain that makes the audit trail tamper-evident: each record's hash covers its stored
 * content and the previous record's hash, so changing, removing or reordering a record breaks
 * every link after it.
 *
 * Records written since keying began (see `AuditLog.useKey`) are linked with an HMAC whose key
 * lives in the OS keychain, not in the file: someone who can write the file but lacks the key can
 * no longer recompute the chain after an edit. Records from before keying keep their plain
 * SHA-256 links, which show edits made without that effort (a hand-edited row, a deleted line).
 */
import { createHmac, hash } from 'node:crypto';
import type { AuditVerifyReport, VerifyProblemKind } from '../../contracts/audit.js';

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

/** `sha256(canonical JSON of the content + prevHash)`, hex: the link before keying began. */
export function chainHash(contentJson: string, prevHash: string): string {
  return hash('sha256', contentJson + prevHash, 'hex');
}

/** `HMAC-SHA256(key, canonical JSON of the content + prevHash)`, hex: the link once keyed. */
export function chainMac(key: Buffer, contentJson: string, prevHash: string): string {
  return createHmac('sha256', key)
    .update(contentJson + prevHash)
    .digest('hex');
}

/** Where keyed links begin (records after `fromSeq`) and the key they were made with. */
export interface ChainKeying {
  readonly fromSeq: number;
  readonly key: Buffer;
}

/** The link a record at `seq` must carry: keyed after `keying.fromSeq`, plain before. */
export function linkHash(seq: number, contentJson: string, prevHash: string, keying?: ChainKeying): string {
  return keying && seq > keying.fromSeq
    ? chainMac(keying.key, contentJson, prevHash)
    : chainHash(contentJson, prevHash);
}

/** An HMAC over a labelled anchor (the keying checkpoint, an exported checkpoint), hex. */
export function anchorMac(key: Buffer, label: string, fields: readonly (string | number)[]): string {
  return createHmac('sha256', key)
    .update(`gatehouse-audit/${label}/${fields.join('/')}`)
    .digest('hex');
}

/**
 * Walks records in sequence order from `start` (the genesis, or the checkpoint retention left)
 * and reports the first one that was changed, removed, reordered, or rewritten without the key.
 * `head` is the last record the writer committed; it catches records removed from the end, where
 * no later link would break. With `keying`, records after `keying.fromSeq` must carry the HMAC.
 */
export function verifyChain(
  links: Iterable<ChainLink>,
  start: ChainAnchor,
  head: ChainAnchor | undefined,
  keying?: ChainKeying,
): AuditVerifyReport {
  let previous = start;
  let checked = 0;
  const bad = (seq: number, kind: VerifyProblemKind, problem: string): AuditVerifyReport => ({
    ok: false,
    checked,
    firstBad: { seq, kind, problem },
    fromSeq: start.seq,
  });
  const iterator = links[Symbol.iterator]();
  // An early return must close the iterator (a database cursor keeps its connection busy).
  try {
    let next = iterator.next();
    while (!next.done) {
      const link = next.value;
      next = iterator.next();
      if (link.seq <= previous.seq) {
        return bad(
          link.seq,
          'reordered',
          `Record ${link.seq} is out of order: it comes after record ${previous.seq}.`,
        );
      }
      if (link.seq > previous.seq + 1) {
        const missing = previous.seq + 1;
        const range =
          missing === link.seq - 1 ? `Record ${missing} is` : `Records ${missing}–${link.seq - 1} are`;
        return bad(missing, 'removed', `${range} missing: removed from the log.`);
      }
      if (link.prevHash !== previous.hash) {
        return bad(
          link.seq,
          'reordered',
          `Record ${link.seq} does not link to record ${previous.seq}: a record was replaced, inserted or reordered.`,
        );
      }
      if (linkHash(link.seq, link.contentJson, link.prevHash, keying) !== link.hash) {
        const following = next.done ? undefined : next.value;
        return keying && link.seq > keying.fromSeq
          ? keyedMismatch(link, following, head, keying, bad)
          : bad(
              link.seq,
              'changed',
              `Record ${link.seq} does not match its hash: it was changed, or moved from another position.`,
            );
      }
      if (link.problem !== undefined) return bad(link.seq, 'changed', link.problem);
      previous = { seq: link.seq, hash: link.hash };
      checked++;
    }
  } finally {
    iterator.return?.();
  }
  if (head && head.seq > previous.seq) {
    return bad(
      previous.seq + 1,
      'removed',
      `Records ${previous.seq + 1}–${head.seq} are missing from the end of the log.`,
    );
  }
  if (head && head.seq < previous.seq) {
    return bad(
      head.seq + 1,
      'added',
      `Records ${head.seq + 1}–${previous.seq} were added after the last record written.`,
    );
  }
  if (head && head.seq === previous.seq && head.hash !== previous.hash) {
    return bad(
      head.seq,
      'changed',
      `Record ${head.seq} is not the record that was written last: it was replaced.`,
    );
  }
  return { ok: true, checked, fromSeq: start.seq };
}

/**
 * A keyed record whose MAC does not match: either its content was edited and its link left as it
 * was ("changed"), or its link was recomputed, and the following ones with it, by someone without
 * the key ("rewritten"). The record after it tells which: it still links to the old hash and
 * verifies after a plain edit, while after a rewrite it links to the new hash and fails too.
 */
function keyedMismatch(
  link: ChainLink,
  following: ChainLink | undefined,
  head: ChainAnchor | undefined,
  keying: ChainKeying,
  bad: (seq: number, kind: VerifyProblemKind, problem: string) => AuditVerifyReport,
): AuditVerifyReport {
  const recomputed =
    link.hash === chainHash(link.contentJson, link.prevHash) ||
    (following !== undefined
      ? following.prevHash === link.hash &&
        linkHash(following.seq, following.contentJson, following.prevHash, keying) !== following.hash
      : head?.seq === link.seq && head.hash === link.hash);
  return recomputed
    ? bad(
        link.seq,
        'rewritten',
        `Record ${link.seq} was rewritten by someone without the audit key: it was changed and its link ` +
          'recomputed (with the records after it), but not with the key.',
      )
    : bad(
        link.seq,
        'changed',
        `Record ${link.seq} was changed after it was written: it does not match its MAC.`,
      );
}
