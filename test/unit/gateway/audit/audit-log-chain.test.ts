import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../shared/gateway/audit/audit-log.js';
import { GatehouseError } from '../../../../shared/gateway/errors.js';
import {
  dbFile,
  entry,
  fill,
  openLog,
  rawConnection,
  recordingLogger,
  tempDataDir,
} from './audit-test-kit.js';

describe('AuditLog: hash chain', () => {
  it('chains every record to the one before and verifies', () => {
    const log = openLog();
    fill(log, 10);
    const [second, first] = [log.get(2)!, log.get(1)!];
    expect(first.prevHash).toBe('0'.repeat(64));
    expect(second.prevHash).toBe(first.hash);
    expect(log.verify()).toEqual({ ok: true, checked: 10, fromSeq: 0 });
  });

  it('catches a row changed through another connection', () => {
    const log = openLog();
    fill(log, 10);
    rawConnection(log).prepare("UPDATE audit_records SET outcome = 'denied' WHERE seq = 4").run();
    expect(log.verify()).toMatchObject({ ok: false, checked: 3, firstBad: { seq: 4 } });
    expect(log.verify().firstBad!.problem).toMatch(/Record 4 does not match its hash/);
  });

  it('catches a row changed together with a recomputed-looking hash', () => {
    const log = openLog();
    fill(log, 5);
    rawConnection(log).prepare("UPDATE audit_records SET hash = 'abc', arguments = '{}' WHERE seq = 2").run();
    expect(log.verify().firstBad).toMatchObject({ seq: 2 });
  });

  it('catches a changed time index, which the hash does not cover', () => {
    const log = openLog();
    fill(log, 6);
    rawConnection(log).prepare('UPDATE audit_records SET max_time_ms = max_time_ms + 1 WHERE seq = 4').run();
    expect(log.verify()).toMatchObject({
      ok: false,
      checked: 3,
      firstBad: { seq: 4, problem: expect.stringMatching(/time index/) },
    });
  });

  it('catches a deleted row', () => {
    const log = openLog();
    fill(log, 10);
    rawConnection(log).prepare('DELETE FROM audit_records WHERE seq = 6').run();
    expect(log.verify()).toMatchObject({
      ok: false,
      checked: 5,
      firstBad: { seq: 6, problem: 'Record 6 is missing: removed from the log.' },
    });
  });

  it('catches swapped rows', () => {
    const log = openLog();
    fill(log, 10);
    rawConnection(log).exec(`
      UPDATE audit_records SET seq = -1 WHERE seq = 5;
      UPDATE audit_records SET seq = 5 WHERE seq = 6;
      UPDATE audit_records SET seq = 6 WHERE seq = -1;
    `);
    expect(log.verify()).toMatchObject({ ok: false, checked: 4, firstBad: { seq: 5 } });
  });

  it('catches rows removed from the end, even after more are appended', () => {
    const dataDir = tempDataDir();
    const first = AuditLog.open({ dataDir, logger: recordingLogger() });
    fill(first, 10);
    rawConnection(first).prepare('DELETE FROM audit_records WHERE seq > 7').run();
    expect(first.verify().firstBad).toMatchObject({ seq: 8 });
    first.close();
    const reopened = AuditLog.open({ dataDir, logger: recordingLogger() });
    fill(reopened, 2);
    expect(reopened.get(11)).toBeDefined();
    expect(reopened.verify().firstBad).toMatchObject({ seq: 8 });
    reopened.close();
  });

  it('continues the chain across a reopen', () => {
    const dataDir = tempDataDir();
    const first = AuditLog.open({ dataDir, logger: recordingLogger() });
    fill(first, 3);
    first.close();
    const reopened = AuditLog.open({ dataDir, logger: recordingLogger() });
    fill(reopened, 3);
    expect(reopened.verify()).toEqual({ ok: true, checked: 6, fromSeq: 0 });
    reopened.close();
  });

  it('keeps one chain when two processes write the same file', () => {
    const dataDir = tempDataDir();
    const gateway = AuditLog.open({ dataDir, logger: recordingLogger() });
    const cli = AuditLog.open({ dataDir, logger: recordingLogger() });
    fill(gateway, 2);
    fill(cli, 2);
    fill(gateway, 2);
    expect(gateway.query().records.map((r) => r.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(cli.verify()).toEqual({ ok: true, checked: 6, fromSeq: 0 });
    cli.close();
    gateway.close();
  });

  it('upgrades a version-1 database, whose hashes still verify', () => {
    const dataDir = tempDataDir();
    const first = AuditLog.open({ dataDir, logger: recordingLogger() });
    fill(first, 5, (i) => ({ time: new Date(Date.UTC(2025, 0, 1, 12, i === 3 ? -30 : i)).toISOString() }));
    first.close();
    // Back to the version-1 layout: no max_time_ms, an index on time (and no protocol_version).
    const raw = new Database(dbFile(dataDir));
    raw.exec(
      'DROP INDEX audit_records_flows; ALTER TABLE audit_records DROP COLUMN flows; ALTER TABLE audit_records DROP COLUMN origin; ALTER TABLE audit_records DROP COLUMN max_time_ms; ALTER TABLE audit_records DROP COLUMN protocol_version; CREATE INDEX audit_records_time ON audit_records (time);',
    );
    raw.exec("DELETE FROM audit_meta WHERE key = 'max_lag_ms'");
    raw.pragma('user_version = 1');
    raw.close();
    const upgraded = AuditLog.open({ dataDir, logger: recordingLogger() });
    expect(upgraded.verify()).toEqual({ ok: true, checked: 5, fromSeq: 0 });
    expect(upgraded.query({ to: '2025-01-01T12:00:00Z' }).records.map((r) => r.seq)).toEqual([4]);
    fill(upgraded, 1);
    expect(upgraded.verify().ok).toBe(true);
    upgraded.close();
  });

  it('upgrades a version-2 database: old records verify without a protocol version, new ones keep it', () => {
    const dataDir = tempDataDir();
    const first = AuditLog.open({ dataDir, logger: recordingLogger() });
    fill(first, 3);
    first.close();
    const raw = new Database(dbFile(dataDir));
    raw.exec(
      'DROP INDEX audit_records_flows; ALTER TABLE audit_records DROP COLUMN flows; ALTER TABLE audit_records DROP COLUMN origin; ALTER TABLE audit_records DROP COLUMN protocol_version',
    );
    raw.pragma('user_version = 2');
    raw.close();
    const upgraded = AuditLog.open({ dataDir, logger: recordingLogger() });
    expect(upgraded.verify()).toMatchObject({ ok: true, checked: 3 });
    upgraded.append(entry({ protocolVersion: '2026-07-28' }));
    upgraded.flush();
    expect(upgraded.verify()).toMatchObject({ ok: true, checked: 4 });
    expect(upgraded.get(4)?.protocolVersion).toBe('2026-07-28');
    expect(upgraded.get(1)?.protocolVersion).toBeUndefined();
    upgraded.close();
  });

  it('upgrades a version-3 database: old records verify without an origin, new ones keep it', () => {
    const dataDir = tempDataDir();
    const first = AuditLog.open({ dataDir, logger: recordingLogger() });
    fill(first, 2);
    first.close();
    const raw = new Database(dbFile(dataDir));
    raw.exec(
      'DROP INDEX audit_records_flows; ALTER TABLE audit_records DROP COLUMN flows; ALTER TABLE audit_records DROP COLUMN origin',
    );
    raw.pragma('user_version = 3');
    raw.close();
    const upgraded = AuditLog.open({ dataDir, logger: recordingLogger() });
    expect(upgraded.verify()).toMatchObject({ ok: true, checked: 2 });
    upgraded.append(entry({ origin: 'view' }));
    upgraded.flush();
    expect(upgraded.verify()).toMatchObject({ ok: true, checked: 3 });
    expect(upgraded.get(3)?.origin).toBe('view');
    expect(upgraded.get(1)?.origin).toBeUndefined();
    upgraded.close();
  });

  it('upgrades a version-3 database: old records verify without flows, new ones keep theirs', () => {
    const dataDir = tempDataDir();
    const first = AuditLog.open({ dataDir, logger: recordingLogger() });
    fill(first, 3);
    first.close();
    const raw = new Database(dbFile(dataDir));
    raw.exec(
      'DROP INDEX audit_records_flows; ALTER TABLE audit_records DROP COLUMN flows; ALTER TABLE audit_records DROP COLUMN origin',
    );
    raw.pragma('user_version = 3');
    raw.close();
    const upgraded = AuditLog.open({ dataDir, logger: recordingLogger() });
    expect(upgraded.verify()).toMatchObject({ ok: true, checked: 3 });
    const flows = [
      {
        argument: '/body',
        length: 1212,
        spans: [[10, 1300]] as [number, number][],
        source: {
          kind: 'result' as const,
          method: 'tools/call' as const,
          server: 'files',
          name: 'read_text_file',
          at: '2026-12-05T10:32:00.000Z',
          dataClass: 'private' as const,
        },
      },
    ];
    upgraded.append(entry({ flows }));
    upgraded.flush();
    expect(upgraded.verify()).toMatchObject({ ok: true, checked: 4 });
    expect(upgraded.get(4)?.flows).toEqual(flows);
    expect(upgraded.get(1)?.flows).toBeUndefined();
    expect(upgraded.query({ flow: 'any' }).records.map((r) => r.seq)).toEqual([4]);
    expect(upgraded.query({ flow: 'private' }).records.map((r) => r.seq)).toEqual([4]);
    expect(upgraded.query({ flow: 'server:files' }).records.map((r) => r.seq)).toEqual([4]);
    expect(upgraded.query({ flow: 'secret' }).records).toEqual([]);
    expect(() => upgraded.query({ flow: 'nonsense' })).toThrow(/must be any, secret/);
    // A changed flow breaks the record's hash like any other field.
    upgraded.close();
    const tamper = new Database(dbFile(dataDir));
    tamper.prepare("UPDATE audit_records SET flows = '[]' WHERE seq = 4").run();
    tamper.close();
    const reopened = AuditLog.open({ dataDir, logger: recordingLogger() });
    expect(reopened.verify()).toMatchObject({ ok: false, firstBad: { seq: 4, kind: 'changed' } });
    reopened.close();
  });

  it('verifies text that SQLite cannot store as given (a lone surrogate)', () => {
    const log = openLog();
    log.append(entry({ target: 'tool\uD800name', errorMessage: 'bad \uDC00' }));
    log.flush();
    expect(log.get(1)!.target).toBe('tool\uFFFDname');
    expect(log.verify().ok).toBe(true);
  });
});

describe('AuditLog: retention', () => {
  it('keeps the newest records by count and verifies from the checkpoint', () => {
    const log = openLog();
    fill(log, 20, (i) => ({ arguments: { word: `word${i}` } }));
    expect(log.applyRetention({ maxRecords: 5 })).toBe(15);
    expect(log.verify()).toEqual({ ok: true, checked: 5, fromSeq: 15 });
    expect(log.get(15)).toBeUndefined();
    expect(log.query().records.map((r) => r.seq)).toEqual([20, 19, 18, 17, 16]);
    // The full-text index forgot the deleted rows too.
    expect(log.query({ text: 'word3' }).records).toEqual([]);
    expect(log.query({ text: 'word17' }).records.map((r) => r.seq)).toEqual([18]);
    fill(log, 2);
    expect(log.verify()).toEqual({ ok: true, checked: 7, fromSeq: 15 });
  });

  it('deletes by age in write order, up to the first record young enough', () => {
    const now = Date.UTC(2025, 5, 30);
    const log = openLog({ clock: { now: () => now } });
    const daysAgo = [40, 35, 31, 29, 45, 10, 1];
    for (const days of daysAgo) log.append(entry({ time: new Date(now - days * 86_400_000).toISOString() }));
    log.flush();
    // Records 1–3 are older than 30 days; record 5 is too, but was written after a young one.
    expect(log.applyRetention({ maxAgeDays: 30 })).toBe(3);
    expect(log.query().records.map((r) => r.seq)).toEqual([7, 6, 5, 4]);
    expect(log.verify()).toMatchObject({ ok: true, fromSeq: 3 });
  });

  it('deletes everything when told to keep nothing, and still verifies', () => {
    const log = openLog();
    fill(log, 4);
    expect(log.applyRetention({ maxRecords: 0 })).toBe(4);
    expect(log.verify()).toEqual({ ok: true, checked: 0, fromSeq: 4 });
  });

  it('stops before a tampered record and keeps it as evidence', () => {
    const logger = recordingLogger();
    const log = openLog({ logger });
    fill(log, 10);
    rawConnection(log).prepare("UPDATE audit_records SET client = 'someone' WHERE seq = 3").run();
    expect(log.applyRetention({ maxRecords: 2 })).toBe(2);
    expect(log.verify()).toMatchObject({ ok: false, fromSeq: 2, firstBad: { seq: 3 } });
    expect(logger.lines.join('\n')).toMatch(/retention stopped at record 3/);
  });

  it('refuses a negative rule', () => {
    const log = openLog();
    expect(() => log.applyRetention({ maxRecords: -1 })).toThrow(GatehouseError);
    expect(() => log.applyRetention({ maxAgeDays: Number.NaN })).toThrow(/maxAgeDays/);
  });
});
