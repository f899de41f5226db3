/**
 * What the 2026-07-28 era costs through Gatehouse, beside the 2025 era, and what holding calls
 * for their client's input costs. Prints a table and one JSON line; asserts nothing.
 *
 *   npm run bench:modern -- [--quick] [--skip-build]
 *
 * - tools/call latency (p50/p99 added) and throughput at 64 in flight: the dual-era fixture (the
 *   SDK's v2 server over Streamable HTTP) called directly and through Gatehouse (the built CLI,
 *   its own process, which finds the fixture's era by probing and speaks 2026 to it), by a v2
 *   client pinned to 2026-07-28 and by a 1.x client (2025 era) on the same run.
 * - held calls: 1,000 calls parked while their client answers an upstream's question, measured
 *   in this process with `--expose-gc` (the gateway's own objects: the call, its pending question,
 *   the hold and its timer, and the sealed state handed out).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernTransport,
} from '@modelcontextprotocol/client';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { HeldCalls } from '../../shared/gateway/downstream/modern/held-calls.js';
import { ModernCall } from '../../shared/gateway/downstream/modern/modern-call.js';
import { RequestStateSeal } from '../../shared/gateway/downstream/modern/request-state-seal.js';
import { connect } from './bench-clients.js';
import { FULL, progress, QUICK } from './bench-plan.js';
import { sequentialLatency, throughput, type LatencyStats } from './measure.js';
import { buildGateway, killAllChildren, listeningUrl, ROOT, startChild, startGateway } from './processes.js';

const FIXTURE = join(ROOT, 'test/fixtures/dual-era/dual-era-server.ts');
const HELD_CALLS = 1_000;

/** A v2 client pinned to the stateless revision. */
async function connectModern(url: string, token?: string): Promise<ModernClient> {
  const client = new ModernClient(
    { name: 'gatehouse-bench', version: '1.0.0' },
    { versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  await client.connect(new ModernTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

function call(client: Client | ModernClient, name: string): () => Promise<unknown> {
  return () => client.callTool({ name, arguments: {} }, undefined as never, { timeout: 15_000 } as never);
}

async function benchCalls(quick: boolean): Promise<Record<string, unknown>> {
  const plan = quick ? QUICK : FULL;
  progress('tools/call in both eras: dual-era fixture direct and through Gatehouse');
  const fixture = await startChild(
    'dual-era fixture',
    ['--import', 'tsx', FIXTURE, 'http', '--port', '0'],
    listeningUrl,
    30_000,
  );
  const gateway = await startGateway({
    label: 'gatehouse (dual-era upstream)',
    mcpServers: { up: { url: fixture.value, type: 'streamable-http' } },
  });
  const modernDirect = await connectModern(fixture.value);
  const modernVia = await connectModern(gateway.url, gateway.token);
  const legacyDirect = await connect(fixture.value);
  const legacyVia = await connect(gateway.url, gateway.token);
  try {
    const latency = await sequentialLatency(
      [
        { label: 'modern-direct', run: call(modernDirect, 'test_simple_text') },
        { label: 'modern-gateway', run: call(modernVia, 'up__test_simple_text') },
        { label: 'legacy-direct', run: call(legacyDirect, 'test_simple_text') },
        { label: 'legacy-gateway', run: call(legacyVia, 'up__test_simple_text') },
      ],
      { ...plan.latency, deadlineMs: 240_000 },
    );
    const options = { concurrency: 64, maxCalls: 200_000, durationMs: plan.throughput.durationMs };
    const warm = { ...options, durationMs: plan.throughput.warmupMs };
    await throughput(call(modernDirect, 'test_simple_text'), warm);
    const modernDirectRun = await throughput(call(modernDirect, 'test_simple_text'), options);
    await throughput(call(modernVia, 'up__test_simple_text'), warm);
    const modernViaRun = await throughput(call(modernVia, 'up__test_simple_text'), options);
    await throughput(call(legacyDirect, 'test_simple_text'), warm);
    const legacyDirectRun = await throughput(call(legacyDirect, 'test_simple_text'), options);
    await throughput(call(legacyVia, 'up__test_simple_text'), warm);
    const legacyViaRun = await throughput(call(legacyVia, 'up__test_simple_text'), options);
    const added = (via: string, direct: string, p: 'p50' | 'p99') =>
      (latency.get(via) as LatencyStats)[p] - (latency.get(direct) as LatencyStats)[p];
    return {
      latency: Object.fromEntries(latency),
      modernAddedP50Ms: added('modern-gateway', 'modern-direct', 'p50'),
      modernAddedP99Ms: added('modern-gateway', 'modern-direct', 'p99'),
      legacyAddedP50Ms: added('legacy-gateway', 'legacy-direct', 'p50'),
      legacyAddedP99Ms: added('legacy-gateway', 'legacy-direct', 'p99'),
      modernThroughputRatio64: modernViaRun.callsPerSecond / modernDirectRun.callsPerSecond,
      legacyThroughputRatio64: legacyViaRun.callsPerSecond / legacyDirectRun.callsPerSecond,
      callsPerSecond64: {
        modernDirect: modernDirectRun.callsPerSecond,
        modernGateway: modernViaRun.callsPerSecond,
        legacyDirect: legacyDirectRun.callsPerSecond,
        legacyGateway: legacyViaRun.callsPerSecond,
      },
    };
  } finally {
    await Promise.allSettled([
      modernDirect.close(),
      modernVia.close(),
      legacyDirect.close(),
      legacyVia.close(),
    ]);
    await gateway.stop();
    await fixture.child.stop();
  }
}

/** Runs in a child with --expose-gc: the heap a thousand held calls take, per call. */
async function heldCallsChild(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const seal = new RequestStateSeal(async () => randomBytes(32), 600_000);
  const held = new HeldCalls(seal, 600_000, 10_000);
  const envelope = { protocolVersion: '2026-07-28', clientCapabilities: { elicitation: {} } };
  await held.hold(new ModernCall('warm', 'tools/call', 'srv__tool', envelope)); // key and codec
  held.cancelAll();
  const states: string[] = [];
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let index = 0; index < HELD_CALLS; index++) {
    const modern = new ModernCall('bench', 'tools/call', `srv__tool_${index}`, envelope);
    // The question a 2025 server asked during the call, waiting for the client's answer.
    void modern
      .request(
        'elicitation/create',
        { message: 'Name?', requestedSchema: { type: 'object' } },
        undefined,
        new AbortController().signal,
      )
      .catch(() => {});
    states.push(await held.hold(modern));
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  process.stdout.write(
    `${JSON.stringify({ heldCalls: held.size, bytesPerHeldCall: Math.round((after - before) / HELD_CALLS), stateBytes: states[0]?.length })}\n`,
  );
  held.cancelAll();
}

function benchHeldCalls(): Record<string, unknown> {
  progress(`memory of ${HELD_CALLS} held calls`);
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(ROOT, 'test/bench/modern-bench.ts'), '--held-calls-child'],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );
  if (child.status !== 0) throw new Error(`the held-calls probe failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      'skip-build': { type: 'boolean', default: false },
      'held-calls-child': { type: 'boolean', default: false },
    },
  });
  if (values['held-calls-child']) return heldCallsChild();
  if (!values['skip-build']) {
    progress('building the gateway (npm run build)');
    buildGateway();
  }
  const calls = await benchCalls(values.quick);
  const held = benchHeldCalls();
  const f = (value: unknown) => (typeof value === 'number' ? value.toFixed(2) : String(value));
  console.log('\nMCP eras through Gatehouse (dual-era fixture over Streamable HTTP)');
  console.log(
    `  2026-07-28: p50 added ${f(calls.modernAddedP50Ms)} ms, p99 added ${f(calls.modernAddedP99Ms)} ms, throughput at 64 in flight ${f(calls.modernThroughputRatio64)} of direct`,
  );
  console.log(
    `  2025-11-25: p50 added ${f(calls.legacyAddedP50Ms)} ms, p99 added ${f(calls.legacyAddedP99Ms)} ms, throughput at 64 in flight ${f(calls.legacyThroughputRatio64)} of direct`,
  );
  console.log(
    `  held calls: ${f(held.heldCalls)} held, ${f(held.bytesPerHeldCall)} bytes each (target < 10 KB), requestState ${f(held.stateBytes)} bytes`,
  );
  console.log(JSON.stringify({ modernEra: { calls, held } }));
}

main().then(
  () => killAllChildren(),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    killAllChildren();
    process.exit(1);
  },
);
