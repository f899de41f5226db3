/**
 * The `tools/call` part of the benchmark: latency, throughput and gateway memory, straight to
 * server-everything over Streamable HTTP, through Gatehouse, and through a bare pass-through
 * proxy as the reference for what any extra Node hop costs here.
 */
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallResults, ThroughputRun } from './bench-report.js';
import { checkEcho, connect, echoCall, pair } from './bench-clients.js';
import { progress, type Plan } from './bench-plan.js';
import { sequentialLatency, throughput, waitUntil, type ThroughputStats } from './measure.js';
import {
  listeningUrl,
  readCpuSeconds,
  readMemory,
  ROOT,
  RssSampler,
  startChild,
  startGateway,
  type GatewayProcess,
  type StartedChild,
} from './processes.js';

const HTTP_UPSTREAM = join(ROOT, 'test/fixtures/http-upstream.ts');
const PASS_THROUGH_PROXY = join(ROOT, 'test/bench/pass-through-proxy.ts');
const RSS_SAMPLE_MS = 20;
/** A ceiling on one throughput run besides its duration, should calls ever come back instantly. */
const MAX_CALLS_PER_RUN = 200_000;

/** Latency, throughput and memory of `tools/call`, direct and through a gateway. */
export async function benchCalls(
  plan: Plan,
  jsonResponse: boolean,
  profileDir: string | undefined,
): Promise<CallResults> {
  const mode = jsonResponse ? 'json' : 'sse';
  progress(`tools/call, upstream answering ${mode === 'json' ? 'plain JSON' : 'SSE streams'}`);
  const fixture = await startChild(
    `http-upstream (${mode})`,
    [
      '--import',
      'tsx',
      HTTP_UPSTREAM,
      'streamable-http',
      '--port',
      '0',
      ...(jsonResponse ? ['--json-response'] : []),
    ],
    listeningUrl,
    30_000,
  );
  const clients: Client[] = [];
  let gateway: GatewayProcess | undefined;
  let proxy: StartedChild<string> | undefined;
  try {
    proxy = await startChild(
      'pass-through proxy',
      ['--import', 'tsx', PASS_THROUGH_PROXY, '--target', fixture.value],
      listeningUrl,
      30_000,
    );
    gateway = await startGateway({
      label: `gatehouse (${mode})`,
      mcpServers: { up: { url: fixture.value, type: 'streamable-http' } },
      nodeArgs: profileDir
        ? ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', join(profileDir, mode)]
        : [],
    });
    const direct = await connect(fixture.value);
    clients.push(direct);
    const via = await connect(gateway.url, gateway.token);
    clients.push(via);
    const viaProxy = await connect(proxy.value);
    clients.push(viaProxy);
    const readyMs = await waitUntil(
      async () => (await via.listTools()).tools.some((t) => t.name === 'up__echo'),
      {
        timeoutMs: 30_000,
        intervalMs: 50,
        what: 'the gateway to list up__echo',
      },
    );
    // Let start-up garbage be collected before calling the gateway idle.
    await delay(1000);
    const idle = readMemory(gateway.child.pid);
    await checkEcho(direct, 'echo');
    await checkEcho(via, 'up__echo');

    const pid = gateway.child.pid;
    let cpuBefore = 0;
    const latency = await sequentialLatency(
      [
        { label: 'direct', run: echoCall(direct, 'echo') },
        { label: 'gateway', run: echoCall(via, 'up__echo') },
        { label: 'proxy', run: echoCall(viaProxy, 'echo') },
      ],
      { ...plan.latency, deadlineMs: 180_000, onMeasureStart: () => (cpuBefore = readCpuSeconds(pid)) },
    );
    // The gateway idles while the other rounds run, so its CPU time is all spent on its own calls.
    const latencyCpuMsPerCall = ((readCpuSeconds(pid) - cpuBefore) * 1000) / plan.latency.measured;

    const runs: ThroughputRun[] = [];
    for (const concurrency of plan.throughput.concurrencies) {
      const { warmupMs, durationMs } = plan.throughput;
      const options = { concurrency, maxCalls: MAX_CALLS_PER_RUN };
      await throughput(echoCall(direct, 'echo'), { ...options, durationMs: warmupMs });
      const upstreamCpuStart = readCpuSeconds(fixture.child.pid);
      const directRun = await throughput(echoCall(direct, 'echo'), { ...options, durationMs });
      const upstreamCpuMsPerCall =
        ((readCpuSeconds(fixture.child.pid) - upstreamCpuStart) * 1000) / directRun.calls;
      await throughput(echoCall(via, 'up__echo'), { ...options, durationMs: warmupMs });
      const sampler = new RssSampler(pid, RSS_SAMPLE_MS);
      sampler.start();
      const cpuStart = readCpuSeconds(pid);
      let gatewayRun: ThroughputStats;
      try {
        gatewayRun = await throughput(echoCall(via, 'up__echo'), { ...options, durationMs });
      } finally {
        sampler.stop();
      }
      runs.push({
        concurrency,
        direct: directRun,
        gateway: gatewayRun,
        gatewayPeakRssMb: sampler.peakMb,
        gatewayCpuMsPerCall: ((readCpuSeconds(pid) - cpuStart) * 1000) / gatewayRun.calls,
        upstreamCpuMsPerCall,
      });
    }
    const memory = {
      idleMb: idle.rssMb,
      loadPeakMb: runs.at(-1)?.gatewayPeakRssMb ?? Number.NaN,
      highWaterMb: readMemory(pid).hwmMb,
    };
    return {
      mode,
      gatewayReadyMs: readyMs,
      latency: { ...pair(latency), proxy: latency.get('proxy')! },
      latencyCpuMsPerCall,
      throughput: runs,
      memory,
      gatewayWarnings: gateway.child.warningCount(),
    };
  } finally {
    await Promise.allSettled(clients.map((client) => client.close()));
    await gateway?.stop();
    await proxy?.child.stop();
    await fixture.child.stop();
  }
}
