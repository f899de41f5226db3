/**
 * The audit chain's key in the real OS keychain: made on first use, found again by the CLI, and
 * what `gatehouse audit verify` says about a rewrite without the key, a missing key, and a key
 * kept in a file where no keychain answered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditKeyAccount } from '../../shared/gateway/audit/audit-key.js';
import { hashedContent, type AuditRow } from '../../shared/gateway/audit/audit-row.js';
import { chainHash } from '../../shared/gateway/audit/hash-chain.js';
import { openAuditTrail } from '../../shared/gateway/audit/open-audit-trail.js';
import { silentLogger } from '../../shared/gateway/logger.js';
import { KeytarSecretStore } from '../../shared/gateway/secrets/keytar-secret-store.js';
import type { SecretStore } from '../../shared/gateway/secrets/secret-store.js';
import { runCli } from '../integration/harness.js';
import { isolatedKeychainService, requireKeychain } from './keychain-session.js';
import { unreachableKeychain } from '../fixtures/unreachable-keychain.js';

const service = isolatedKeychainService();
const store = new KeytarSecretStore({ service });
const dirs: string[] = [];

beforeAll(async () => {
  await requireKeychain(store);
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A trail of `count` records written with its key from `secrets`; returns its data directory. */
async function writeTrail(
  secrets: SecretStore,
  count: number,
): Promise<{ dataDir: string; trailId: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-audit-key-'));
  dirs.push(dataDir);
  const { log, keyed } = openAuditTrail({ dataDir, logger: silentLogger, secrets });
  await keyed;
  for (let i = 0; i < count; i++) {
    log.append({
      time: new Date().toISOString(),
      client: 'c',
      sessionId: 's',
      method: 'tools/call',
      target: `t${i}`,
      outcome: 'ok',
      durationMs: 1,
    });
  }
  const trailId = log.trailId!;
  log.close();
  return { dataDir, trailId };
}

describe('the audit key in the keychain', () => {
  it('is made on first use, and the CLI verifies with it and says where it is', async () => {
    const { dataDir, trailId } = await writeTrail(store, 4);
    expect(await store.get(auditKeyAccount(trailId))).toBeTruthy();
    const verified = await runCli(dataDir, 'audit', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(
      /^The audit trail is intact: 4 records verified\.\nRecords after 0 are keyed; the key is in the OS keychain\./,
    );
  });

  it('names a record changed with the chain recomputed without the key', async () => {
    const { dataDir } = await writeTrail(store, 5);
    const db = new Database(join(dataDir, 'audit.db'));
    const rows = db.prepare<[], AuditRow>('SELECT * FROM audit_records ORDER BY seq').all();
    let prev = rows[1]!.hash;
    for (const row of rows.slice(2)) {
      if (row.seq === 3) row.target = 'something else';
      row.prev_hash = prev;
      row.hash = chainHash(hashedContent(row), prev);
      db.prepare('UPDATE audit_records SET target = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(
        row.target,
        row.prev_hash,
        row.hash,
        row.seq,
      );
      prev = row.hash;
    }
    db.prepare("UPDATE audit_meta SET value = ? WHERE key = 'head_hash'").run(prev);
    db.close();
    const verified = await runCli(dataDir, 'audit', 'verify');
    expect(verified.code).toBe(2);
    expect(verified.stdout).toMatch(
      /^The audit trail was tampered with\. Record 3 was rewritten by someone without the audit key/,
    );
  });

  it('says plainly when the key is missing, and exports and checks a signed checkpoint while it is there', async () => {
    const { dataDir, trailId } = await writeTrail(store, 3);
    const checkpointFile = join(dataDir, 'checkpoint.json');
    expect((await runCli(dataDir, 'audit', 'checkpoint', '--out', checkpointFile)).code).toBe(0);
    const checked = await runCli(dataDir, 'audit', 'verify', '--checkpoint', checkpointFile);
    expect(checked.stdout).toMatch(/The checkpoint in .* holds\./);
    await store.delete(auditKeyAccount(trailId));
    const verified = await runCli(dataDir, 'audit', 'verify');
    expect(verified.code).toBe(2);
    expect(verified.stdout).toMatch(
      /^The audit trail cannot be fully checked\. The audit key for this trail is missing: it is neither in the keychain/,
    );
  });

  it('falls back to a 600 file when no keychain answers, and the CLI says so plainly', async () => {
    const { dataDir } = await writeTrail(unreachableKeychain, 2);
    const verified = await runCli(dataDir, 'audit', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(
      /the key is kept in a file beside the data \(.*audit\.key\), not in the OS keychain: anyone who can read that file can rewrite the trail/,
    );
  });
});
