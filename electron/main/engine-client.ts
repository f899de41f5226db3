/**
 * The main process's handle on the engine process: starts with it, relays control calls to it,
 * fans its events out, keeps its last known state for the tray, and stops it. Knows nothing of
 * Electron: the channel is a small interface that `utilityProcess` (in the app) and
 * `child_process.fork` (in tests) both fit.
 */
import type { ControlResponse } from '../../shared/contracts/control-api.js';
import type { GatewayState } from '../../shared/contracts/control-events.js';
import { ControlEventHub } from '../../shared/gateway/control/control-event-hub.js';
import type { Logger } from '../../shared/gateway/logger.js';
import { controlFailure, type ControlDispatch } from '../engine/control-dispatch.js';
import type { EnginePort, FromEngine, ToEngine } from '../engine/engine-protocol.js';
import type { ShellEngine } from './desktop-shell.js';

/** The engine process as the main process sees it. */
export interface EngineChannel extends EnginePort<FromEngine, ToEngine> {
  /** Runs once when the process has ended, for whatever reason. */
  onExit(listener: (code: number | null) => void): void;
  /** Ends the process now. */
  kill(): void;
}

/** Where the started engine listens, for the runtime file and the bridge. */
export interface EngineStarted {
  readonly url: string;
  readonly adminToken: string;
}

/** The engine could not start; `problem` says why in words. */
export class EngineStartError extends Error {
  override readonly name = 'EngineStartError';
}

/** How long a stopping engine may take (it flushes the audit trail, denies pending approvals). */
const STOP_TIMEOUT_MS = 10_000;

export class EngineClient implements ShellEngine {
  /** Resolves once the engine listens; rejects with EngineStartError if it cannot start. */
  readonly started: Promise<EngineStarted>;
  readonly events: ControlEventHub;
  readonly state: ShellEngine['state'];
  #current: GatewayState = { pausedSince: null, pendingApprovals: 0 };
  #nextId = 1;
  readonly #waiting = new Map<number, (response: ControlResponse<unknown>) => void>();
  #exited = false;
  #exitCode: number | null = null;
  readonly #exitListeners: ((code: number | null) => void)[] = [];

  constructor(
    private readonly channel: EngineChannel,
    logger: Logger,
  ) {
    this.events = new ControlEventHub(logger);
    this.state = {
      current: () => this.#current,
      setPaused: async (paused) => {
        const response = await this.call(paused ? 'gateway.pause' : 'gateway.resume', {});
        if (!response.ok) throw new Error(response.error.message);
        // The engine answers pause and resume with its new state (control-api.ts, gateway.pause).
        this.#current = response.value as GatewayState;
        return this.#current;
      },
    };
    this.started = new Promise((resolve, reject) => {
      channel.onMessage((message) => {
        switch (message.type) {
          case 'started':
            this.#current = message.state;
            return resolve({ url: message.url, adminToken: message.adminToken });
          case 'failed':
            return reject(new EngineStartError(message.problem));
          case 'answer':
            return this.#answer(message.id, message.response);
          case 'event':
            if (message.event.type === 'gateway.state') this.#current = message.event.state;
            return this.events.emit(message.event);
          case 'stopped':
            return;
        }
      });
      channel.onExit((code) => {
        this.#exited = true;
        this.#exitCode = code;
        reject(
          new EngineStartError(`The engine process ended before it started (exit code ${String(code)}).`),
        );
        for (const id of [...this.#waiting.keys()])
          this.#answer(id, controlFailure('engine_unavailable', 'The Gatehouse engine is not running.'));
        for (const listener of this.#exitListeners) listener(code);
      });
    });
    // A failed start is reported through `started`; this keeps it from also counting as unhandled.
    this.started.catch(() => {});
  }

  /** Relays one control call; the engine checks the arguments and answers with the envelope. */
  readonly dispatch: ControlDispatch = (method, args) => this.call(method, args);

  /** Relays one control call by name. */
  call(method: unknown, args: unknown): Promise<ControlResponse<unknown>> {
    if (this.#exited)
      return Promise.resolve(controlFailure('engine_unavailable', 'The Gatehouse engine is not running.'));
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      this.channel.post({ type: 'call', id, method: String(method), args });
    });
  }

  /** Runs when the engine process ends (a crash after start, or the end of `stop`); at once if it has. */
  onExit(listener: (code: number | null) => void): void {
    if (this.#exited) listener(this.#exitCode);
    else this.#exitListeners.push(listener);
  }

  /** Asks the engine to stop cleanly and waits for its process to end; kills it if it hangs. */
  stop(timeoutMs = STOP_TIMEOUT_MS): Promise<void> {
    if (this.#exited) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.channel.kill(), timeoutMs);
      this.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      this.channel.post({ type: 'stop' });
    });
  }

  #answer(id: number, response: ControlResponse<unknown>): void {
    const resolve = this.#waiting.get(id);
    this.#waiting.delete(id);
    resolve?.(response);
  }
}
