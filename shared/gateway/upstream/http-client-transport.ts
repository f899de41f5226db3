/**
 * A lean Streamable HTTP client transport for upstream servers, on `node:http` with keep-alive
 * connections and an incremental SSE parser.
 *
 * The SDK's transport goes through fetch and web streams, which cost more per call than the rest
 * of the gateway together; every tools/call through Gatehouse pays for this hop on top of what a
 * client talking to the server directly pays, so it has to be as cheap as we can make it.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import { createParser } from 'eventsource-parser';
import {
  isAuthChallenge,
  SignInRequiredError,
  type UpstreamAuthorizer,
} from '../oauth/upstream-authorizer.js';
import { isJsonRpcMessage } from '../protocol/jsonrpc-shape.js';
import { MAX_UPSTREAM_MESSAGE_BYTES, OVERSIZED_MESSAGE } from './message-guard.js';

/** An HTTP answer the transport cannot use, with its status for the caller to judge. */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_RETRY_MS = 1000;
const MAX_RESUME_ATTEMPTS = 5;

/** A request's response stream, and the answer it still owes. */
interface RequestStream {
  awaiting: RequestId | undefined;
  readonly resumeAttempts: number;
}

/** Options of the lean transport. */
export interface HttpClientTransportOptions {
  /** Extra headers on every request (API keys, say). */
  readonly headers?: Record<string, string>;
  /** Supplies `Authorization` and answers 401/403 challenges (OAuth). */
  readonly authorizer?: UpstreamAuthorizer;
}

/** Streamable HTTP, client side. */
export class HttpClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  sessionId?: string;

  readonly #agent: HttpAgent;
  readonly #request: typeof httpRequest;
  readonly #baseHeaders: Record<string, string>;
  readonly #authorizer: UpstreamAuthorizer | undefined;
  #protocolVersion: string | undefined;
  #closed = false;
  #standalone: IncomingMessage | undefined;
  #retryMs = DEFAULT_RETRY_MS;
  #lastEventId: string | undefined;
  #retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: URL,
    options: HttpClientTransportOptions = {},
  ) {
    const https = url.protocol === 'https:';
    this.#agent = https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.#request = https ? httpsRequest : httpRequest;
    this.#baseHeaders = { ...options.headers };
    this.#authorizer = options.authorizer;
  }

  async start(): Promise<void> {}

  setProtocolVersion(version: string): void {
    this.#protocolVersion = version;
  }

  /** Posts one message; resolves once the server accepted it (its answer arrives via onmessage). */
  async send(message: JSONRPCMessage, _options?: TransportSendOptions): Promise<void> {
    if (this.#closed) throw new Error('The transport is closed.');
    const body = JSON.stringify(message);
    const post = () =>
      this.#exchange(
        'POST',
        { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body,
      );
    let response = await post();
    if (this.#authorizer && challenged(response)) {
      response.resume();
      await this.#authorizer.recover(challengeOf(response));
      // One retry: a server that refuses fresh credentials too will not be argued with.
      response = await post();
      if (challenged(response)) {
        response.resume();
        throw new SignInRequiredError(
          `the server refused the new credentials (HTTP ${response.statusCode}); sign in again`,
        );
      }
    }
    const sessionId = response.headers['mcp-session-id'];
    if (typeof sessionId === 'string') this.sessionId = sessionId;
    const status = response.statusCode ?? 0;
    if (status === 202) {
      response.resume();
      if ('method' in message && message.method === 'notifications/initialized') this.#openStandaloneStream();
      return;
    }
    if (status === 404 && this.sessionId) {
      response.resume();
      // The server forgot the session (it restarted): the connection is over, and the gateway's
      // reconnection starts a new one.
      void this.close();
      throw new HttpStatusError(404, 'The server ended the session.');
    }
    if (status < 200 || status >= 300) {
      const text = await readText(response);
      throw new HttpStatusError(
        status,
        `HTTP ${status} from ${this.url.origin}${text ? `: ${text.slice(0, 200)}` : ''}`,
      );
    }
    const type = response.headers['content-type'] ?? '';
    const requestId = 'method' in message && 'id' in message ? message.id : undefined;
    if (type.includes('text/event-stream')) {
      this.#readEvents(response, { awaiting: requestId, resumeAttempts: 0 });
    } else if (type.includes('application/json')) this.#readJson(response, requestId);
    else response.resume();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#standalone?.destroy();
    if (this.sessionId) {
      // Tell the server it may free the session; nobody waits for the answer.
      const goodbye = this.#request(this.url, {
        method: 'DELETE',
        agent: this.#agent,
        headers: this.#headers({}),
      });
      goodbye.on('error', () => {});
      goodbye.setTimeout(1000, () => goodbye.destroy());
      goodbye.on('response', (response) => response.resume());
      goodbye.end(() => setImmediate(() => this.#agent.destroy()));
    } else {
      this.#agent.destroy();
    }
    this.onclose?.();
  }

  #headers(extra: Record<string, string>, authorization?: string): Record<string, string> {
    const headers: Record<string, string> = { ...this.#baseHeaders, ...extra };
    if (authorization) headers.authorization = authorization;
    if (this.sessionId) headers['mcp-session-id'] = this.sessionId;
    if (this.#protocolVersion) headers['mcp-protocol-version'] = this.#protocolVersion;
    return headers;
  }

  /** Sends a request and resolves with the response's head. A network failure ends the transport. */
  async #exchange(
    method: 'POST' | 'GET',
    extra: Record<string, string>,
    body?: string,
  ): Promise<IncomingMessage> {
    // Only OAuth upstreams pay for the extra turn of the event loop.
    const authorization = this.#authorizer ? await this.#authorizer.authorization() : undefined;
    return new Promise((resolve, reject) => {
      const outgoing = this.#request(
        this.url,
        { method, agent: this.#agent, headers: this.#headers(extra, authorization) },
        resolve,
      );
      outgoing.on('error', (error) => {
        reject(error);
        // A server that cannot be reached is gone; the gateway reconnects with backoff.
        if (method === 'POST' && !this.#closed) void this.close();
      });
      outgoing.end(body);
    });
  }

  #readJson(response: IncomingMessage, awaiting: RequestId | undefined): void {
    readText(response).then(
      (text) => {
        if (text === undefined) {
          this.#refuseOversized(awaiting);
          return;
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          this.onerror?.(new Error(`The server sent malformed JSON: ${text.slice(0, 100)}`));
          return;
        }
        for (const item of Array.isArray(parsed) ? parsed : [parsed]) this.#deliver(item);
      },
      (error: unknown) => this.onerror?.(error as Error),
    );
  }

  /**
   * Reads a server-sent event stream. `stream` is undefined for the standalone GET stream; for a
   * request's stream it names the request whose answer is still due, so that a stream the server
   * closes early (SEP-1699 polling) is resumed with Last-Event-ID, and a stream that cannot be
   * resumed fails the request instead of leaving it waiting forever.
   */
  #readEvents(response: IncomingMessage, stream?: RequestStream): void {
    let lastEventId: string | undefined;
    // Characters of the event being received: one larger than a message may be ends the stream.
    let pending = 0;
    const parser = createParser({
      onEvent: (event) => {
        pending = 0;
        if (event.id) lastEventId = this.#lastEventId = event.id;
        if ((event.event === undefined || event.event === 'message') && event.data) {
          let value: unknown;
          try {
            value = JSON.parse(event.data);
          } catch {
            this.onerror?.(new Error('The server sent an event that is not JSON.'));
            return;
          }
          if (stream && isResponseTo(value, stream.awaiting)) stream.awaiting = undefined;
          this.#deliver(value);
        }
      },
      onRetry: (ms) => (this.#retryMs = ms),
      // A keep-alive comment ends nothing that needs buffering either.
      onComment: () => (pending = 0),
    });
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      pending += chunk.length;
      parser.feed(chunk);
      if (pending <= MAX_UPSTREAM_MESSAGE_BYTES) return;
      this.#refuseOversized(stream?.awaiting);
      if (stream) stream.awaiting = undefined;
      parser.reset({ consume: false });
      response.destroy();
    });
    response.on('error', () => {});
    response.on('close', () => {
      if (!stream) return this.#scheduleStandaloneStream();
      if (stream.awaiting === undefined || this.#closed) return;
      if (lastEventId !== undefined && stream.resumeAttempts < MAX_RESUME_ATTEMPTS) {
        const timer = setTimeout(() => this.#resume(lastEventId!, stream), this.#retryMs);
        timer.unref();
      } else {
        this.#failRequest(stream.awaiting, 'The server closed the stream before answering.');
      }
    });
  }

  /** Resumes a request's stream after `lastEventId` with a GET, as the server's event store allows. */
  #resume(lastEventId: string, stream: RequestStream): void {
    if (this.#closed || stream.awaiting === undefined) return;
    const awaiting = stream.awaiting;
    this.#exchange('GET', { accept: 'text/event-stream', 'last-event-id': lastEventId }).then(
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          return this.#failRequest(
            awaiting,
            `The server refused to resume the stream (HTTP ${response.statusCode}).`,
          );
        }
        this.#readEvents(response, { awaiting, resumeAttempts: stream.resumeAttempts + 1 });
      },
      () => this.#failRequest(awaiting, 'The server could not be reached to resume the stream.'),
    );
  }

  /** Answers a request locally with an error, so whoever waits for it learns at once. */
  #failRequest(id: RequestId, message: string): void {
    this.onmessage?.({ jsonrpc: '2.0', id, error: { code: ErrorCode.ConnectionClosed, message } });
  }

  /**
   * Refuses an over-large message: the request it answers gets an error of its own, so whoever
   * waits learns at once; a message that answers nothing is reported as a transport error.
   */
  #refuseOversized(awaiting: RequestId | undefined): void {
    const problem = `The server ${OVERSIZED_MESSAGE}`;
    if (awaiting === undefined) return void this.onerror?.(new Error(`${problem}.`));
    this.onmessage?.({
      jsonrpc: '2.0',
      id: awaiting,
      error: { code: ErrorCode.InternalError, message: `${problem}; its answer was refused.` },
    });
  }

  #deliver(value: unknown): void {
    if (isJsonRpcMessage(value)) this.onmessage?.(value);
    else this.onerror?.(new Error('The server sent something that is not a JSON-RPC message.'));
  }

  /** Opens the GET stream for server-initiated messages, if the server offers one. */
  #openStandaloneStream(): void {
    if (this.#closed) return;
    const extra: Record<string, string> = { accept: 'text/event-stream' };
    if (this.#lastEventId) extra['last-event-id'] = this.#lastEventId;
    this.#exchange('GET', extra).then(
      (response) => {
        if (this.#closed) return void response.destroy();
        if (response.statusCode === 405) return void response.resume(); // The server offers no stream.
        // Refused credentials are the POST path's to sort out (refresh or "needs sign-in");
        // retrying the stream every second would only knock on the server's door.
        if (challenged(response)) return void response.resume();
        if (response.statusCode !== 200) {
          response.resume();
          return this.#scheduleStandaloneStream();
        }
        this.#standalone = response;
        this.#readEvents(response);
      },
      () => this.#scheduleStandaloneStream(),
    );
  }

  #scheduleStandaloneStream(): void {
    this.#standalone = undefined;
    if (this.#closed) return;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#openStandaloneStream(), this.#retryMs);
    this.#retryTimer.unref();
  }
}

function challenged(response: IncomingMessage): boolean {
  return isAuthChallenge(response.statusCode ?? 0, wwwAuthenticate(response));
}

function challengeOf(response: IncomingMessage) {
  return { status: response.statusCode ?? 0, wwwAuthenticate: wwwAuthenticate(response) };
}

function wwwAuthenticate(response: IncomingMessage): string | undefined {
  const value = response.headers['www-authenticate'];
  return Array.isArray(value) ? value.join(', ') : value;
}

function isResponseTo(value: unknown, id: RequestId | undefined): boolean {
  if (id === undefined || typeof value !== 'object' || value === null) return false;
  const message = value as { id?: unknown; result?: unknown; error?: unknown };
  return message.id === id && (message.result !== undefined || message.error !== undefined);
}

/** The body as text, or undefined (and the response destroyed) once it passes `maxBytes`. */
function readText(
  response: IncomingMessage,
  maxBytes = MAX_UPSTREAM_MESSAGE_BYTES,
): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      chunks.length = 0;
      response.destroy();
      resolve(undefined);
    });
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}
