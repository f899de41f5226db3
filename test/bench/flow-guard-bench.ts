/**
 * The data-flow guard's figures:
 *
 * 1. Added time per tools/call with the guard on: the two hooks a call runs (trace the arguments,
 *    remember the result), p50 and p99, for 1 KB and 16 KB of arguments, with 10 MB of results
 *    remembered for the client and 20 secrets held. Aim: under 0.1 ms at p50.
 * 2. Memory per MB remembered: the guard's own estimate, and the heap measured around filling it.
 * 3. Detection and false positives over the scenario suite (real servers behind a real gateway).
 *
 *   npm run bench:flow-guard              (all three)
 *   npm run bench:flow-guard -- --skip-scenarios
 *
 * Prints a table, then the figures as one JSON line (the last line of stdout).
 */
import { randomFillSync } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { FlowGuardSettingsSchema } from '../../shared/contracts/flow.js';
import { FlowGuard } from '../../shared/gateway/flow/flow-guard.js';
import { percentile } from './measure.js';

const MB = 1024 * 1024;
const REMEMBERED_MB = 10;
const SAMPLES = 20_000;

/** Prose-like text from a seed: letters and spaces, words of 3–9 letters. */
function prose(chars: number, seed: number): string {
  let state = seed >>> 0 || 1;
  let out = '';
  while (out.length < chars) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const length = 3 + (state % 7);
    for (let c = 0; c < length; c++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      out += String.fromCharCode(97 + ((state >>> 16) % 26));
    }
    out += ' ';
  }
  return out.slice(0, chars);
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function heapBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

interface Timing {
  readonly p50Ms: number;
  readonly p99Ms: number;
}

function time(run: (i: number) => void): Timing {
  for (let i = 0; i < 2000; i++) run(i); // warm up
  const samples = new Float64Array(SAMPLES);
  for (let i = 0; i < SAMPLES; i++) {
    const start = process.hrtime.bigint();
    run(i);
    samples[i] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

function callCost(): Record<string, Timing & { flows: number }> {
  const settings = FlowGuardSettingsSchema.parse({ memoryMB: 64 });
  const secrets = Array.from({ length: 20 }, (_, i) => ({
    name: `SECRET_${i}`,
    value: `sk-${prose(40, 900 + i)}`,
  }));
  const guard = new FlowGuard({
    settings: () => settings,
    secrets: () => secrets,
    dataClassOf: () => 'private',
    clock: { now: () => Date.now() },
  });
  const source = { method: 'tools/call' as const, server: 'files', name: 'read_text_file' };
  // 10 MB of results, in 1,280 results of 8 KB.
  for (let i = 0; i < (REMEMBERED_MB * MB) / 8192; i++)
    guard.remember('agent', source, { content: [{ type: 'text', text: prose(8192, i + 1) }] });
  const result = { content: [{ type: 'text', text: prose(1024, 777_777) }] };
  const out: Record<string, Timing & { flows: number }> = {};
  for (const kb of [1, 16]) {
    // Arguments the client wrote (nothing remembered matches): the common case.
    const args = Array.from({ length: 64 }, (_, i) => ({
      path: '/tmp/x',
      body: prose(kb * 1024, 50_000 + i),
    }));
    const clean = time((i) => {
      guard.trace('agent', args[i % args.length]);
      guard.remember('other-agent', source, result);
    });
    out[`${kb} KB, nothing copied`] = { ...clean, flows: guard.trace('agent', args[0]).length };
    // Arguments that carry 1 KB copied from a remembered result.
    const copied = Array.from({ length: 64 }, (_, i) => ({
      body: prose(kb * 1024 - 1024, 60_000 + i) + prose(8192, 100 + i).slice(2048, 3072),
    }));
    const leak = time((i) => {
      guard.trace('agent', copied[i % copied.length]);
      guard.remember('other-agent', source, result);
    });
    out[`${kb} KB, 1 KB copied`] = { ...leak, flows: guard.trace('agent', copied[0]).length };
  }
  return out;
}

function memoryPerMb(): { estimateMbPerMb: number; heapMbPerMb: number } {
  const settings = FlowGuardSettingsSchema.parse({ memoryMB: 1024 });
  gc();
  const before = heapBytes();
  const guard = new FlowGuard({
    settings: () => settings,
    secrets: () => [],
    dataClassOf: () => 'private',
    clock: { now: () => Date.now() },
  });
  const rememberedMb = 64;
  guard.record('agent', { method: 'tools/call', server: 'files', name: 'big' }, (recorder) => {
    recorder.text();
    for (let i = 0; i < rememberedMb; i++)
      recorder.feed(randomFillSync(Buffer.alloc((MB / 4) * 3)).toString('base64'));
  });
  gc();
  const after = heapBytes();
  const stats = guard.stats();
  return {
    estimateMbPerMb: stats.bytes / MB / (stats.chars / MB),
    heapMbPerMb: (after - before) / MB / rememberedMb,
  };
}

async function scenarioCounts(): Promise<Record<string, number>> {
  const { play, scenarios, startScenarioWorld } = await import('../integration/flow-scenarios.js');
  const world = await startScenarioWorld();
  const counts = { exfiltrations: 0, stopped: 0, stoppedWithRightSource: 0, benign: 0, falsePositives: 0 };
  try {
    for (const scenario of scenarios()) {
      const played = await play(world, scenario);
      const stopped = played.record.outcome === 'denied';
      if (scenario.kind === 'exfiltration') {
        counts.exfiltrations++;
        if (stopped) counts.stopped++;
        const expected = scenario.expect;
        const flow = expected.stopped
          ? played.record.flows?.find((candidate) => candidate.argument === expected.argument)
          : undefined;
        const sourceRight =
          expected.stopped &&
          flow !== undefined &&
          Object.entries(expected.source).every(
            ([key, value]) => (flow.source as Record<string, unknown>)[key] === value,
          );
        if (stopped && sourceRight) counts.stoppedWithRightSource++;
      } else {
        counts.benign++;
        if (stopped || played.record.flows !== undefined) counts.falsePositives++;
      }
    }
  } finally {
    await world.stop();
  }
  return counts;
}

const skipScenarios = process.argv.includes('--skip-scenarios');
if (!(globalThis as { gc?: unknown }).gc)
  console.log('(run with node --expose-gc for the heap figure; npm run bench:flow-guard does)');
// Timings on a shared machine are only as good as the CPU it had: say how busy it was.
const machine = { cpus: cpus().length, loadAverage1m: Number(loadavg()[0]!.toFixed(2)) };
console.log(`Machine: ${machine.cpus} CPUs, load average ${machine.loadAverage1m} at start`);
const calls = callCost();
console.log(
  `\nAdded time per tools/call (trace the arguments + remember a 1 KB result), ${REMEMBERED_MB} MB remembered, 20 secrets, ${SAMPLES} calls:`,
);
console.log('  arguments                p50 ms    p99 ms   flows found');
for (const [label, figures] of Object.entries(calls))
  console.log(
    `  ${label.padEnd(22)} ${figures.p50Ms.toFixed(4).padStart(8)} ${figures.p99Ms.toFixed(4).padStart(9)}   ${figures.flows}`,
  );
const memory = memoryPerMb();
console.log(
  `\nMemory per MB remembered: ${memory.estimateMbPerMb.toFixed(2)} MB (guard's estimate), ${memory.heapMbPerMb.toFixed(2)} MB (heap measured)`,
);
let scenariosResult: Record<string, number> | undefined;
if (!skipScenarios) {
  scenariosResult = await scenarioCounts();
  const s = scenariosResult;
  console.log(
    `\nScenario suite: ${s.stopped}/${s.exfiltrations} exfiltrations stopped (${s.stoppedWithRightSource} with the right provenance); ${s.falsePositives}/${s.benign} benign flows flagged or stopped (false positives)`,
  );
}
console.log(JSON.stringify({ machine, calls, memory, scenarios: scenariosResult }));
