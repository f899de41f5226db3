import { describe, expect, it } from 'vitest';
import { JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { isJsonRpcMessage } from '../../../../shared/gateway/protocol/jsonrpc-shape.js';

const valid = [
  { jsonrpc: '2.0', id: 1, method: 'tools/list' },
  { jsonrpc: '2.0', id: 'a', method: 'tools/call', params: { name: 'x', arguments: {} } },
  { jsonrpc: '2.0', method: 'notifications/initialized' },
  { jsonrpc: '2.0', id: 1, result: {} },
  { jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'Method not found' } },
];

const invalid = [
  null,
  42,
  'text',
  [],
  {},
  { jsonrpc: '1.0', id: 1, method: 'x' },
  { jsonrpc: '2.0', id: 1 },
  { jsonrpc: '2.0', id: 1.5, method: 'x' },
  { jsonrpc: '2.0', id: {}, method: 'x' },
  { jsonrpc: '2.0', id: 1, method: 7 },
  { jsonrpc: '2.0', id: 1, method: 'x', params: 'not an object' },
  { jsonrpc: '2.0', id: 1, method: 'x', params: [1, 2] },
  { jsonrpc: '2.0', id: 1, result: 'not an object' },
  { jsonrpc: '2.0', result: {} },
  { jsonrpc: '2.0', id: 1, error: { code: 'x', message: 'm' } },
  { jsonrpc: '2.0', id: 1, error: { code: 1 } },
];

describe('isJsonRpcMessage', () => {
  it.each(valid)('accepts %j', (message) => {
    expect(isJsonRpcMessage(message)).toBe(true);
  });

  it.each(invalid)('refuses %j', (message) => {
    expect(isJsonRpcMessage(message)).toBe(false);
  });

  it('never accepts what the SDK schema refuses', () => {
    for (const message of [...valid, ...invalid]) {
      if (isJsonRpcMessage(message)) expect(JSONRPCMessageSchema.safeParse(message).success).toBe(true);
    }
  });
});
