/**
 * The benchmark's results, the targets they are read against, and how both are printed: tables
 * for people, then the whole as one JSON line for scripts (always the last line of stdout).
 */
import type { ProfileSummary } from './cpu-profile.js';
import type { LatencyStats, ThroughputStats } from './measure.js';

/** Direct and through-the-gateway figures for one kind of call. */
export interface LatencyPair {
  readonly direct: LatencyStats;
  readonly gateway: LatencyStats;
}

/** Direct and through-the-gateway throughput at one number of calls in flight. */
export interface ThroughputRun {
  readonly concurrency: number;
  readonly direct: ThroughputStats;
  readonly gateway: ThroughputStats;
  /** Highest gateway RSS sampled during the measured gateway run, in MB. */
  readonly gatewayPeakRssMb: number;
  /** Gateway CPU time (user + system) per call during the measured run, in ms. */
  readonly gatewayCpuMsPerCall: number;
  /** The upstream server's CPU time per call during the direct run, in ms, for comparison. */
  readonly upstreamCpuMsPerCall: number;
}

/** `tools/call` figures against one upstream mode. */
export interface CallResults {
  /** How the upstream answers POSTs: `sse` streams (the SDK default) or plain `json`. */
  readonly mode: 'sse' | 'json';
  readonly gatewayReadyMs: number;
  /** `proxy` is the reference: a bare node:http pass-through proxy in the gateway's place. */
  readonly latency: LatencyPair & { readonly proxy: LatencyStats };
  /** Gateway CPU time per measured call of the sequential latency run, in ms. */
  readonly latencyCpuMsPerCall: number;
  readonly throughput: readonly ThroughputRun[];
  /** `loadPeakMb` is the sampled peak at the highest number of calls in flight. */
  readonly memory: { idleMb: number; loadPeakMb: number; highWaterMb: number };
  /** Process warnings the gateway printed (such as MaxListenersExceededWarning). */
  readonly gatewayWarnings: number;
}

/** Aggregated `tools/list` figures. */
export interface ListResults {
  readonly upstreams: number;
  readonly toolsEach: number;
  readonly total: number;
  /** From starting the gateway until its `tools/list` showed every tool. */
  readonly allListedMs: number;
  readonly gatewayIdleMb: number;
  readonly latency: LatencyPair;
}

/** Everything one run measured. */
export interface BenchResults {
  readonly plan: 'full' | 'quick';
  readonly node: string;
  readonly cpus: number;
  readonly seconds: number;
  /** The 1-minute load average when the run began and ended: other work skews every figure. */
  readonly loadAverage: { start: number; end: number };
  readonly calls: readonly CallResults[];
  readonly list: ListResults;
  readonly profileDir?: string;
  readonly profiles?: Record<string, ProfileSummary>;
}

/** A figure read against the goal set for it. */
export interface TargetCheck {
  readonly figure: string;
  readonly value: number;
  readonly target: string;
  readonly met: boolean;
}

type Cell = string | number;

const MODE_LABEL = { sse: 'SSE responses', json: 'JSON responses' } as const;

/** Formats a number with `digits` decimals, or a dash when there is no figure. */
export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

/** Lays out rows under a header: first column left-aligned, figures right-aligned. */
export function table(title: string, header: readonly string[], rows: readonly Cell[][], digits = 3): string {
  const text = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? fixed(cell, digits) : cell)));
  const widths = header.map((name, column) =>
    Math.max(name.length, ...text.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [title, `  ${line(header)}`, ...text.map((row) => `  ${line(row)}`)].join('\n');
}

/** The goals the figures are read against; printed, never asserted. */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const run of results.calls) {
    const { direct, gateway } = run.latency;
    const at64 = run.throughput.find((entry) => entry.concurrency === 64);
    const mode = run.mode.toUpperCase();
    checks.push(
      at(`tools/call p50 added, ms (${mode})`, gateway.p50 - direct.p50, '<= 0.2', (v) => v <= 0.2),
      at(`tools/call p99 added, ms (${mode})`, gateway.p99 - direct.p99, '<= 1', (v) => v <= 1),
    );
    if (at64) {
      const ratio = at64.gateway.callsPerSecond / at64.direct.callsPerSecond;
      checks.push(at(`throughput ratio at 64 in flight (${mode})`, ratio, '>= 1.0', (v) => v >= 1));
    }
    checks.push(
      at(`gateway idle RSS, MB (${mode})`, run.memory.idleMb, '<= 80', (v) => v <= 80),
      at(
        `gateway RSS under load, sampled peak, MB (${mode})`,
        run.memory.loadPeakMb,
        '<= 150',
        (v) => v <= 150,
      ),
    );
  }
  const { direct, gateway } = results.list.latency;
  checks.push(
    at(
      `aggregate tools/list p50 ÷ single-server p50 (${results.list.total} tools)`,
      gateway.p50 / direct.p50,
      '< 1',
      (v) => v < 1,
    ),
  );
  return checks;
}

function at(figure: string, value: number, target: string, test: (value: number) => boolean): TargetCheck {
  return { figure, value, target, met: test(value) };
}

function latencyRows(
  pair: LatencyPair & { readonly proxy?: LatencyStats },
  directLabel: string,
  gatewayLabel: string,
): Cell[][] {
  const row = (label: string, s: LatencyStats): Cell[] => [
    label,
    String(s.n),
    s.p50,
    s.p90,
    s.p99,
    s.mean,
    s.max,
  ];
  const added = (label: string, a: LatencyStats, b: LatencyStats): Cell[] => [
    label,
    '',
    b.p50 - a.p50,
    b.p90 - a.p90,
    b.p99 - a.p99,
    b.mean - a.mean,
    '',
  ];
  const { direct, gateway, proxy } = pair;
  const rows = [row(directLabel, direct), row(gatewayLabel, gateway)];
  if (proxy) rows.push(row('c: bare node:http proxy (reference)', proxy));
  rows.push(added('added by Gatehouse (b - a)', direct, gateway));
  if (proxy) rows.push(added('added by bare proxy (c - a)', direct, proxy));
  return rows;
}

/** Prints the tables to stdout and ends with the JSON summary line. */
export function printReport(results: BenchResults): void {
  const out: string[] = [];
  const latencyHeader = ['path', 'n', 'p50', 'p90', 'p99', 'mean', 'max'];
  out.push(
    `Gatehouse gateway benchmark: ${results.plan} run, node ${results.node}, ${results.cpus} CPUs, ${fixed(results.seconds, 0)} s`,
    'Upstream: @modelcontextprotocol/server-everything over Streamable HTTP on 127.0.0.1; client: SDK Client.',
    `1-minute load average: ${fixed(results.loadAverage.start, 2)} at start, ${fixed(results.loadAverage.end, 2)} at end` +
      (results.loadAverage.start > 1
        ? ' (the machine was busy when the run began: expect noisy figures)'
        : ''),
    '',
  );
  for (const run of results.calls) {
    out.push(
      table(
        `tools/call latency, sequential, ms (upstream sends ${MODE_LABEL[run.mode]})`,
        latencyHeader,
        latencyRows(run.latency, 'a: direct (echo)', 'b: via Gatehouse (up__echo)'),
      ),
      `  gateway CPU time per call: ${fixed(run.latencyCpuMsPerCall, 3)} ms` +
        (run.gatewayWarnings > 0 ? `; the gateway printed ${run.gatewayWarnings} process warnings` : ''),
      '',
    );
  }
  out.push(
    table(
      'tools/call throughput on one client session, calls/s (fixed duration)',
      [
        'upstream sends',
        'in flight',
        'a: direct',
        'b: via Gatehouse',
        'ratio b/a',
        'calls a / b',
        'gw CPU ms/call',
        'upstream CPU ms/call',
        'gw peak RSS MB',
      ],
      results.calls.flatMap((run) =>
        run.throughput.map((entry): Cell[] => [
          MODE_LABEL[run.mode],
          String(entry.concurrency),
          fixed(entry.direct.callsPerSecond, 0),
          fixed(entry.gateway.callsPerSecond, 0),
          entry.gateway.callsPerSecond / entry.direct.callsPerSecond,
          `${entry.direct.calls} / ${entry.gateway.calls}`,
          fixed(entry.gatewayCpuMsPerCall, 3),
          fixed(entry.upstreamCpuMsPerCall, 3),
          fixed(entry.gatewayPeakRssMb, 1),
        ]),
      ),
      2,
    ),
    '',
  );
  const list = results.list;
  out.push(
    table(
      `tools/list, sequential, ms (${list.total} tools each way)`,
      latencyHeader,
      latencyRows(
        list.latency,
        `a: one server, ${list.total} tools, HTTP`,
        `b: Gatehouse, ${list.upstreams} stdio x ${list.toolsEach}`,
      ),
    ),
    `  gateway listed all ${list.total} tools ${fixed(list.allListedMs / 1000, 1)} s after it was started; ` +
      `ratio b/a at p50: ${fixed(list.latency.gateway.p50 / list.latency.direct.p50, 2)}`,
    '',
    table(
      'Gateway resident memory (VmRSS of the gateway process), MB',
      ['gateway', 'idle', 'peak at 64 in flight (sampled)', 'VmHWM at end'],
      [
        ...results.calls.map((run): Cell[] => [
          `1 HTTP upstream (${MODE_LABEL[run.mode]})`,
          run.memory.idleMb,
          run.memory.loadPeakMb,
          run.memory.highWaterMb,
        ]),
        [`${list.upstreams} stdio upstreams, ${list.total} tools`, list.gatewayIdleMb, '-', '-'],
      ],
      1,
    ),
    '',
  );
  const targets = checkTargets(results);
  out.push(
    table(
      'Targets (printed, not asserted)',
      ['figure', 'value', 'target', 'met'],
      targets.map((check): Cell[] => [
        check.figure,
        fixed(check.value, 3),
        check.target,
        check.met ? 'yes' : 'NO',
      ]),
    ),
    '',
  );
  for (const [mode, profile] of Object.entries(results.profiles ?? {})) {
    out.push(
      `CPU profile of the gateway (${mode} upstream): ${fixed(profile.busyMs, 0)} ms busy, ${fixed(profile.idleMs, 0)} ms idle` +
        ` (files in ${results.profileDir}; whole process life, start-up included).` +
        '\n  Socket writes also hold time the gateway waited for a CPU inside the syscall when the machine was busy.',
      table(
        '  self time by area',
        ['area', 'ms', 'share'],
        profile.byArea.map((entry): Cell[] => [
          entry.name,
          fixed(entry.ms, 0),
          `${fixed(entry.share * 100, 1)}%`,
        ]),
      ),
      table(
        '  top functions by self time',
        ['function  file:line', 'ms', 'share'],
        profile.topFunctions.map((entry): Cell[] => [
          entry.name,
          fixed(entry.ms, 0),
          `${fixed(entry.share * 100, 1)}%`,
        ]),
      ),
      '',
    );
  }
  out.push(JSON.stringify({ ...results, targets }));
  process.stdout.write(`${out.join('\n')}\n`);
}
