/**
 * The answer to one 2026-07-28 POST. It goes as plain JSON when the result is all there is to
 * send (the common and cheapest case); once anything has to go out first (progress, a log
 * message) the response becomes a server-sent event stream and the result is its last event.
 *
 * In this era the response stream is the request's lifetime: the client closing it before the
 * answer is the cancellation signal (transports/streamable-http, "Cancellation").
 */
import type { ServerResponse } from 'node:http';
import { writeEventOrDrop } from '../../protocol/event-stream-writer.js';
import type { RequestId } from '../caller.js';

const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  // Asked of every SSE response by the spec, so proxies do not hold events back.
  'x-accel-buffering': 'no',
};

/** A JSON-RPC error as sent. */
export interface ErrorBody {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** One POST's response. */
export class ModernExchange {
  #streaming = false;
  #finished = false;
  readonly #abandoned = new AbortController();

  constructor(
    private readonly res: ServerResponse,
    readonly requestId: RequestId,
  ) {
    res.on('close', () => {
      if (!this.#finished) this.#abandoned.abort();
    });
  }

  /** Aborted when the client closes the response before the answer: it cancelled. */
  get abandoned(): AbortSignal {
    return this.#abandoned.signal;
  }

  /** Whether the answer was sent (or the client went away). */
  get finished(): boolean {
    return this.#finished || this.#abandoned.signal.aborted;
  }

  /** Sends a notification ahead of the answer, switching the response to an event stream. */
  notify(method: string, params: Record<string, unknown> | undefined): void {
    if (this.finished) return;
    this.#startStreaming(200);
    const message = params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params };
    writeEventOrDrop(this.res, `event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  /** Opens the event stream now (a listen stream opens at once, with nothing to say yet). */
  startStreaming(): void {
    this.#startStreaming(200);
  }

  /** Writes an SSE comment, which readers ignore, so idle streams stay open through proxies. */
  keepAlive(): void {
    if (this.#streaming && !this.finished) writeEventOrDrop(this.res, ':\n\n');
  }

  /** Sends the result and ends the response. */
  result(result: Record<string, unknown>): void {
    this.#finish({ jsonrpc: '2.0', id: this.requestId, result }, 200);
  }

  /**
   * Sends an error and ends the response. `status` applies when nothing was sent yet; a stream
   * already open carries the error as its last event, under the 200 it started with.
   */
  error(error: ErrorBody, status = 200): void {
    this.#finish({ jsonrpc: '2.0', id: this.requestId, error }, status);
  }

  #finish(message: Record<string, unknown>, status: number): void {
    if (this.finished) return;
    this.#finished = true;
    const text = JSON.stringify(message);
    if (this.#streaming) {
      writeEventOrDrop(this.res, `event: message\ndata: ${text}\n\n`);
      this.res.end();
      return;
    }
    this.res.writeHead(status, { 'content-type': 'application/json' }).end(text);
  }

  #startStreaming(status: number): void {
    if (this.#streaming) return;
    this.#streaming = true;
    this.res.writeHead(status, SSE_HEADERS);
    this.res.flushHeaders();
  }
}
