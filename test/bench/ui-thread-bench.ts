/**
 * How long the thread that draws the desktop app's UI is frozen by a heavy audit query: verifying
 * the hash chain of a large trail on that thread (where the engine ran before) and in the engine
 * process (where it runs now), with a 10 ms timer on this thread measuring the gaps. Prints
 * figures; the target is every gap under 50 ms while the engine works.
 *
 *   npx tsx test/bench/ui-thread-bench.ts [--records N]     (default 1,000,000)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EngineClient } from '../../electron/main/engine-client.js';
import { AuditLog } from '../../shared/gateway/audit/audit-log.js';
import { silentLogger } from '../../shared/gateway/logger.js';
import { forkEngine } from '../fixtures/fork-engine.js';
import { measureTimerGaps, seedAuditTrail, type TimerGaps } from '../fixtures/timer-gaps.js';

const TARGET_MS = 50;

function line(label: string, measured: TimerGaps<unknown>): string {
  return (
    `  ${label.padEnd(34)} query ${Math.round(measured.durationMs).toLocaleString('en-US').padStart(7)} ms; ` +
    `timer ticks ${String(measured.ticks).padStart(5)}, p99 gap ${measured.p99GapMs.toFixed(1).padStart(8)} ms, ` +
    `longest ${measured.maxGapMs.toFixed(1).padStart(8)} ms (target < ${TARGET_MS} ms: ` +
    `${measured.p99GapMs < TARGET_MS ? 'met' : 'MISSED'})`
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { records: { type: 'string', default: '1000000' } } });
  const records = Number(values.records);
  if (!Number.isSafeInteger(records) || records < 1) throw new Error('--records must be a positive integer');
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-ui-thread-bench-'));
  try {
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ mcpServers: {}, settings: { port: 0 } }));
    const seeding = performance.now();
    await seedAuditTrail(dataDir, records);
    console.log(
      `UI thread benchmark: audit.verify over ${records.toLocaleString('en-US')} records ` +
        `(seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s), Node ${process.version}`,
    );

    const log = AuditLog.open({ dataDir, logger: silentLogger });
    const inThread = await measureTimerGaps(10, async () => log.verify());
    log.close();
    console.log(line('on the UI thread (before)', inThread));

    const engine = new EngineClient(
      forkEngine(dataDir, { GATEHOUSE_KEYCHAIN_SERVICE: 'gatehouse-ui-thread-bench' }).channel,
      silentLogger,
    );
    await engine.started;
    const inEngine = await measureTimerGaps(10, () => engine.call('audit.verify', {}));
    await engine.stop();
    console.log(line('in the engine process (now)', inEngine));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
