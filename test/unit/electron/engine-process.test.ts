/**
 * The engine in its own process, as the desktop app runs it, with `child_process.fork` standing in
 * for Electron's `utilityProcess.fork`: start, control calls, events, a failed start, and stop.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ControlEvent } from '../../../shared/contracts/control-events.js';
import { EngineClient, EngineStartError } from '../../../electron/main/engine-client.js';
import { readRuntimeFile } from '../../../shared/gateway/config/runtime-file.js';
import { silentLogger } from '../../../shared/gateway/logger.js';
import { forkEngine } from '../../fixtures/fork-engine.js';

const dirs: string[] = [];
const engines: EngineClient[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.stop()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A data directory whose gateway listens on a free port, with no servers. */
function dataDir(config: unknown = { mcpServers: {}, settings: { port: 0 } }): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-engine-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}

function startEngine(dir: string) {
  const forked = forkEngine(dir, { GATEHOUSE_KEYCHAIN_SERVICE: 'gatehouse-engine-test' });
  const engine = new EngineClient(forked.channel, silentLogger);
  engines.push(engine);
  return { engine, ...forked };
}

describe('engine process', () => {
  it('answers calls made before it has started, then follows its state and events', async () => {
    const dir = dataDir();
    const { engine, child } = startEngine(dir);
    // Sent at once: the host holds it until the engine is up, as a window opened early would.
    const early = engine.call('gateway.state', {});
    const started = await engine.started;
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(await early).toMatchObject({
      ok: true,
      value: { pausedSince: null, pendingApprovals: 0, audit: { state: 'ok' } },
    });

    // The CLI finds the app's engine through the runtime file, which names the engine's pid.
    expect(readRuntimeFile(dir)).toMatchObject({ pid: child.pid, url: started.url });

    const events: ControlEvent[] = [];
    engine.events.subscribe((event) => events.push(event));
    const paused = await engine.state.setPaused(true, 'desktop');
    expect(paused.pausedSince).not.toBeNull();
    expect(engine.state.current()).toEqual(paused);
    expect(events).toContainEqual({ type: 'gateway.state', state: paused });
  });

  it('checks arguments and answers failures with the envelope', async () => {
    const { engine } = startEngine(dataDir());
    await engine.started;
    expect(await engine.call('servers.restart', { name: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_arguments' },
    });
    expect(await engine.call('secrets.read', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
    expect(await engine.call('servers.restart', { name: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'server_unknown' },
    });
  });

  it('stops cleanly on request: the process ends and the runtime file goes', async () => {
    const dir = dataDir();
    const { engine, child } = startEngine(dir);
    await engine.started;
    expect(readRuntimeFile(dir).pid).toBe(child.pid);
    await engine.stop();
    expect(child.exitCode).toBe(0);
    expect(() => readRuntimeFile(dir)).toThrow(/not running/);
    expect(await engine.call('gateway.state', {})).toMatchObject({
      ok: false,
      error: { code: 'engine_unavailable' },
    });
  });

  it('reports a failed start in words, and answers calls with the reason instead of hanging', async () => {
    const { engine } = startEngine(dataDir('{ this is not json'));
    const error = await engine.started.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(EngineStartError);
    expect((error as Error).message).toMatch(/config\.json/);
    expect(await engine.call('gateway.state', {})).toMatchObject({
      ok: false,
      error: { code: 'engine_unavailable', message: expect.stringContaining('Gatehouse could not start') },
    });
  });

  it('answers waiting calls when the process dies, and tells whoever listens', async () => {
    const { engine, child } = startEngine(dataDir());
    await engine.started;
    const exited = new Promise<number | null>((resolve) => engine.onExit(resolve));
    child.kill('SIGKILL');
    expect(await exited).toBeNull();
    // Whoever asks later (the shell, once start-up finished) still hears of it.
    const late: (number | null)[] = [];
    engine.onExit((code) => late.push(code));
    expect(late).toEqual([null]);
    expect(await engine.call('gateway.state', {})).toMatchObject({
      ok: false,
      error: { code: 'engine_unavailable' },
    });
  });
});

describe('engine client without a process', () => {
  it('kills an engine that does not stop within the time limit', async () => {
    vi.useFakeTimers();
    try {
      const exitListeners: ((code: number | null) => void)[] = [];
      const posted: unknown[] = [];
      let killed = 0;
      const engine = new EngineClient(
        {
          post: (message) => posted.push(message),
          onMessage: () => {},
          onExit: (listener) => exitListeners.push(listener),
          kill: () => {
            killed++;
            for (const listener of exitListeners) listener(null);
          },
        },
        silentLogger,
      );
      const stopping = engine.stop(5000);
      expect(posted).toEqual([{ type: 'stop' }]);
      await vi.advanceTimersByTimeAsync(4999);
      expect(killed).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      await stopping;
      expect(killed).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
