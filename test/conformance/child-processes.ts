/**
 * Child-process bookkeeping for the conformance harness: starting children in their own process
 * groups, waiting for them to be ready or to finish, and making sure none outlives the harness.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { ROOT, START_TIMEOUT_MS, STOP_GRACE_MS, TSX } from './harness-config.js';
import { HarnessError } from './harness-error.js';

/** Tracks every child and temp dir the harness makes, so none outlives it, whatever happens. */
export class RunResources {
  private readonly children = new Set<ChildProcess>();
  private readonly tempDirs = new Set<string>();

  /** Makes a private temp dir that is removed at the end even if the run is interrupted. */
  async makeTempDir(prefix: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    this.tempDirs.add(dir);
    return dir;
  }

  async removeTempDir(dir: string): Promise<void> {
    this.tempDirs.delete(dir);
    await rm(dir, { recursive: true, force: true });
  }

  /**
   * Starts a child in its own process group: tsx runs a second node, and both must stop.
   * `env` replaces the inherited environment when given.
   */
  start(command: string, args: string[], logFile?: string, env?: NodeJS.ProcessEnv): ChildProcess {
    const child = spawn(command, args, {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(env ? { env } : {}),
    });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    // A spawn failure is reported by whoever waits on the child; unheard, it would crash the harness.
    child.on('error', () => undefined);
    if (logFile !== undefined) {
      // Always drain both pipes: a child blocked on a full pipe looks like a hung server.
      const log = createWriteStream(logFile);
      child.stdout?.pipe(log, { end: false });
      child.stderr?.pipe(log, { end: false });
      child.once('close', () => log.end());
    }
    return child;
  }

  /** Stops one child and everything in its process group. */
  async stop(child: ChildProcess): Promise<void> {
    const pid = child.pid;
    if (pid === undefined) return;
    const exited = child.exitCode !== null || child.signalCode !== null;
    const gone = exited ? Promise.resolve() : new Promise<void>((done) => child.once('exit', () => done()));
    signalGroup(pid, 'SIGTERM');
    await Promise.race([gone, delay(STOP_GRACE_MS, undefined, { ref: false })]);
    // Grandchildren (an upstream the gateway launched) may outlive the leader: end the whole group.
    signalGroup(pid, 'SIGKILL');
    this.children.delete(child);
  }

  async releaseAll(): Promise<void> {
    await Promise.all([...this.children].map((child) => this.stop(child)));
    await Promise.all([...this.tempDirs].map((dir) => this.removeTempDir(dir)));
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we wanted.
  }
}

/** Resolves with the first stdout line that `accept` maps to a value; rejects on exit or timeout. */
export function waitForLine<T>(
  child: ChildProcess,
  what: string,
  accept: (line: string) => T | undefined,
): Promise<T> {
  return new Promise<T>((resolveLine, reject) => {
    if (!child.stdout) return reject(new HarnessError('start-failed', `${what} has no stdout.`));
    const lines = createInterface({ input: child.stdout });
    const finish = (error: Error | undefined, value?: T): void => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onError);
      // The reader stays attached: closing it would pause stdout, which also feeds the log file.
      lines.off('line', onLine);
      if (error) reject(error);
      else resolveLine(value as T);
    };
    const onLine = (line: string): void => {
      const value = accept(line.trim());
      if (value !== undefined) finish(undefined, value);
    };
    const onExit = (code: number | null): void =>
      finish(
        new HarnessError('start-failed', `${what} exited (code ${code}) before it was ready; see its log.`),
      );
    const onError = (error: Error): void =>
      finish(new HarnessError('start-failed', `${what} could not start: ${error.message}`));
    const timer = setTimeout(
      () =>
        finish(
          new HarnessError('start-failed', `${what} was not ready within ${START_TIMEOUT_MS / 1000} s.`),
        ),
      START_TIMEOUT_MS,
    );
    lines.on('line', onLine);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

/** Waits for a child to finish on its own, within a bound; 'close' so its output is all read. */
export function waitForExit(child: ChildProcess, what: string, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolveExit, reject) => {
    const timer = setTimeout(
      () => reject(new HarnessError('suite-failed', `${what} did not finish within ${timeoutMs / 1000} s.`)),
      timeoutMs,
    );
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new HarnessError('command-failed', `${what} could not start: ${error.message}`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolveExit(code ?? 1);
    });
  });
}

/** Runs a short command to completion and returns its stdout. */
export async function runCommand(resources: RunResources, args: string[], what: string): Promise<string> {
  const child = resources.start(TSX, args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await waitForExit(child, what, START_TIMEOUT_MS);
  if (code !== 0) {
    throw new HarnessError('command-failed', `${what} failed (exit ${code}): ${stderr.trim().slice(-500)}`);
  }
  return stdout;
}
