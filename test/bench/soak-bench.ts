/**
 * The soak benchmark: a steady rate of tool calls through the built gateway, with policy,
 * approvals and audit on, for ten minutes by default. Prints latency percentiles and memory per
 * window, the memory trend, and the audit check (every answered call recorded exactly once).
 *
 *   npm run bench:soak -- [--minutes 10] [--rate 40] [--window 30] [--gateway-heap-mb N] [--skip-build]
 */
import { parseArgs } from 'node:util';
import { progress } from './bench-plan.js';
import { table } from './bench-report.js';
import { buildGateway, killAllChildren } from './processes.js';
import { runSoak } from './soak-run.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      rate: { type: 'string', default: '40' },
      window: { type: 'string', default: '30' },
      'gateway-heap-mb': { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
    },
  });
  if (!values['skip-build']) {
    progress('building the gateway (npm run build)');
    buildGateway();
  }
  const durationSeconds = Number(values.minutes) * 60;
  const callsPerSecond = Number(values.rate);
  const windowSeconds = Number(values.window);
  progress(`soak: ${callsPerSecond} calls/s for ${durationSeconds} s, one in 20 approved by a robot`);
  const result = await runSoak({
    durationSeconds,
    callsPerSecond,
    windowSeconds,
    approvalEvery: 20,
    ...(values['gateway-heap-mb'] ? { gatewayHeapMb: Number(values['gateway-heap-mb']) } : {}),
    onWindow: (window) =>
      progress(
        `  ${window.endSecond} s: ${window.calls} calls, p50 ${window.p50.toFixed(2)} / p99 ${window.p99.toFixed(2)} ms, RSS ${window.rssMinMb.toFixed(1)}–${window.rssMaxMb.toFixed(1)} MB, heap in use ≥ ${window.heapUsedMinMb.toFixed(1)} MB`,
      ),
  });
  console.log(
    table(
      'Soak: latency and memory per window',
      [
        'until (s)',
        'calls',
        'errors',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'RSS mean MB',
        'RSS min',
        'RSS max',
        'anon',
        'file',
        'heap used min',
        'heap total',
        'external',
      ],
      result.windows.map((window) => [
        String(window.endSecond),
        String(window.calls),
        String(window.errors),
        window.p50,
        window.p95,
        window.p99,
        window.rssMeanMb,
        window.rssMinMb,
        window.rssMaxMb,
        window.anonMb,
        window.fileMb,
        window.heapUsedMinMb,
        window.heapTotalMb,
        window.externalMb,
      ]),
      2,
    ),
  );
  const firstP99 = result.windows[0]?.p99 ?? Number.NaN;
  const lastP99 = result.windows.at(-1)?.p99 ?? Number.NaN;
  console.log(
    [
      `calls sent ${result.sent}, answered ${result.answered}, errors ${result.errors}, approvals given ${result.approvalsGiven}`,
      `RSS (window mean) start ${result.rssStartMb.toFixed(1)} MB, end ${result.rssEndMb.toFixed(1)} MB, trend ${result.rssSlopeMbPerMinute.toFixed(2)} MB/min over the run, ${result.rssSlopeSecondHalfMbPerMinute.toFixed(2)} MB/min over its second half (target: no growth trend)`,
      `JavaScript heap in use (window minimum): trend ${result.heapSlopeSecondHalfMbPerMinute.toFixed(3)} MB/min over the second half`,
      `p99 first window ${firstP99.toFixed(2)} ms, last ${lastP99.toFixed(2)} ms (target: stable)`,
      `audit: ${result.audit.found} records for ${result.audit.expected} answered calls, ${result.audit.missing} missing, ${result.audit.duplicated} duplicated, chain ${result.audit.chainOk ? 'verifies' : 'BROKEN'} (target: 0 lost, 0 duplicated)`,
    ].join('\n'),
  );
  console.log(JSON.stringify({ soak: { ...result, windows: result.windows.length } }));
}

process.on('exit', killAllChildren);
process.on('SIGINT', () => process.exit(130));
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
