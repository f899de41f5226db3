/**
 * Where a trail's keyed links begin, and what verification says before it walks the chain: the
 * key missing, the wrong key, or a keying checkpoint someone removed.
 */
import type { AuditVerifyReport } from '../../contracts/audit.js';
import type { AuditKey, KeyLookup } from './audit-key.js';
import type { KeyingCheckpoint } from './audit-schema.js';
import { type ChainAnchor, type ChainKeying, anchorMac } from './hash-chain.js';

/** The HMAC that binds the keying checkpoint to the trail and the key. */
export function keyingMac(key: Buffer, trailId: string, anchor: ChainAnchor): string {
  return anchorMac(key, 'keyed-from', [trailId, anchor.seq, anchor.hash]);
}

/** The HMAC over retention's checkpoint of a keyed trail (see `AuditMeta.setCheckpoint`). */
export function retentionMac(key: Buffer, anchor: ChainAnchor): string {
  return anchorMac(key, 'retention-checkpoint', [anchor.seq, anchor.hash]);
}

/** Whether `key` is the one the trail was keyed with (it reproduces the checkpoint's HMAC). */
export function keyFits(key: Buffer, trailId: string, keying: KeyingCheckpoint): boolean {
  return keyingMac(key, trailId, keying) === keying.mac;
}

/** What verification walks with, or the report it gives without walking. */
export type VerifyPlan =
  | { readonly walk: true; readonly keying?: ChainKeying; readonly keyed?: AuditVerifyReport['keyed'] }
  | { readonly walk: false; readonly report: AuditVerifyReport };

/**
 * Decides how to verify a trail: `trailId` and `keying` as the meta table holds them, `lookup`
 * what the key search found (undefined when nobody looked: a trail that was never keyed).
 */
export function planVerification(
  trailId: string | undefined,
  keying: KeyingCheckpoint | undefined,
  lookup: KeyLookup | undefined,
  start: ChainAnchor & { readonly mac?: string | undefined },
): VerifyPlan {
  const fromSeq = start.seq;
  const failed = (
    seq: number,
    kind: 'key-missing' | 'key-wrong' | 'rewritten' | 'removed',
    problem: string,
    keyed?: AuditVerifyReport['keyed'],
  ): VerifyPlan => ({
    walk: false,
    report: { ok: false, checked: 0, fromSeq, firstBad: { seq, kind, problem }, ...(keyed ? { keyed } : {}) },
  });
  if (trailId === undefined && keying === undefined) return { walk: true };
  if (trailId === undefined || keying === undefined) {
    // The id and the checkpoint are written together; one without the other was removed by hand.
    return failed(
      keying?.seq ?? 0,
      'rewritten',
      'The record of where keyed links begin was removed from the trail, so keyed records could pass as plain ones: ' +
        'the trail was rewritten by someone without the audit key.',
    );
  }
  const keyedFrom = keying.seq;
  if (!lookup || lookup.key === undefined) {
    return failed(
      keyedFrom + 1,
      lookup?.kind ?? 'key-missing',
      lookup?.problem ?? 'The audit key is not loaded; records written since keying began cannot be checked.',
      { fromSeq: keyedFrom, keyIn: 'not-found' },
    );
  }
  const keyed = keyedReport(keyedFrom, lookup.key);
  // Retention past the keying checkpoint leaves an HMAC: without it, records before the
  // checkpoint were removed by hand and the checkpoint moved to hide it.
  if (start.seq > keyedFrom && start.mac !== retentionMac(lookup.key.bytes, start)) {
    return failed(
      start.seq,
      'removed',
      `The verification checkpoint at record ${start.seq} was not set by audit retention: records before it ` +
        'were removed by someone without the audit key.',
      keyed,
    );
  }
  return { walk: true, keying: { fromSeq: keyedFrom, key: lookup.key.bytes }, keyed };
}

function keyedReport(fromSeq: number, key: AuditKey): AuditVerifyReport['keyed'] {
  return { fromSeq, keyIn: key.keyIn, ...(key.file ? { keyFile: key.file } : {}) };
}
