/**
 * The soak: the built gateway (`gatehouse serve`, its own process) in front of server-everything,
 * with policy, approvals and the audit trail on, fed tool calls at a steady rate for a set time.
 * Every window reports latency percentiles and the gateway's resident memory; at the end the audit
 * trail is checked call by call: every call answered must be recorded exactly once, and the hash
 * chain must verify. Used by `npm run bench` (10 minutes) and by a short CI test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { connect, CALL_TIMEOUT_MS } from './bench-clients.js';
import { percentile } from './measure.js';
import { MEMORY_PROBE_ARGS, MemoryWatch, slope, type WindowMemory } from './memory-watch.js';
import { BENCH_POLICIES, ROOT, startGateway, type GatewayProcess } from './processes.js';

export interface SoakOptions {
  readonly durationSeconds: number;
  readonly callsPerSecond: number;
  readonly windowSeconds: number;
  /** Every n-th call asks for approval, which a robot gives through the control API. */
  readonly approvalEvery: number;
  readonly onWindow?: (window: SoakWindow) => void;
  /** Runs the gateway from source instead of the build (the CI test). */
  readonly fromSource?: boolean;
  /**
   * Caps the gateway's V8 heap (MB). A leak then ends in an out-of-memory crash instead of a slow
   * climb, which tells a leak from a heap that only grows because the collector has room to wait.
   */
  readonly gatewayHeapMb?: number;
}

export interface SoakWindow extends WindowMemory {
  readonly endSecond: number;
  readonly calls: number;
  readonly errors: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export interface SoakResult {
  readonly windows: readonly SoakWindow[];
  readonly sent: number;
  readonly answered: number;
  readonly errors: number;
  readonly approvalsGiven: number;
  /** Mean RSS of the first and the last window. */
  readonly rssStartMb: number;
  readonly rssEndMb: number;
  /** Least-squares slope of the windows' mean RSS, in MB per minute: over the windows after the
   * first, and over the second half of the run (after the heap and caches have warmed up). */
  readonly rssSlopeMbPerMinute: number;
  readonly rssSlopeSecondHalfMbPerMinute: number;
  /** The same for the lowest JavaScript heap in use per window (what survives collection). */
  readonly heapSlopeSecondHalfMbPerMinute: number;
  readonly audit: {
    readonly expected: number;
    readonly found: number;
    readonly missing: number;
    readonly duplicated: number;
    readonly chainOk: boolean;
  };
}

const SOAK_POLICIES = {
  ...BENCH_POLICIES,
  rules: [{ id: 'ask-sums', action: 'approve', match: { tools: ['get-sum'] } }, ...BENCH_POLICIES.rules],
};

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const gateway = await startGateway({
    label: 'soak gateway',
    mcpServers: {
      everything: {
        command: process.execPath,
        args: [join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
      },
    },
    policies: SOAK_POLICIES,
    fromSource: options.fromSource ?? false,
    nodeArgs: [
      ...MEMORY_PROBE_ARGS,
      ...(options.gatewayHeapMb ? [`--max-old-space-size=${options.gatewayHeapMb}`] : []),
    ],
  });
  const stopRobot = new AbortController();
  try {
    const admin = await adminOf(gateway);
    let approvalsGiven = 0;
    const robot = approveEverything(admin, stopRobot.signal, () => approvalsGiven++);
    const client = await connect(gateway.url, gateway.token);
    await waitForTools(client);
    const run = await feed(client, gateway, options);
    await client.close();
    stopRobot.abort();
    await robot.catch(() => {});
    const audit = await checkAudit(admin, run.answeredIds);
    const { windows } = run;
    const secondHalf = windows.slice(Math.floor(windows.length / 2));
    return {
      windows,
      sent: run.sent,
      answered: run.answeredIds.length,
      errors: run.errors,
      approvalsGiven,
      rssStartMb: windows[0]?.rssMeanMb ?? Number.NaN,
      rssEndMb: windows.at(-1)?.rssMeanMb ?? Number.NaN,
      rssSlopeMbPerMinute: slopePerMinute(windows.slice(1), (window) => window.rssMeanMb),
      rssSlopeSecondHalfMbPerMinute: slopePerMinute(secondHalf, (window) => window.rssMeanMb),
      heapSlopeSecondHalfMbPerMinute: slopePerMinute(secondHalf, (window) => window.heapUsedMinMb),
      audit,
    };
  } finally {
    stopRobot.abort();
    await gateway.stop();
  }
}

/** Sends calls on a fixed schedule (open loop: a slow answer does not slow the sender). */
async function feed(client: Client, gateway: GatewayProcess, options: SoakOptions) {
  const windows: SoakWindow[] = [];
  const answeredIds: number[] = [];
  const intervalMs = 1000 / options.callsPerSecond;
  const start = performance.now();
  const end = start + options.durationSeconds * 1000;
  const total = Math.round(options.durationSeconds * options.callsPerSecond);
  let sent = 0;
  let errors = 0;
  let windowLatencies: number[] = [];
  let windowErrors = 0;
  let nextWindow = start + options.windowSeconds * 1000;
  const inFlight = new Set<Promise<void>>();
  const memory = new MemoryWatch(gateway.child.pid, gateway.dataDir);
  const closeWindow = () => {
    const sorted = [...windowLatencies].sort((a, b) => a - b);
    const window: SoakWindow = {
      endSecond: Math.round((nextWindow - start) / 1000),
      calls: sorted.length,
      errors: windowErrors,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      ...memory.closeWindow(),
    };
    windows.push(window);
    options.onWindow?.(window);
    windowLatencies = [];
    windowErrors = 0;
    nextWindow += options.windowSeconds * 1000;
  };
  while (sent < total) {
    const id = sent++;
    const began = performance.now();
    const call = callOnce(client, id, options.approvalEvery).then(
      () => {
        windowLatencies.push(performance.now() - began);
        answeredIds.push(id);
      },
      () => {
        errors++;
        windowErrors++;
      },
    );
    inFlight.add(call);
    void call.finally(() => inFlight.delete(call));
    const due = start + sent * intervalMs;
    // The last window closes after every call has answered: late answers join it, not a window
    // of their own.
    while (performance.now() >= nextWindow && nextWindow < end) closeWindow();
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(inFlight);
  if (windowLatencies.length > 0 || windowErrors > 0) closeWindow();
  memory.stop();
  return { windows, answeredIds, sent, errors };
}

/** One call, marked with its id so the audit check can find it. */
async function callOnce(client: Client, id: number, approvalEvery: number): Promise<void> {
  const result =
    id % approvalEvery === approvalEvery - 1
      ? await client.callTool({ name: 'everything__get-sum', arguments: { a: id, b: 0 } }, undefined, {
          timeout: CALL_TIMEOUT_MS,
        })
      : await client.callTool({ name: 'everything__echo', arguments: { message: `soak-${id}` } }, undefined, {
          timeout: CALL_TIMEOUT_MS,
        });
  if (result.isError) throw new Error(JSON.stringify(result.content));
}

interface Admin {
  readonly url: URL;
  readonly token: string;
}

/** The admin token from the runtime file, which `serve` writes just after its ready line. */
async function adminOf(gateway: GatewayProcess): Promise<Admin> {
  const file = join(gateway.dataDir, 'gateway.json');
  const deadline = Date.now() + 10_000;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const runtime = JSON.parse(readFileSync(file, 'utf8')) as { adminToken: string };
  return { url: new URL(gateway.url), token: runtime.adminToken };
}

async function control<T>(admin: Admin, method: string, args: unknown): Promise<T> {
  const response = await fetch(new URL(`/control/${method}`, admin.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const body = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.value;
}

/** The person, automated: allows every approval request as it arrives on the event stream. */
async function approveEverything(admin: Admin, signal: AbortSignal, given: () => void): Promise<void> {
  const response = await fetch(new URL('/control/events', admin.url), {
    headers: { authorization: `Bearer ${admin.token}`, accept: 'text/event-stream' },
    signal,
  });
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body!) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    let boundary: number;
    while ((boundary = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('');
      if (!data) continue;
      const parsed = JSON.parse(data) as { type: string; approval?: { id: string } };
      if (parsed.type !== 'approval.requested' || !parsed.approval) continue;
      void control(admin, 'approvals.decide', {
        id: parsed.approval.id,
        verdict: { kind: 'allow-once' },
      }).then(given, () => {});
    }
  }
}

/** Every answered call recorded exactly once, and the chain intact. */
async function checkAudit(admin: Admin, answeredIds: readonly number[]): Promise<SoakResult['audit']> {
  const seen = new Map<number, number>();
  let found = 0;
  for await (const line of exportedLines(admin)) {
    if (!line) continue;
    const record = JSON.parse(line) as { method: string; target?: string; arguments?: string };
    if (record.method !== 'tools/call' || !record.arguments) continue;
    const args = JSON.parse(record.arguments) as { message?: string; a?: number };
    const id = record.target === 'echo' ? Number(args.message?.slice('soak-'.length)) : args.a;
    if (typeof id !== 'number' || Number.isNaN(id)) continue;
    found++;
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  const missing = answeredIds.filter((id) => !seen.has(id)).length;
  const duplicated = [...seen.values()].filter((count) => count > 1).length;
  const verify = await control<{ ok: boolean }>(admin, 'audit.verify', {});
  return { expected: answeredIds.length, found, missing, duplicated, chainOk: verify.ok };
}

/** The whole trail as JSON Lines, fetched page by page as the UI does. */
async function* exportedLines(admin: Admin): AsyncGenerator<string> {
  type Cursor = { afterSeq: number; upToSeq: number };
  let page: Cursor | null | undefined;
  do {
    const answer: { text: string; next: Cursor | null } = await control(admin, 'audit.export', {
      format: 'jsonl',
      query: {},
      ...(page ? { page } : {}),
    });
    yield* answer.text.split('\n');
    page = answer.next;
  } while (page);
}

async function waitForTools(client: Client): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    if (names.includes('everything__echo') && names.includes('everything__get-sum')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server-everything did not come up behind the gateway within 30 s');
}

/** How fast a window's figure changes, in MB per minute (windows are evenly spaced). */
function slopePerMinute(windows: readonly SoakWindow[], figure: (window: SoakWindow) => number): number {
  return slope(
    windows.map((window) => window.endSecond / 60),
    windows.map(figure),
  );
}
