/**
 * A lean Streamable HTTP server transport for one downstream session.
 *
 * Each POST that carries requests is answered with plain JSON when the result is all there is to
 * send, which is the common case and the cheapest one. If anything related to a request has to go
 * out first (progress, a log message, a sampling request), the same response switches to a
 * server-sent event stream and the result follows as its last event. Messages related to no request
 * go on the session's standalone GET stream.
 */
import type { ServerResponse } from 'node:http';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js';
import { writeEventOrDrop } from '../protocol/event-stream-writer.js';

/** One POST's response, shared by the requests it carried. */
interface Exchange {
  readonly res: ServerResponse;
  readonly pending: Set<RequestId>;
  streaming: boolean;
  finished: boolean;
}

/** Thrown by `send` when a message has no open stream to go on. */
export class NoStreamError extends Error {
  override readonly name = 'NoStreamError';
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

/** The SDK `Transport` for one session, fed by the HTTP endpoint. */
export class HttpSessionTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly #exchanges = new Map<RequestId, Exchange>();
  #standalone: ServerResponse | undefined;
  #closed = false;

  constructor(readonly sessionId: string) {}

  async start(): Promise<void> {}

  /** Whether a standalone GET stream is open. */
  get hasStandaloneStream(): boolean {
    return this.#standalone !== undefined;
  }

  /** Whether a request of this session still waits for its answer. */
  get hasRequestsInFlight(): boolean {
    return this.#exchanges.size > 0;
  }

  /** Takes a POST's messages; answers 202 at once when none of them is a request. */
  handlePost(res: ServerResponse, messages: readonly JSONRPCMessage[]): void {
    const requestIds = messages.filter(isRequest).map((message) => message.id);
    if (requestIds.length === 0) {
      res.writeHead(202, { 'mcp-session-id': this.sessionId }).end();
    } else {
      const exchange: Exchange = { res, pending: new Set(requestIds), streaming: false, finished: false };
      for (const id of requestIds) this.#exchanges.set(id, exchange);
      res.on('close', () => this.#forget(exchange));
      // A batch of several requests streams its answers as they come.
      if (requestIds.length > 1) this.#startStreaming(exchange);
    }
    for (const message of messages) this.onmessage?.(message);
  }

  /** Opens the standalone stream for messages unrelated to any request. One at a time. */
  handleGet(res: ServerResponse): boolean {
    if (this.#standalone) return false;
    this.#standalone = res;
    res.writeHead(200, { ...SSE_HEADERS, 'mcp-session-id': this.sessionId });
    res.flushHeaders();
    res.on('close', () => {
      if (this.#standalone === res) this.#standalone = undefined;
    });
    return true;
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (this.#closed) throw new NoStreamError('The session is closed.');
    if ('result' in message || 'error' in message) {
      if (message.id !== undefined) this.#sendResponse(message, message.id);
      return;
    }
    const related = options?.relatedRequestId;
    const exchange = related === undefined ? undefined : this.#exchanges.get(related);
    if (exchange && !exchange.finished) {
      this.#startStreaming(exchange);
      writeEvent(exchange.res, message);
      return;
    }
    if (this.#standalone) {
      writeEvent(this.#standalone, message);
      return;
    }
    // A notification nobody is listening for is dropped, as a closed SSE stream would drop it; a
    // request must fail so that whoever waits for its answer learns at once.
    if ('id' in message) throw new NoStreamError('The client has no open stream to receive this request.');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const exchange of new Set(this.#exchanges.values())) {
      if (!exchange.finished) exchange.res.end();
    }
    this.#exchanges.clear();
    this.#standalone?.end();
    this.#standalone = undefined;
    this.onclose?.();
  }

  #sendResponse(message: JSONRPCMessage, id: RequestId): void {
    const exchange = this.#exchanges.get(id);
    if (!exchange) return; // Its client went away; nothing is waiting for the answer.
    this.#exchanges.delete(id);
    exchange.pending.delete(id);
    if (exchange.finished) return;
    if (!exchange.streaming) {
      exchange.finished = true;
      exchange.res
        .writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': this.sessionId })
        .end(JSON.stringify(message));
      return;
    }
    writeEvent(exchange.res, message);
    if (exchange.pending.size === 0) {
      exchange.finished = true;
      exchange.res.end();
    }
  }

  #startStreaming(exchange: Exchange): void {
    if (exchange.streaming) return;
    exchange.streaming = true;
    exchange.res.writeHead(200, { ...SSE_HEADERS, 'mcp-session-id': this.sessionId });
  }

  /**
   * A response closed before all its answers went out: the client disconnected. Nothing can reach
   * it any more, so its requests are cancelled, which withdraws pending approvals and cancels
   * upstream calls.
   */
  #forget(exchange: Exchange): void {
    if (exchange.finished) return;
    exchange.finished = true;
    for (const id of exchange.pending) {
      this.#exchanges.delete(id);
      if (!this.#closed) {
        this.onmessage?.({
          jsonrpc: '2.0',
          method: 'notifications/cancelled',
          params: { requestId: id, reason: 'The client disconnected.' },
        });
      }
    }
  }
}

function isRequest(message: JSONRPCMessage): message is JSONRPCMessage & { id: RequestId; method: string } {
  return 'method' in message && 'id' in message;
}

function writeEvent(res: ServerResponse, message: JSONRPCMessage): void {
  // A client that stopped reading loses the stream (and, for a POST's, its requests are cancelled).
  writeEventOrDrop(res, `event: message\ndata: ${JSON.stringify(message)}\n\n`);
}
