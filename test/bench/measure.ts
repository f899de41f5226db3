/**
 * Timing loops and statistics for the benchmark. Every loop is bounded by a count and a deadline.
 */

/** One operation under test, such as a `tools/call` on a connected client. */
export type Operation = () => Promise<unknown>;

/** Latency figures in milliseconds. */
export interface LatencyStats {
  readonly n: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

/** A target measured side by side with others. */
export interface Contender {
  readonly label: string;
  readonly run: Operation;
}

/** Thrown when a loop runs past its deadline: the figures would not mean what they say. */
export class BenchTimeoutError extends Error {
  override readonly name = 'BenchTimeoutError';
}

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** Summarises samples given in nanoseconds as milliseconds. */
export function latencyStats(samplesNs: readonly number[]): LatencyStats {
  const sorted = samplesNs.map((ns) => ns / 1e6).sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    mean: sum / sorted.length,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/**
 * Sequential latency of several contenders. Each is warmed up, then the measured calls run in
 * alternating rounds so that drift (a neighbour's CPU use, GC, thermal state) hits all alike.
 */
export async function sequentialLatency(
  contenders: readonly Contender[],
  options: {
    warmup: number;
    measured: number;
    rounds: number;
    deadlineMs: number;
    /** Called between warm-up and the measured rounds, to start other meters. */
    onMeasureStart?: () => void;
  },
): Promise<Map<string, LatencyStats>> {
  const deadline = Date.now() + options.deadlineMs;
  const check = () => {
    if (Date.now() > deadline) throw new BenchTimeoutError(`latency run passed ${options.deadlineMs} ms`);
  };
  for (const contender of contenders) {
    for (let i = 0; i < options.warmup; i++) {
      await contender.run();
      if (i % 100 === 0) check();
    }
  }
  options.onMeasureStart?.();
  const samples = new Map<string, number[]>(contenders.map((contender) => [contender.label, []]));
  const perRound = Math.ceil(options.measured / options.rounds);
  for (let round = 0; round < options.rounds; round++) {
    for (const contender of contenders) {
      const into = samples.get(contender.label)!;
      const count = Math.min(perRound, options.measured - into.length);
      for (let i = 0; i < count; i++) {
        const start = process.hrtime.bigint();
        await contender.run();
        into.push(Number(process.hrtime.bigint() - start));
      }
      check();
    }
  }
  return new Map([...samples].map(([label, values]) => [label, latencyStats(values)]));
}

/** Throughput of one run: how many calls finished per second. */
export interface ThroughputStats {
  readonly calls: number;
  readonly concurrency: number;
  readonly seconds: number;
  readonly callsPerSecond: number;
}

/**
 * Keeps `concurrency` calls in flight for `durationMs` (or until `maxCalls` have started), then
 * waits for the last ones and reports calls per second over the whole span.
 */
export async function throughput(
  run: Operation,
  options: { durationMs: number; concurrency: number; maxCalls: number },
): Promise<ThroughputStats> {
  let started = 0;
  let finished = 0;
  const begin = process.hrtime.bigint();
  const stopAt = Date.now() + options.durationMs;
  const worker = async () => {
    while (started < options.maxCalls && Date.now() < stopAt) {
      started++;
      await run();
      finished++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
  return { calls: finished, concurrency: options.concurrency, seconds, callsPerSecond: finished / seconds };
}

/** Polls until `check` holds, at most `timeoutMs`; resolves with how long it took. */
export async function waitUntil(
  check: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs: number; what: string },
): Promise<number> {
  const begin = Date.now();
  for (;;) {
    if (await check()) return Date.now() - begin;
    if (Date.now() - begin > options.timeoutMs)
      throw new BenchTimeoutError(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, options.intervalMs));
  }
}
