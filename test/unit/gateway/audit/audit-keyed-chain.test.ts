/**
 * The keyed chain: records linked with an HMAC whose key is in the keychain (or a 600 key file),
 * so a change with the chain recomputed by someone without the key is caught and named.
 */
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AUDIT_KEY_FILE, auditKeyAccount, findAuditKey } from '../../../../shared/gateway/audit/audit-key.js';
import type { AuditLog } from '../../../../shared/gateway/audit/audit-log.js';
import { hashedContent, type AuditRow } from '../../../../shared/gateway/audit/audit-row.js';
import { chainHash, chainMac } from '../../../../shared/gateway/audit/hash-chain.js';
import { openAuditTrail } from '../../../../shared/gateway/audit/open-audit-trail.js';
import { MemorySecretStore } from '../../../../shared/gateway/secrets/memory-secret-store.js';
import type { SecretStore } from '../../../../shared/gateway/secrets/secret-store.js';
import { entry, fill, openLog, rawConnection, recordingLogger, tempDataDir } from './audit-test-kit.js';
import { unreachableKeychain } from '../../../fixtures/unreachable-keychain.js';

async function keyedTrail(secrets: SecretStore = new MemorySecretStore(), dataDir = tempDataDir()) {
  const { log, keyed } = openAuditTrail({
    dataDir,
    logger: recordingLogger(),
    secrets,
    flushIntervalMs: 60_000,
  });
  await keyed;
  return { log, secrets, dataDir };
}

/** Rewrites records from `fromSeq` on with `link` (what someone without the key can compute), head included. */
function rewriteFrom(
  db: Database.Database,
  fromSeq: number,
  edit: (row: AuditRow) => void,
  link: (content: string, prev: string) => string,
) {
  const rows = db.prepare<[], AuditRow>('SELECT * FROM audit_records ORDER BY seq').all();
  const update = db.prepare('UPDATE audit_records SET arguments = ?, prev_hash = ?, hash = ? WHERE seq = ?');
  let prev = rows.find((row) => row.seq === fromSeq - 1)?.hash ?? '0'.repeat(64);
  for (const row of rows.filter((r) => r.seq >= fromSeq)) {
    if (row.seq === fromSeq) edit(row);
    row.prev_hash = prev;
    row.hash = link(hashedContent(row), prev);
    update.run(row.arguments, row.prev_hash, row.hash, row.seq);
    prev = row.hash;
  }
  db.prepare("UPDATE audit_meta SET value = ? WHERE key = 'head_hash'").run(prev);
}

const lookUp = (log: AuditLog, secrets: SecretStore, dataDir: string) =>
  findAuditKey(secrets, dataDir, log.trailId!, (key) => log.keyFits(key));

describe('keyed audit chain', () => {
  it('keys a new trail from its first record and verifies, saying where the key is', async () => {
    const { log, secrets } = await keyedTrail();
    fill(log, 5);
    expect(log.verify()).toEqual({
      ok: true,
      checked: 5,
      fromSeq: 0,
      keyed: { fromSeq: 0, keyIn: 'keychain' },
    });
    expect(await secrets.get(auditKeyAccount(log.trailId!))).toBeTruthy();
    log.close();
  });

  it('catches a record changed with the chain recomputed without the key, and calls it a rewrite', async () => {
    const { log } = await keyedTrail();
    fill(log, 6);
    rewriteFrom(rawConnection(log), 3, (row) => (row.arguments = '{"path":"/innocent"}'), chainHash);
    expect(log.verify()).toMatchObject({
      ok: false,
      checked: 2,
      firstBad: {
        seq: 3,
        kind: 'rewritten',
        problem: expect.stringMatching(/rewritten by someone without the audit key/),
      },
    });
    log.close();
  });

  it('calls it a rewrite too when the links were recomputed with another key', async () => {
    const { log } = await keyedTrail();
    fill(log, 6);
    const guess = randomBytes(32);
    rewriteFrom(
      rawConnection(log),
      4,
      (row) => (row.arguments = '{}'),
      (content, prev) => chainMac(guess, content, prev),
    );
    expect(log.verify().firstBad).toMatchObject({ seq: 4, kind: 'rewritten' });
    log.close();
  });

  it('tells a changed record, a removed one and a reordered one apart', async () => {
    const { log } = await keyedTrail();
    fill(log, 8);
    const db = rawConnection(log);
    db.prepare("UPDATE audit_records SET target = 'other' WHERE seq = 2").run();
    expect(log.verify().firstBad).toMatchObject({ seq: 2, kind: 'changed' });
    db.prepare("UPDATE audit_records SET target = 'read_file' WHERE seq = 2").run();
    expect(log.verify()).toMatchObject({ ok: true });
    db.prepare('DELETE FROM audit_records WHERE seq = 5').run();
    expect(log.verify().firstBad).toMatchObject({ seq: 5, kind: 'removed' });
    db.prepare('DELETE FROM audit_records WHERE seq > 5').run();
    db.prepare("UPDATE audit_meta SET value = '4' WHERE key = 'head_seq'").run();
    db.prepare(
      "UPDATE audit_meta SET value = (SELECT hash FROM audit_records WHERE seq = 4) WHERE key = 'head_hash'",
    ).run();
    expect(log.verify()).toMatchObject({ ok: true, checked: 4 });
    // Swap records 3 and 4 (content and links move together, as a reorder would).
    db.exec(`UPDATE audit_records SET seq = -3 WHERE seq = 3; UPDATE audit_records SET seq = 3 WHERE seq = 4;
             UPDATE audit_records SET seq = 4 WHERE seq = -3;`);
    expect(log.verify().firstBad).toMatchObject({ seq: 3, kind: 'reordered' });
    log.close();
  });

  it('says plainly when the key is missing or wrong', async () => {
    const { log, secrets, dataDir } = await keyedTrail();
    fill(log, 3);
    const trailId = log.trailId!;
    log.close();
    const reopened = openLog({ dataDir });
    await secrets.set(auditKeyAccount(trailId), randomBytes(32).toString('base64'));
    const wrong = await lookUp(reopened, secrets, dataDir);
    expect(reopened.verify(wrong)).toMatchObject({
      ok: false,
      firstBad: {
        seq: 1,
        kind: 'key-wrong',
        problem: expect.stringMatching(
          /^The audit key found in the keychain is not the key this trail was written with/,
        ),
      },
    });
    await secrets.delete(auditKeyAccount(trailId));
    const missing = await lookUp(reopened, secrets, dataDir);
    expect(reopened.verify(missing)).toMatchObject({
      ok: false,
      firstBad: {
        kind: 'key-missing',
        problem: expect.stringMatching(
          /^The audit key for this trail is missing: it is neither in the keychain/,
        ),
      },
      keyed: { fromSeq: 0, keyIn: 'not-found' },
    });
    const unreachable = await lookUp(reopened, unreachableKeychain, dataDir);
    expect(reopened.verify(unreachable).firstBad!.problem).toMatch(
      /could not be read from the keychain \(No keychain is reachable\.\)/,
    );
    // The gateway does not write to a trail it cannot key: records wait in memory, and the health says why.
    reopened.close();
    const { log: unkeyed } = await keyedTrail(secrets, dataDir);
    unkeyed.append(entry());
    expect(() => unkeyed.flush()).toThrow(
      /could not write 1 records \(The audit key for this trail is missing/,
    );
    expect(unkeyed.health()).toMatchObject({ state: 'behind', backlog: { records: 1 } });
    expect(unkeyed.health().message).toMatch(/cannot be written \(The audit key for this trail is missing/);
    unkeyed.close();
  });

  it('continues a trail from before keying with a checkpoint where keying began', async () => {
    const dataDir = tempDataDir();
    const old = openLog({ dataDir });
    fill(old, 5);
    old.close();
    const { log } = await keyedTrail(new MemorySecretStore(), dataDir);
    fill(log, 3);
    expect(log.verify()).toEqual({
      ok: true,
      checked: 8,
      fromSeq: 0,
      keyed: { fromSeq: 5, keyIn: 'keychain' },
    });
    const db = rawConnection(log);
    // After the checkpoint, a rewrite without the key is caught.
    rewriteFrom(db, 7, (row) => (row.arguments = '{}'), chainHash);
    expect(log.verify().firstBad).toMatchObject({ seq: 7, kind: 'rewritten' });
    log.close();
  });

  it('catches the keying checkpoint removed to pass keyed records off as plain ones', async () => {
    const { log } = await keyedTrail();
    fill(log, 4);
    const db = rawConnection(log);
    rewriteFrom(db, 1, () => {}, chainHash);
    db.exec("DELETE FROM audit_meta WHERE key LIKE 'keyed_from_%'");
    expect(log.verify().firstBad).toMatchObject({
      kind: 'rewritten',
      problem: expect.stringMatching(/keyed links begin was removed/),
    });
    log.close();
  });

  it('keeps the key in a 600 file beside the data when no keychain answers, and says so', async () => {
    const { log, dataDir } = await keyedTrail(unreachableKeychain);
    fill(log, 2);
    const file = join(dataDir, AUDIT_KEY_FILE);
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(log.verify()).toMatchObject({ ok: true, keyed: { keyIn: 'file', keyFile: file } });
    log.close();
    // The next start finds it again.
    const { log: again } = await keyedTrail(unreachableKeychain, dataDir);
    fill(again, 1);
    expect(again.verify()).toMatchObject({ ok: true, checked: 3 });
    again.close();
  });

  it('exports a signed checkpoint that later shows a rewrite or a cut', async () => {
    const { log } = await keyedTrail();
    fill(log, 5);
    const checkpoint = log.signedCheckpoint();
    expect(checkpoint).toMatchObject({ seq: 5, records: 5, trailId: log.trailId });
    fill(log, 2);
    expect(log.checkCheckpoint(checkpoint)).toBeUndefined();
    expect(log.checkCheckpoint({ ...checkpoint, records: 4 })).toMatch(/not signed with this trail's key/);
    rewriteFrom(rawConnection(log), 2, (row) => (row.arguments = '{}'), chainHash);
    expect(log.checkCheckpoint(checkpoint)).toMatch(/Record 5 is not the record the checkpoint names/);
    log.close();
  });

  it('tells retention, which signs its checkpoint, from records removed by hand and the checkpoint moved', async () => {
    const { log } = await keyedTrail();
    fill(log, 10);
    expect(log.applyRetention({ maxRecords: 6 })).toBe(4);
    expect(log.verify()).toMatchObject({ ok: true, checked: 6, fromSeq: 4 });
    const db = rawConnection(log);
    db.prepare('DELETE FROM audit_records WHERE seq <= 6').run();
    db.prepare("UPDATE audit_meta SET value = '6' WHERE key = 'checkpoint_seq'").run();
    db.prepare(
      "UPDATE audit_meta SET value = (SELECT prev_hash FROM audit_records WHERE seq = 7) WHERE key = 'checkpoint_hash'",
    ).run();
    expect(log.verify()).toMatchObject({
      ok: false,
      firstBad: { seq: 6, kind: 'removed', problem: expect.stringMatching(/not set by audit retention/) },
    });
    log.close();
  });
});
