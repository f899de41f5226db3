/**
 * Tools for the hostile-input tests: requests that `fetch` will not send (forged Host, raw bytes,
 * lying lengths, endless or trickled bodies) and the checks every refusal must pass.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { expect } from 'vitest';

/** What came back from one request. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** A request to send as is: any method, any headers (Host included), any bytes. */
export interface RawRequest {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Uint8Array;
}

/** Sends one request over a fresh connection through `node:http`, which sends headers verbatim. */
export function rawRequest(base: URL, options: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: base.hostname,
        port: base.port,
        method: options.method ?? 'POST',
        path: options.path ?? base.pathname,
        headers: options.headers ?? {},
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** Headers an MCP client sends on a POST, with the token given. */
export function mcpHeaders(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    authorization: `Bearer ${token}`,
    ...extra,
  };
}

/** The `initialize` request a raw client sends. */
export const initializeRequest = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'hostile', version: '1' } },
};

/** Opens a session with raw requests; resolves with its id. */
export async function openRawSession(url: URL, token: string): Promise<string> {
  const answer = await rawRequest(url, {
    headers: mcpHeaders(token),
    body: JSON.stringify(initializeRequest),
  });
  expect(answer.status).toBe(200);
  const sessionId = answer.headers['mcp-session-id'];
  expect(typeof sessionId).toBe('string');
  return sessionId as string;
}

/** Text that gives away the server's insides: a stack frame or a Node internal path. */
const LEAK = /\n\s+at \S|node:internal|\.ts:\d+:\d+|\.js:\d+:\d+/;

/** No CORS header may ever grant a foreign page anything. */
export function expectNoCorsGrant(answer: { headers: IncomingHttpHeaders }): void {
  const granted = Object.keys(answer.headers).filter((name) => name.startsWith('access-control-allow'));
  expect(granted).toEqual([]);
}

/**
 * A refusal on `/mcp`: the status expected, a JSON-RPC error body with `code` when given, no
 * stack trace, no CORS grant. Returns the error message.
 */
export function expectJsonRpcRefusal(answer: RawAnswer, status: number, code?: number): string {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers['content-type']).toBe('application/json');
  expect(answer.text).not.toMatch(LEAK);
  expectNoCorsGrant(answer);
  const body = JSON.parse(answer.text) as { jsonrpc: string; error: { code: number; message: string } };
  expect(body.jsonrpc).toBe('2.0');
  expect(Number.isInteger(body.error.code)).toBe(true);
  expect(typeof body.error.message).toBe('string');
  if (code !== undefined) expect(body.error.code).toBe(code);
  return body.error.message;
}

/** A refusal on `/control/…`: the status, an `{ ok: false, error }` body, no stack, no CORS. */
export function expectControlRefusal(answer: RawAnswer, status: number, code?: string): string {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers['content-type']).toBe('application/json');
  expect(answer.text).not.toMatch(LEAK);
  expectNoCorsGrant(answer);
  const body = JSON.parse(answer.text) as { ok: boolean; error: { code: string; message: string } };
  expect(body.ok).toBe(false);
  if (code !== undefined) expect(body.error.code).toBe(code);
  return body.error.message;
}

/** Whatever the server sent on a raw connection until it closed it. */
export interface RawExchange {
  /** Everything received, as latin1 so that any byte survives. */
  readonly received: string;
  readonly bytesSent: number;
  /** False when the exchange was cut off by the test's own limit instead. */
  readonly closedByServer: boolean;
}

/**
 * Writes `head` on a raw connection, then keeps writing `chunk` (with backpressure) until the
 * server closes the connection or `maxBytes` went out. Without `chunk`, only waits for the close.
 */
export function rawExchange(
  base: URL,
  head: string | Buffer,
  options: { chunk?: Buffer; maxBytes?: number; waitMs?: number } = {},
): Promise<RawExchange> {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  return new Promise((resolve) => {
    const received: Buffer[] = [];
    let bytesSent = 0;
    let settled = false;
    const socket = connect(Number(base.port), base.hostname);
    const finish = (closedByServer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ received: Buffer.concat(received).toString('latin1'), bytesSent, closedByServer });
    };
    const timer = setTimeout(() => finish(false), options.waitMs ?? 20_000);
    socket.on('data', (data: Buffer) => received.push(data));
    socket.on('close', () => finish(true));
    // A reset while writing is the server closing on us too.
    socket.on('error', () => finish(true));
    const pump = () => {
      const chunk = options.chunk;
      if (!chunk) return;
      while (!settled && !socket.destroyed) {
        if (bytesSent >= maxBytes) return finish(false);
        bytesSent += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    socket.on('connect', () => {
      bytesSent += Buffer.byteLength(head);
      socket.write(head);
      pump();
    });
  });
}

/** A connection that sends its bytes one at a time, as a slow-loris client does. */
export interface Trickle {
  /** Resolves once the server closes the connection, with what it answered. */
  readonly closed: Promise<{ received: string; afterMs: number }>;
  /** Resolves once the connection is open and its first byte is out. */
  readonly started: Promise<void>;
  /** Ends the connection from this side. */
  stop(): void;
}

/**
 * Sends `head` at once, then `bytes` one byte every `intervalMs`, then stays silent; never ends
 * the connection on its own.
 */
export function trickle(base: URL, options: { head?: string; bytes: string; intervalMs: number }): Trickle {
  const { head, bytes, intervalMs } = options;
  const socket: Socket = connect(Number(base.port), base.hostname);
  const openedAt = Date.now();
  const received: Buffer[] = [];
  let next = 0;
  let timer: NodeJS.Timeout | undefined;
  socket.on('data', (data: Buffer) => received.push(data));
  socket.on('error', () => {});
  const started = new Promise<void>((resolve) => {
    socket.on('connect', () => {
      if (head) socket.write(head);
      const sendOne = () => {
        if (socket.destroyed || next >= bytes.length) return;
        socket.write(bytes[next++]!);
      };
      sendOne();
      resolve();
      timer = setInterval(sendOne, intervalMs);
    });
  });
  const closed = new Promise<{ received: string; afterMs: number }>((resolve) => {
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ received: Buffer.concat(received).toString('latin1'), afterMs: Date.now() - openedAt });
    });
  });
  return { closed, started, stop: () => socket.destroy() };
}

/** Runs `tasks` with at most `limit` at a time; resolves with their results in order. */
export async function inBatches<T>(
  count: number,
  limit: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}

/**
 * A GET that reads the response head and then nothing more, like a frozen tab: the socket is
 * paused, so the kernel's buffers fill and whatever the server writes next piles up on its side.
 * Resolves once the head has arrived; `stop` ends the connection.
 */
export function stalledReader(
  base: URL,
  path: string,
  headers: Record<string, string>,
): Promise<{ stop(): void }> {
  const socket: Socket = connect(Number(base.port), base.hostname);
  socket.on('error', () => {});
  const lines = Object.entries({ host: base.host, ...headers }).map(
    ([name, value]) => `${name}: ${value}\r\n`,
  );
  socket.write(`GET ${path} HTTP/1.1\r\n${lines.join('')}\r\n`);
  return new Promise((resolve) => {
    socket.once('data', () => {
      socket.pause();
      resolve({ stop: () => socket.destroy() });
    });
  });
}
