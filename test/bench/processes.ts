/**
 * Child processes for the benchmark: fixtures and gateways on 127.0.0.1, each tracked so that
 * every one of them ends when the benchmark does, also when it fails or is interrupted.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '../..');

const GATEWAY_CLI = join(ROOT, 'dist/shared/gateway/cli/main.js');
/** The CLI run from source, for tests that must not depend on a build. */
const SOURCE_CLI = ['--import', 'tsx', join(ROOT, 'shared/gateway/cli/main.ts')];
const STOP_GRACE_MS = 5000;
const TAIL_LINES = 30;
/** `getconf CLK_TCK`, which Linux has fixed at 100 on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** A child the benchmark started, with the last lines it wrote to stderr for error messages. */
export interface TrackedChild {
  readonly label: string;
  readonly process: ChildProcess;
  readonly pid: number;
  stderrTail(): string;
  /** How many process warnings (`(node:PID) …Warning: …`) it has written to stderr. */
  warningCount(): number;
  /** Asks it to stop (SIGTERM), then kills it if it has not exited within a few seconds. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
const dataDirs = new Set<string>();

/** Kills whatever is still running and removes gateway data folders, synchronously, for exit handlers. */
export function killAllChildren(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  running.clear();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  dataDirs.clear();
}

/** Runs `npm run build` so the gateway under test is the current source. */
export function buildGateway(): void {
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal})`);
}

/** A started child and what its ready line said. */
export interface StartedChild<T> {
  readonly child: TrackedChild;
  readonly value: T;
}

/**
 * Starts a child and waits for the first stdout line `parse` accepts.
 * @throws when the child exits first or `timeoutMs` passes.
 */
export async function startChild<T>(
  label: string,
  args: readonly string[],
  parse: (line: string) => T | undefined,
  timeoutMs: number,
): Promise<StartedChild<T>> {
  const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  proc.once('exit', () => running.delete(proc));
  const tail: string[] = [];
  let warnings = 0;
  createInterface({ input: proc.stderr! }).on('line', (line) => {
    if (/^\(node:\d+\) \w*Warning:/.test(line)) warnings++;
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  });
  const child: TrackedChild = {
    label,
    process: proc,
    pid: proc.pid ?? -1,
    stderrTail: () => tail.join('\n'),
    warningCount: () => warnings,
    stop: () => stopProcess(proc),
  };
  try {
    const value = await new Promise<T>((resolveValue, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${label} did not start within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const lines = createInterface({ input: proc.stdout! });
      lines.on('line', (line) => {
        let parsed: T | undefined;
        try {
          parsed = parse(line);
        } catch (error: unknown) {
          clearTimeout(timer);
          reject(error as Error);
          return;
        }
        if (parsed === undefined) return;
        clearTimeout(timer);
        lines.close();
        resolveValue(parsed);
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${label} exited (${code ?? signal}) before it was ready:\n${child.stderrTail()}`));
      });
      proc.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    // Nobody reads stdout from now on; keep draining it so the child never blocks on a full pipe.
    proc.stdout!.resume();
    return { child, value };
  } catch (error: unknown) {
    await child.stop();
    throw error;
  }
}

async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  await new Promise<void>((resolveStop) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_GRACE_MS);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    proc.kill('SIGTERM');
  });
}

/** Parses the `listening <url>` line the HTTP fixtures print. */
export function listeningUrl(line: string): string | undefined {
  return /^listening (\S+)/.exec(line)?.[1];
}

/** A Gatehouse process (the built CLI, no wrapper) with its data directory and a client token. */
export interface GatewayProcess {
  readonly child: TrackedChild;
  readonly dataDir: string;
  readonly url: string;
  readonly token: string;
  stop(): Promise<void>;
}

/** Options for one gateway run. */
export interface GatewayLaunch {
  readonly label: string;
  readonly mcpServers: Record<string, unknown>;
  /** Extra `node` flags for the gateway process, such as `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /** The `policies` section; the default is a realistic set that lets the bench's calls through. */
  readonly policies?: Record<string, unknown>;
  /** Runs the CLI from source (tsx) instead of the build, as tests do. */
  readonly fromSource?: boolean;
}

/**
 * Rules every benchmarked call is checked against, so the figures include policy evaluation (and,
 * since `serve` keeps it by default, the audit trail): none of them refuses the bench's calls.
 */
export const BENCH_POLICIES = {
  defaultAction: 'allow',
  rules: [
    { id: 'no-ssh', action: 'deny', match: { arguments: [{ anyString: true, glob: '**/.ssh/**' }] } },
    {
      id: 'no-internal-urls',
      action: 'deny',
      match: { arguments: [{ anyString: true, regex: '^https?://(10\\.|192\\.168\\.|internal)' }] },
    },
    { id: 'ask-deletes', action: 'approve', match: { annotations: { destructiveHint: true } } },
    { id: 'read-only', action: 'allow', match: { annotations: { readOnlyHint: true } } },
    { id: 'flag-echo', action: 'log', match: { tools: ['echo'] } },
  ],
};

/** Writes a config, creates a client and starts `gatehouse serve` on a free loopback port. */
export async function startGateway(launch: GatewayLaunch): Promise<GatewayProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  dataDirs.add(dataDir);
  const cli = launch.fromSource ? SOURCE_CLI : [GATEWAY_CLI];
  const removeDataDir = () => {
    rmSync(dataDir, { recursive: true, force: true });
    dataDirs.delete(dataDir);
  };
  try {
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify(
        {
          mcpServers: launch.mcpServers,
          settings: { namespacing: 'always' },
          policies: launch.policies ?? BENCH_POLICIES,
        },
        null,
        2,
      ),
    );
    const created = JSON.parse(
      execFileSync(process.execPath, [...cli, '--data-dir', dataDir, 'client', 'add', 'bench', '--json'], {
        cwd: ROOT,
        encoding: 'utf8',
      }),
    ) as { token?: unknown };
    if (typeof created.token !== 'string') throw new Error('gatehouse client add printed no token');
    const { child, value: url } = await startChild(
      launch.label,
      [...(launch.nodeArgs ?? []), ...cli, '--data-dir', dataDir, 'serve', '--port', '0', '--json'],
      parseServeLine,
      15_000,
    );
    return {
      child,
      dataDir,
      url,
      token: created.token,
      async stop() {
        await child.stop();
        removeDataDir();
      },
    };
  } catch (error: unknown) {
    removeDataDir();
    throw error;
  }
}

function parseServeLine(line: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  const record = parsed as { url?: unknown; error?: { message?: unknown } };
  if (record.error) throw new Error(`gatehouse serve failed: ${String(record.error.message)}`);
  return typeof record.url === 'string' ? record.url : undefined;
}

/**
 * Resident memory of a process, from `/proc/<pid>/status`, in MB (MiB): now, its peak, and now
 * split into anonymous memory (heaps, malloc) and file-backed pages (the program and libraries,
 * mapped in as code runs and given back under pressure).
 */
export function readMemory(pid: number): { rssMb: number; hwmMb: number; anonMb: number; fileMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${name}`);
    return Number(match[1]) / 1024;
  };
  return { rssMb: field('VmRSS'), hwmMb: field('VmHWM'), anonMb: field('RssAnon'), fileMb: field('RssFile') };
}

/** CPU time (user + system) a process has used so far, in seconds, from `/proc/<pid>/stat`. */
export function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses: fields are counted after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** Samples a process's resident memory on a timer and keeps the highest reading. */
export class RssSampler {
  #peakMb = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pid: number,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), this.intervalMs);
  }

  /** Stops sampling; returns the highest RSS seen, in MB. */
  stop(): number {
    clearInterval(this.#timer);
    this.#sample();
    return this.#peakMb;
  }

  /** The highest RSS seen so far, in MB. */
  get peakMb(): number {
    return this.#peakMb;
  }

  #sample(): void {
    this.#peakMb = Math.max(this.#peakMb, readMemory(this.pid).rssMb);
  }
}
