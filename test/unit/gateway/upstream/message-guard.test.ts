/**
 * The guard between an upstream's transport and the SDK client: depth measured on parsed values
 * exactly as the request side measures it on text, answers too deep turned into errors for their
 * request, other messages dropped (a server's request still answered).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { nestsDeeperThan } from '../../../../shared/gateway/protocol/json-body.js';
import {
  guardUpstreamMessages,
  MAX_UPSTREAM_DEPTH,
  valueNestsDeeperThan,
} from '../../../../shared/gateway/upstream/message-guard.js';

/** A transport whose incoming messages the test pushes, recording what the guard sends back. */
function fakeTransport() {
  const sent: JSONRPCMessage[] = [];
  const transport: Transport = {
    start: async () => {},
    close: async () => {},
    send: async (message) => void sent.push(message),
  };
  return { transport, sent, receive: (message: unknown) => transport.onmessage?.(message as JSONRPCMessage) };
}

function deepValue(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = level % 2 ? [value] : { a: value };
  return value;
}

describe('valueNestsDeeperThan', () => {
  it('agrees with the text check of request bodies on any JSON value (fixed seed)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), fc.integer({ min: 0, max: 12 }), (value, limit) => {
        expect(valueNestsDeeperThan(value, limit)).toBe(nestsDeeperThan(JSON.stringify(value), limit));
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('measures a million levels without recursion', () => {
    expect(valueNestsDeeperThan(deepValue(1_000_000), MAX_UPSTREAM_DEPTH)).toBe(true);
    expect(valueNestsDeeperThan(deepValue(MAX_UPSTREAM_DEPTH), MAX_UPSTREAM_DEPTH)).toBe(false);
    expect(valueNestsDeeperThan(deepValue(MAX_UPSTREAM_DEPTH + 1), MAX_UPSTREAM_DEPTH)).toBe(true);
  });
});

describe('guardUpstreamMessages', () => {
  const warnings: string[] = [];
  const logger = { info() {}, warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m) };

  it('passes ordinary messages through as they are', () => {
    const inner = fakeTransport();
    const guarded = guardUpstreamMessages(inner.transport, 'files', logger);
    const delivered: JSONRPCMessage[] = [];
    guarded.onmessage = (message) => delivered.push(message);
    const answer = { jsonrpc: '2.0', id: 1, result: { structuredContent: deepValue(200) } };
    inner.receive(answer);
    expect(delivered).toEqual([answer]);
    expect(delivered[0]).toBe(answer);
  });

  it('turns a too-deep answer into an error for its request', () => {
    const inner = fakeTransport();
    const guarded = guardUpstreamMessages(inner.transport, 'files', logger);
    const delivered: JSONRPCMessage[] = [];
    guarded.onmessage = (message) => delivered.push(message);
    inner.receive({ jsonrpc: '2.0', id: 7, result: { structuredContent: deepValue(5_000) } });
    expect(delivered).toEqual([
      {
        jsonrpc: '2.0',
        id: 7,
        error: {
          code: -32603,
          message: `The server "files" sent an answer that nests arrays and objects more than ${MAX_UPSTREAM_DEPTH} levels deep; Gatehouse refused it.`,
        },
      },
    ]);
  });

  it('drops a too-deep notification with a warning, and answers a too-deep request with an error', () => {
    const inner = fakeTransport();
    const guarded = guardUpstreamMessages(inner.transport, 'files', logger);
    const delivered: JSONRPCMessage[] = [];
    guarded.onmessage = (message) => delivered.push(message);
    warnings.length = 0;
    inner.receive({ jsonrpc: '2.0', method: 'notifications/message', params: { data: deepValue(1_000) } });
    inner.receive({
      jsonrpc: '2.0',
      id: 's1',
      method: 'sampling/createMessage',
      params: { x: deepValue(1_000) },
    });
    expect(delivered).toEqual([]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toBe(
      `files: ignored a message that nests arrays and objects more than ${MAX_UPSTREAM_DEPTH} levels deep.`,
    );
    expect(inner.sent).toEqual([
      {
        jsonrpc: '2.0',
        id: 's1',
        error: {
          code: -32600,
          message: `The request nests arrays and objects more than ${MAX_UPSTREAM_DEPTH} levels deep.`,
        },
      },
    ]);
  });

  it('forwards sending, closing, errors and the session id to the transport it wraps', async () => {
    const inner = fakeTransport();
    inner.transport.sessionId = 'abc';
    const guarded = guardUpstreamMessages(inner.transport, 'files', logger);
    await guarded.send({ jsonrpc: '2.0', method: 'ping', id: 1 });
    expect(inner.sent).toEqual([{ jsonrpc: '2.0', method: 'ping', id: 1 }]);
    expect(guarded.sessionId).toBe('abc');
    const events: string[] = [];
    guarded.onerror = (error) => events.push(error.message);
    guarded.onclose = () => events.push('closed');
    inner.transport.onerror?.(new Error('broken pipe'));
    inner.transport.onclose?.();
    expect(events).toEqual(['broken pipe', 'closed']);
  });
});
