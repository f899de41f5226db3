/**
 * Watches a gateway's memory while a bench runs: RSS from `/proc` and, when the gateway runs with
 * `memory-probe.mjs`, V8's own figures, sampled every couple of seconds and summed up per window.
 * One reading per window would catch the garbage collector's sawtooth at a random phase; the
 * mean and the range over all of a window's samples do not.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readMemory } from './processes.js';

/** `node` flags that load the probe into the gateway. */
export const MEMORY_PROBE_ARGS = [
  '--import',
  pathToFileURL(join(import.meta.dirname, 'memory-probe.mjs')).href,
];

/** A window's memory, in MB (MiB). */
export interface WindowMemory {
  readonly rssMeanMb: number;
  readonly rssMinMb: number;
  readonly rssMaxMb: number;
  /** Mean anonymous (heaps, malloc) and file-backed (program, libraries) parts of RSS. */
  readonly anonMb: number;
  readonly fileMb: number;
  /** The lowest JavaScript heap in use seen in the window: close to what survives collection. */
  readonly heapUsedMinMb: number;
  /** The heap V8 has reserved (mean), and memory held outside it (Buffers, native objects). */
  readonly heapTotalMb: number;
  readonly externalMb: number;
}

interface ProbeReading {
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly external: number;
}

const MB = 1024 * 1024;

export class MemoryWatch {
  readonly #timer: NodeJS.Timeout;
  #rss: { rssMb: number; anonMb: number; fileMb: number }[] = [];
  #probe: ProbeReading[] = [];

  constructor(
    private readonly pid: number,
    private readonly dataDir: string,
    intervalMs = 2000,
  ) {
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), intervalMs);
  }

  /** The window just ended, summed up; starts the next one. */
  closeWindow(): WindowMemory {
    this.#sample();
    const rss = this.#rss;
    const probe = this.#probe;
    this.#rss = [];
    this.#probe = [];
    return {
      rssMeanMb: mean(rss.map((r) => r.rssMb)),
      rssMinMb: Math.min(...rss.map((r) => r.rssMb)),
      rssMaxMb: Math.max(...rss.map((r) => r.rssMb)),
      anonMb: mean(rss.map((r) => r.anonMb)),
      fileMb: mean(rss.map((r) => r.fileMb)),
      heapUsedMinMb: probe.length ? Math.min(...probe.map((p) => p.heapUsed)) / MB : Number.NaN,
      heapTotalMb: probe.length ? mean(probe.map((p) => p.heapTotal)) / MB : Number.NaN,
      externalMb: probe.length ? mean(probe.map((p) => p.external)) / MB : Number.NaN,
    };
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #sample(): void {
    this.#rss.push(readMemory(this.pid));
    const file = join(this.dataDir, 'memory-probe.json');
    if (existsSync(file)) this.#probe.push(JSON.parse(readFileSync(file, 'utf8')) as ProbeReading);
  }
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Least-squares slope of `ys` against `xs`. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length < 2) return 0;
  const meanX = mean(xs);
  const meanY = mean(ys);
  const covariance = xs.reduce((sum, x, index) => sum + (x - meanX) * (ys[index]! - meanY), 0);
  const variance = xs.reduce((sum, x) => sum + (x - meanX) ** 2, 0);
  return variance === 0 ? 0 : covariance / variance;
}
