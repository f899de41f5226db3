/**
 * Shared parts for the audit store's tests: temporary data directories, entries, a recording
 * logger and a second, raw connection to play the tamperer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import type { AuditEntry } from '../../../../shared/contracts/audit.js';
import { AUDIT_DB_FILE, AuditLog, type AuditLogOptions } from '../../../../shared/gateway/audit/audit-log.js';
import type { Logger } from '../../../../shared/gateway/logger.js';

const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A fresh data directory, removed after the test. */
export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-audit-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A logger that keeps what it is told. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info: ${message}`),
    warn: (message) => lines.push(`warn: ${message}`),
    error: (message) => lines.push(`error: ${message}`),
  };
}

/** Opens a log in a fresh directory (unless one is given), closed after the test. */
export function openLog(options: Partial<AuditLogOptions> = {}): AuditLog {
  const log = AuditLog.open({ dataDir: tempDataDir(), logger: recordingLogger(), ...options });
  cleanups.push(() => log.close());
  return log;
}

/** A second connection straight to the database file, closed after the test. */
export function rawConnection(log: AuditLog): Database.Database {
  const db = new Database(log.file);
  cleanups.push(() => db.close());
  return db;
}

/** The database file of a data directory. */
export function dbFile(dataDir: string): string {
  return join(dataDir, AUDIT_DB_FILE);
}

let counter = 0;

/** A plausible entry; `n` makes the target and time distinct. */
export function entry(overrides: Partial<AuditEntry> = {}, n = counter++): AuditEntry {
  return {
    time: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString(),
    client: 'cursor',
    sessionId: 'session-1',
    method: 'tools/call',
    server: 'files',
    target: 'read_file',
    arguments: { path: `/home/me/notes-${n}.txt` },
    decision: 'allow',
    outcome: 'ok',
    durationMs: 12.5,
    resultBytes: 300,
    ...overrides,
  };
}

/** Appends `count` entries built by `make` and flushes them. */
export function fill(
  log: AuditLog,
  count: number,
  make: (i: number) => Partial<AuditEntry> = () => ({}),
): void {
  for (let i = 0; i < count; i++) log.append(entry(make(i), i));
  log.flush();
}
