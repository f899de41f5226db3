/**
 * The limits on what an upstream may send, and the transport wrapper that holds messages to the
 * depth limit: a message nested deeper than the gateway can safely handle never reaches the SDK.
 *
 * An upstream server is not trusted. Its transport parses each message with `JSON.parse`, which
 * copes with any depth, but what runs afterwards does not: `JSON.stringify` on the way back to the
 * client, the audit trail, `structuredClone`. A tool result nested 5,000 levels deep overflowed
 * the stack there and ended the whole gateway. Here an answer like that becomes an error for the
 * one request it answers, and anything else that deep is dropped with a warning.
 */
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, type JSONRPCMessage, type MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';
import { STDIO_DEFAULT_MAX_BUFFER_SIZE } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Logger } from '../logger.js';

/**
 * The largest message read from an upstream: the SDK's stdio limit, which Gatehouse's HTTP
 * transport holds to as well, so a server cannot exhaust the gateway's memory with one answer.
 */
export const MAX_UPSTREAM_MESSAGE_BYTES = STDIO_DEFAULT_MAX_BUFFER_SIZE;

/** Why an over-large message was refused, as a sentence part. */
export const OVERSIZED_MESSAGE = `sent a message larger than ${MAX_UPSTREAM_MESSAGE_BYTES / 1024 / 1024} MB, the most Gatehouse reads at once`;

/** Whether an error is the SDK's stdio transport giving up on an over-large message. */
export function isOversizedStdioMessage(error: unknown): boolean {
  return error instanceof Error && /ReadBuffer exceeded maximum size/.test(error.message);
}

/**
 * The deepest nesting accepted from an upstream. Higher than the 64 levels a client's request may
 * have, because results carry data (trees, nested records) rather than arguments; far below
 * where any recursive code in the gateway or the SDK runs out of stack.
 */
export const MAX_UPSTREAM_DEPTH = 256;

/** Wraps `inner` so that over-deep messages from the server are answered or dropped here. */
export function guardUpstreamMessages(inner: Transport, serverName: string, logger: Logger): Transport {
  return new GuardedTransport(inner, serverName, logger);
}

class GuardedTransport implements Transport {
  onmessage?: Transport['onmessage'];
  onerror?: Transport['onerror'];
  onclose?: Transport['onclose'];

  constructor(
    private readonly inner: Transport,
    private readonly serverName: string,
    private readonly logger: Logger,
  ) {
    inner.onmessage = (message, extra) => this.#receive(message, extra);
    inner.onerror = (error) => this.onerror?.(error);
    inner.onclose = () => this.onclose?.();
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  #receive(message: JSONRPCMessage, extra?: MessageExtraInfo): void {
    if (!valueNestsDeeperThan(message, MAX_UPSTREAM_DEPTH)) {
      this.onmessage?.(message, extra);
      return;
    }
    const problem = `nests arrays and objects more than ${MAX_UPSTREAM_DEPTH} levels deep`;
    const isAnswer = 'id' in message && !('method' in message);
    if (isAnswer) {
      // The request it answers fails on its own, with a reason, instead of waiting for a timeout.
      this.onmessage?.(
        {
          jsonrpc: '2.0',
          id: message.id,
          error: {
            code: ErrorCode.InternalError,
            message: `The server "${this.serverName}" sent an answer that ${problem}; Gatehouse refused it.`,
          },
        },
        extra,
      );
      return;
    }
    this.logger.warn(`${this.serverName}: ignored a message that ${problem}.`);
    if ('id' in message && 'method' in message) {
      // A request from the server still gets an answer, so it does not wait forever.
      void this.inner
        .send({
          jsonrpc: '2.0',
          id: message.id,
          error: { code: ErrorCode.InvalidRequest, message: `The request ${problem}.` },
        })
        .catch(() => {});
    }
  }
}

/**
 * Whether `value` holds arrays or objects more than `maxDepth` levels inside one another. Walks
 * with its own stack rather than recursion, so the check itself cannot overflow, and stops at the
 * first branch that is too deep.
 */
export function valueNestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    }
  }
  return false;
}
