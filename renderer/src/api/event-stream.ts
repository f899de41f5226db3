/**
 * Reads the control event stream (server-sent events) with `fetch`, because EventSource cannot
 * send the admin token's Authorization header, and reconnects with backoff when it drops.
 */
import { createParser } from 'eventsource-parser';
import { ControlEventSchema, type ControlEvent } from '../../../shared/contracts/control-events.js';
import type { ConnectionState } from './control-transport.js';

/** What the stream needs: where, how to authenticate, how to fetch, and whom to tell. */
export interface EventStreamOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: typeof fetch;
  /** How long to wait before reconnection attempt `attempt` (0 for the first). */
  readonly retryDelayMs: (attempt: number) => number;
  readonly onEvent: (event: ControlEvent) => void;
  readonly onState: (state: ConnectionState) => void;
}

/** 1 s, 2 s, 4 s … capped at 30 s: quick after a blip, quiet while the gateway is down. */
export function exponentialBackoff(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** attempt);
}

/** One long-lived subscription to the gateway's events. */
export class ControlEventStream {
  #abort: AbortController | undefined;

  constructor(private readonly options: EventStreamOptions) {}

  start(): void {
    if (this.#abort) return;
    this.#abort = new AbortController();
    void this.#run(this.#abort.signal);
  }

  stop(): void {
    this.#abort?.abort();
    this.#abort = undefined;
  }

  async #run(signal: AbortSignal): Promise<void> {
    let attempt = 0;
    while (!signal.aborted) {
      try {
        const response = await this.options.fetch(this.options.url, {
          headers: { ...this.options.headers, accept: 'text/event-stream' },
          cache: 'no-store',
          signal,
        });
        if (response.status === 401) {
          this.options.onState('unauthorized');
          return;
        }
        if (response.ok && response.body) {
          this.options.onState('connected');
          attempt = 0;
          await this.#read(response.body, signal);
        }
      } catch {
        // A dropped or refused connection is expected while the gateway restarts: retry below.
      }
      if (signal.aborted) return;
      this.options.onState('reconnecting');
      await delay(this.options.retryDelayMs(attempt), signal);
      attempt += 1;
    }
  }

  async #read(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<void> {
    const parser = createParser({ onEvent: (message) => this.#deliver(message.data) });
    const decoder = new TextDecoder();
    const reader = body.getReader();
    const cancel = (): void => void reader.cancel().catch(() => {});
    signal.addEventListener('abort', cancel, { once: true });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  }

  #deliver(data: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return;
    }
    // Events this UI does not know (a newer gateway) are skipped rather than breaking the stream.
    const parsed = ControlEventSchema.safeParse(raw);
    if (parsed.success) this.options.onEvent(parsed.data);
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
