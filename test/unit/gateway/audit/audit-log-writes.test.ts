import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditLog } from '../../../../shared/gateway/audit/audit-log.js';
import { prepareDatabase } from '../../../../shared/gateway/audit/audit-schema.js';
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

afterEach(() => {
  vi.useRealTimers();
});

const count = (log: AuditLog) =>
  (rawConnection(log).prepare('SELECT count(*) AS n FROM audit_records').get() as { n: number }).n;

describe('AuditLog: secrets never reach the disk', () => {
  it('keeps credential values and known secrets out of the database and WAL bytes', () => {
    const dataDir = tempDataDir();
    const known = 'gth_live_9f8e7d6c5b4a39281706';
    const log = AuditLog.open({ dataDir, logger: recordingLogger(), knownSecrets: () => [known] });
    log.append(
      entry({
        target: 'deploy',
        arguments: {
          marker: 'visible-marker-7781',
          password: 'pw-unique-5521',
          nested: [{ headers: { 'X-Api-Key': 'apikey-unique-9914' } }],
          note: `use ${known} to log in`,
          [known]: 'as a key',
        },
        errorMessage: `upstream said: bad token ${known}`,
      }),
    );
    log.flush();
    const files = () => [dbFile(dataDir), `${dbFile(dataDir)}-wal`].filter(existsSync);
    const bytes = () => Buffer.concat(files().map((file) => readFileSync(file)));
    expect(files()).toHaveLength(2);
    expect(bytes().includes('visible-marker-7781')).toBe(true);
    for (const secret of [known, 'pw-unique-5521', 'apikey-unique-9914']) {
      expect(bytes().includes(secret), secret).toBe(false);
    }
    log.close();
    expect(bytes().includes('visible-marker-7781')).toBe(true);
    for (const secret of [known, 'pw-unique-5521', 'apikey-unique-9914']) {
      expect(bytes().includes(secret), secret).toBe(false);
    }
  });

  it('writes nothing while the known secrets cannot be read, then catches up', () => {
    const logger = recordingLogger();
    let broken = true;
    const log = openLog({
      logger,
      knownSecrets: () => {
        if (broken) throw new Error('keychain locked');
        return ['s3cret-value'];
      },
    });
    log.append(entry({ arguments: { a: 's3cret-value' } }));
    expect(() => log.flush()).toThrow(GatehouseError);
    expect(count(log)).toBe(0);
    expect(logger.lines.join('\n')).toMatch(/keychain locked/);
    broken = false;
    expect(log.flush()).toBe(1);
    expect(log.get(1)!.arguments).toBe('{"a":"[redacted]"}');
  });
});

describe('AuditLog: batching', () => {
  it('does not write on append, only on flush', () => {
    const log = openLog({ flushIntervalMs: 60_000 });
    for (let i = 0; i < 5; i++) log.append(entry());
    expect(count(log)).toBe(0);
    expect(log.flush()).toBe(5);
    expect(count(log)).toBe(5);
    expect(log.flush()).toBe(0);
  });

  it('writes after the flush interval, or as soon as a batch is full', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate'] });
    const log = openLog({ flushIntervalMs: 50, maxBatch: 4 });
    log.append(entry());
    vi.advanceTimersByTime(49);
    expect(count(log)).toBe(0);
    vi.advanceTimersByTime(1);
    expect(count(log)).toBe(1);
    for (let i = 0; i < 4; i++) log.append(entry());
    expect(count(log)).toBe(1);
    vi.advanceTimersByTime(0);
    expect(count(log)).toBe(5);
  });

  it('flushes on close, so a clean shutdown loses nothing', () => {
    const dataDir = tempDataDir();
    const log = AuditLog.open({ dataDir, logger: recordingLogger(), flushIntervalMs: 60_000 });
    for (let i = 0; i < 7; i++) log.append(entry());
    log.close();
    log.close();
    const db = new Database(dbFile(dataDir), { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM audit_records').get()).toEqual({ n: 7 });
    db.close();
  });

  it('drops and reports entries appended after close', () => {
    const logger = recordingLogger();
    const log = AuditLog.open({ dataDir: tempDataDir(), logger });
    log.close();
    log.append(entry());
    expect(logger.lines).toEqual([
      'warn: An audit record arrived after the audit log closed; it was not recorded.',
    ]);
  });
});

describe('AuditLog: write failures', () => {
  it('keeps entries when a write fails, logs once, and writes them on a later try', () => {
    const logger = recordingLogger();
    const log = openLog({ logger, flushIntervalMs: 60_000 });
    const blocker = rawConnection(log);
    blocker.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < 3; i++) log.append(entry());
    expect(() => log.flush()).toThrow(expect.objectContaining({ code: 'audit_unavailable' }));
    expect(() => log.flush()).toThrow(GatehouseError);
    expect(logger.lines.filter((line) => line.startsWith('error:'))).toHaveLength(1);
    blocker.exec('COMMIT');
    expect(log.flush()).toBe(3);
    expect(logger.lines.at(-1)).toBe('info: The audit log is writing again.');
    expect(log.verify()).toEqual({ ok: true, checked: 3, fromSeq: 0 });
  });

  it('bounds the backlog: counts new entries when full and writes their count into the trail', () => {
    const logger = recordingLogger();
    const log = openLog({ logger, flushIntervalMs: 60_000, backlog: { maxRecords: 3, maxBytes: 1 << 20 } });
    const blocker = rawConnection(log);
    blocker.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < 5; i++) log.append(entry({ target: `t${i}` }));
    expect(() => log.flush()).toThrow(GatehouseError);
    expect(log.health()).toMatchObject({ state: 'full', notKept: 2, backlog: { records: 3, maxRecords: 3 } });
    blocker.exec('COMMIT');
    expect(log.flush()).toBe(4);
    const records = log.query().records;
    expect(records.map((r) => r.target ?? r.method)).toEqual(['gatehouse/audit-gap', 't2', 't1', 't0']);
    expect(JSON.parse(records[0]!.arguments!)).toMatchObject({ notKept: 2 });
    expect(logger.lines.join('\n')).toMatch(/backlog is full \(3 records/);
    expect(logger.lines.join('\n')).toMatch(/2 audit records were not kept/);
    expect(log.health()).toMatchObject({ state: 'ok', notKept: 0, message: null });
    expect(log.verify()).toMatchObject({ ok: true, checked: 4 });
  });
});

describe('AuditLog: opening', () => {
  it('creates the data directory and uses WAL', () => {
    const dataDir = join(tempDataDir(), 'nested', 'dir');
    const log = AuditLog.open({ dataDir, logger: recordingLogger() });
    expect(rawConnection(log).pragma('journal_mode', { simple: true })).toBe('wal');
    log.close();
  });

  it('gives its connection a 2 MB page cache', () => {
    const file = dbFile(tempDataDir());
    const db = new Database(file);
    try {
      // Negative means KiB. better-sqlite3's own default is 16 MB, which the soak saw fill up.
      expect(db.pragma('cache_size', { simple: true })).toBe(-16000);
      prepareDatabase(db, file, 'full');
      expect(db.pragma('cache_size', { simple: true })).toBe(-2000);
    } finally {
      db.close();
    }
  });

  it('refuses a damaged file with a sentence that names it', () => {
    const dataDir = tempDataDir();
    writeFileSync(dbFile(dataDir), 'this is not a database, just text that is long enough'.repeat(100));
    expect(() => AuditLog.open({ dataDir, logger: recordingLogger() })).toThrow(
      expect.objectContaining({
        code: 'audit_unavailable',
        message: expect.stringContaining(`The audit log ${dbFile(dataDir)} is damaged`),
      }),
    );
  });

  it('refuses an unusable location with a sentence that names the file', () => {
    const dataDir = join(tempDataDir(), 'a-file');
    writeFileSync(dataDir, '');
    expect(() => AuditLog.open({ dataDir, logger: recordingLogger() })).toThrow(
      expect.objectContaining({
        code: 'audit_unavailable',
        message: expect.stringContaining(dbFile(dataDir)),
      }),
    );
  });

  it('refuses a database from a newer Gatehouse', () => {
    const dataDir = tempDataDir();
    const db = new Database(dbFile(dataDir));
    db.pragma('user_version = 99');
    db.close();
    expect(() => AuditLog.open({ dataDir, logger: recordingLogger() })).toThrow(/newer version of Gatehouse/);
  });

  it('stores times in one form, and the flush time for a time that is not one', () => {
    const log = openLog({ clock: { now: () => Date.UTC(2025, 0, 2, 3, 4, 5) } });
    log.append(entry({ time: '2025-01-01T01:00:00+01:00' }));
    log.append(entry({ time: 'not a time' }));
    log.append(entry({ durationMs: Number.NaN, resultBytes: 3.7 }));
    fill(log, 0);
    expect(log.get(1)!.time).toBe('2025-01-01T00:00:00.000Z');
    expect(log.get(2)!.time).toBe('2025-01-02T03:04:05.000Z');
    expect(log.get(3)).toMatchObject({ durationMs: 0, resultBytes: 3 });
    expect(log.verify().ok).toBe(true);
  });
});
