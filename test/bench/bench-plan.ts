/**
 * How much the benchmark does: the full run the figures are quoted from, and a short smoke run.
 */

/** How much of everything to do. */
export interface Plan {
  readonly name: 'full' | 'quick';
  readonly latency: { warmup: number; measured: number; rounds: number };
  readonly throughput: { warmupMs: number; durationMs: number; concurrencies: readonly number[] };
  /** Whether to repeat the call benchmarks with the upstream answering plain JSON. */
  readonly jsonResponseToo: boolean;
  readonly list: { upstreams: number; toolsEach: number; warmup: number; measured: number; rounds: number };
}

/** The run the figures are quoted from: about two minutes on a 2-core machine. */
export const FULL: Plan = {
  name: 'full',
  latency: { warmup: 300, measured: 2000, rounds: 4 },
  throughput: { warmupMs: 1000, durationMs: 3000, concurrencies: [16, 64] },
  jsonResponseToo: true,
  list: { upstreams: 20, toolsEach: 50, warmup: 20, measured: 200, rounds: 4 },
};

/** A smoke run of every part, in about twenty seconds; its figures are too short to quote. */
export const QUICK: Plan = {
  name: 'quick',
  latency: { warmup: 50, measured: 200, rounds: 2 },
  throughput: { warmupMs: 300, durationMs: 1000, concurrencies: [16, 64] },
  jsonResponseToo: false,
  list: { upstreams: 4, toolsEach: 50, warmup: 3, measured: 20, rounds: 2 },
};

/** Tells the person running the benchmark what it is doing (stderr, so stdout stays the report). */
export function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}
