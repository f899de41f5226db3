/**
 * The audit log's durability promise, tested for real: a child process appends records without
 * pause and is killed with SIGKILL mid-stream; the reopened database must be intact, its chain
 * must verify, and every record the child reported as flushed must be there.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_DB_FILE, AuditLog } from '../../shared/gateway/audit/audit-log.js';
import { silentLogger } from '../../shared/gateway/logger.js';

const root = resolve(import.meta.dirname, '../..');
const fixture = join(root, 'test/fixtures/audit-writer.ts');
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs the writer until it has reported `reports` flushes, kills it with SIGKILL the moment that
 * report arrives (the writer is by then in the middle of its next batches), and returns the
 * highest flushed count it reported.
 */
async function killMidStream(dataDir: string, reports: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((done) =>
    child.once('exit', (_code, signal) => done(signal)),
  );
  let flushed = 0;
  let seen = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /^flushed (\d+)$/.exec(line);
    if (!match) continue;
    flushed = Number(match[1]);
    if (++seen === reports) {
      child.kill('SIGKILL');
      break;
    }
  }
  expect(await exited).toBe('SIGKILL');
  return flushed;
}

describe('audit log durability', () => {
  it.each([3, 12, 30])(
    'keeps every flushed record when the writer is killed after %i reports',
    async (reports) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-audit-durability-'));
      dirs.push(dataDir);
      const flushed = await killMidStream(dataDir, reports);
      expect(flushed).toBeGreaterThan(0);

      const raw = new Database(join(dataDir, AUDIT_DB_FILE));
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      const present = raw
        .prepare("SELECT count(*) AS n FROM audit_records WHERE seq <= ? AND target = 'tool-' || (seq - 1)")
        .get(flushed) as { n: number };
      expect(present.n).toBe(flushed);
      raw.close();

      const log = AuditLog.open({ dataDir, logger: silentLogger });
      try {
        const report = log.verify();
        expect(report.ok).toBe(true);
        expect(report.checked).toBeGreaterThanOrEqual(flushed);
        // The chain goes on after the crash.
        log.append({
          time: new Date().toISOString(),
          client: 'after',
          sessionId: 's',
          method: 'tools/call',
          outcome: 'ok',
          durationMs: 1,
        });
        log.flush();
        expect(log.verify()).toMatchObject({ ok: true, checked: report.checked + 1 });
      } finally {
        log.close();
      }
    },
  );
});
