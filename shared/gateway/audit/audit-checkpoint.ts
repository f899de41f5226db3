/**
 * Signed checkpoints: the trail's head (seq, hash), how many records it holds and when, with an
 * HMAC under the trail's key, exported on demand so a person or a team can keep it elsewhere (a
 * ticket, a chat, a repository). Later, `audit verify --checkpoint` shows the trail still holds
 * that record with that hash: whoever cuts or rewrites the trail cannot also change copies kept
 * out of their reach.
 */
import { z } from 'zod';
import { anchorMac } from './hash-chain.js';

/** An exported checkpoint, as written to a file. */
export const SignedCheckpointSchema = z.strictObject({
  trailId: z.string(),
  seq: z.number().int().min(0),
  hash: z.string(),
  records: z.number().int().min(0),
  time: z.string(),
  mac: z.string(),
});

/** An exported checkpoint. */
export type SignedCheckpoint = z.infer<typeof SignedCheckpointSchema>;

/** Signs a checkpoint's fields with the trail's key. */
export function signCheckpoint(key: Buffer, fields: Omit<SignedCheckpoint, 'mac'>): SignedCheckpoint {
  return { ...fields, mac: checkpointMac(key, fields) };
}

/** Whether `checkpoint` was signed with `key`. */
export function checkpointSigned(key: Buffer, checkpoint: SignedCheckpoint): boolean {
  return checkpointMac(key, checkpoint) === checkpoint.mac;
}

function checkpointMac(key: Buffer, fields: Omit<SignedCheckpoint, 'mac'>): string {
  return anchorMac(key, 'checkpoint', [fields.trailId, fields.seq, fields.hash, fields.records, fields.time]);
}
