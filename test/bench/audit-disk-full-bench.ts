/**
 * Audit on a full disk, at the default backlog bounds: the audit log on a small tmpfs, filled,
 * then records appended at a steady rate while no byte is free; then the space comes back. Prints
 * how many records were appended, kept in memory and only counted, the WAL's size (it must not
 * grow while nothing commits), and the time to catch up. Needs root (mount); says so otherwise.
 *
 *   npx tsx test/bench/audit-disk-full-bench.ts [--records N] [--rate PER_SECOND]
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AuditHealth } from '../../shared/contracts/audit.js';
import { DEFAULT_BACKLOG } from '../../shared/gateway/audit/audit-health.js';
import { openAuditTrail } from '../../shared/gateway/audit/open-audit-trail.js';
import { silentLogger } from '../../shared/gateway/logger.js';
import { MemorySecretStore } from '../../shared/gateway/secrets/memory-secret-store.js';
import { cannotMountTmpfs, fillDisk, mountSmallDisk } from '../fixtures/small-disk.js';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '20000' }, rate: { type: 'string', default: '2000' } },
});
const RECORDS = Number(values.records);
const RATE = Number(values.rate);

const reason = cannotMountTmpfs();
if (reason) {
  console.log(`audit-disk-full-bench: not run: ${reason}`);
  process.exit(0);
}

// Room for the whole backlog once the filler goes: 10,000 records of about 1 KB, the full-text
// index and the WAL take about 30 MB.
const disk = mountSmallDisk('96m');
try {
  const dataDir = join(disk.path, 'data');
  const changes: AuditHealth[] = [];
  let onOk = () => {};
  const { log, keyed } = openAuditTrail({
    dataDir,
    logger: silentLogger,
    secrets: new MemorySecretStore(),
    onHealthChange: (health) => {
      changes.push(health);
      if (health.state === 'ok') onOk();
    },
  });
  await keyed;
  const entry = (i: number) => ({
    time: new Date().toISOString(),
    client: 'bench',
    sessionId: 'session',
    method: 'tools/call' as const,
    server: 'files',
    target: 'read_file',
    arguments: { path: `/home/me/notes-${i}.txt`, text: 'x'.repeat(1000) },
    outcome: 'ok' as const,
    durationMs: 3,
  });
  for (let i = 0; i < 100; i++) log.append(entry(i));
  log.flush();
  const wal = join(dataDir, 'audit.db-wal');
  const walBefore = statSync(wal).size;
  const filler = fillDisk(disk.path);

  // A steady stream of records while no byte is free, the way calls would finish.
  const started = performance.now();
  for (let i = 0; i < RECORDS; i++) {
    log.append(entry(i));
    if (i % 100 === 99) {
      const due = started + ((i + 1) / RATE) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    }
  }
  const full = log.health();
  const walWhileFull = statSync(wal).size;
  const caughtUp = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The audit log did not catch up within 60 s: ${log.health().message ?? ''}`)),
      60_000,
    );
    onOk = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  const freedAt = performance.now();
  rmSync(filler);
  await caughtUp;
  const catchUpMs = performance.now() - freedAt;
  const flushStarted = performance.now();
  log.flush();
  const verify = log.verify();
  const figures = {
    appendedWhileFull: RECORDS,
    ratePerSecond: RATE,
    backlogBound: DEFAULT_BACKLOG,
    backlogAtEnd: full.backlog,
    notKept: full.notKept,
    walBytesBefore: walBefore,
    walBytesWhileFull: walWhileFull,
    healthChanges: changes.map((health) => health.state),
    catchUpMs: Math.round(catchUpMs),
    finalFlushMs: Math.round(performance.now() - flushStarted),
    verify: { ok: verify.ok, checked: verify.checked },
  };
  console.log(
    `Full disk: ${RECORDS} records appended at ${RATE}/s; ${full.backlog.records} kept in memory ` +
      `(${(full.backlog.bytes / 1024 / 1024).toFixed(1)} MB, bound ${DEFAULT_BACKLOG.maxRecords} records / ` +
      `${DEFAULT_BACKLOG.maxBytes / 1024 / 1024} MB), ${full.notKept} counted. WAL ${walBefore} → ${walWhileFull} bytes ` +
      `while full. Caught up ${Math.round(catchUpMs)} ms after space returned (includes the retry backoff, at most 5 s). ` +
      `Chain: ${verify.ok ? 'verifies' : 'BROKEN'} (${verify.checked} records).`,
  );
  console.log(JSON.stringify(figures));
  log.close();
} finally {
  disk.unmount();
}
