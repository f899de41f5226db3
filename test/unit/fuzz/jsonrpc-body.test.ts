/**
 * Property-based tests of how `/mcp` reads a POST body: any bytes and any JSON value give either
 * one well-formed JSON-RPC message or a JSON-RPC parse / invalid-request error, never a throw;
 * the depth and UTF-8 checks agree with simple reference implementations. Fixed seed, bounded
 * runs: the same cases every time, in well under a second each.
 */
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClientRequestSchema, ErrorCode, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import {
  decodeJsonBody,
  MAX_JSON_DEPTH,
  nestsDeeperThan,
} from '../../../shared/gateway/protocol/json-body.js';
import { parseJsonRpcBody } from '../../../shared/gateway/protocol/jsonrpc-body.js';
import { isJsonRpcMessage } from '../../../shared/gateway/protocol/jsonrpc-shape.js';
import { invalidParamsReason } from '../../../shared/gateway/protocol/request-params.js';

const SEED = 42;
const encode = (text: string) => new TextEncoder().encode(text);

/** JSON values with strings of any UTF-16 code units, lone surrogates included. */
const anyJson = fc.jsonValue({ stringUnit: 'binary', maxDepth: 6 });

/** Objects that look more or less like JSON-RPC messages, to reach past the first checks. */
const rpcLike = fc.record(
  {
    jsonrpc: fc.constantFrom<unknown>('2.0', '2.0', '2.0', '1.0', 2, null),
    id: fc.oneof(fc.integer(), fc.string(), fc.double(), fc.constant(null), anyJson),
    method: fc.oneof(
      fc.constantFrom('initialize', 'tools/call', 'tools/list', 'ping', 'notifications/cancelled'),
      fc.string({ unit: 'binary' }),
      fc.integer(),
    ),
    params: fc.oneof(
      fc.dictionary(fc.string(), anyJson),
      fc.record({ _meta: fc.oneof(anyJson, fc.record({ progressToken: anyJson })) }),
      anyJson,
    ),
    result: fc.oneof(fc.dictionary(fc.string(), anyJson), anyJson),
    error: fc.oneof(fc.record({ code: fc.integer(), message: fc.string() }), anyJson),
  },
  { requiredKeys: [] },
);

/** The nesting depth of a parsed JSON value, computed without recursion. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** What every answer must be: one valid message, or a parse / invalid-request error. */
function expectWellFormed(result: ReturnType<typeof parseJsonRpcBody>): void {
  if (result.ok) {
    expect(isJsonRpcMessage(result.message)).toBe(true);
    return;
  }
  expect([ErrorCode.ParseError, ErrorCode.InvalidRequest]).toContain(result.code);
  expect(result.message).toMatch(/^(Parse error|Invalid Request): /);
}

describe('parseJsonRpcBody', () => {
  it('answers any bytes with a message or a JSON-RPC error, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => expectWellFormed(parseJsonRpcBody(bytes))),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('refuses exactly the bodies that are not UTF-8 as such', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        const decoded = decodeJsonBody(bytes);
        expect(!decoded.ok && decoded.problem === 'encoding').toBe(!isUtf8(bytes));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('takes a JSON value as a message exactly when it is one, and refuses every array as a batch', () => {
    fc.assert(
      fc.property(fc.oneof(anyJson, rpcLike, fc.array(rpcLike, { maxLength: 3 })), (value) => {
        const text = JSON.stringify(value);
        // What JSON can carry of the value: -0 becomes 0, NaN becomes null.
        const sent: unknown = JSON.parse(text);
        const result = parseJsonRpcBody(encode(text));
        expectWellFormed(result);
        if (Array.isArray(sent)) {
          expect(result).toMatchObject({ ok: false, code: ErrorCode.InvalidRequest });
          expect(result.ok || result.message).toMatch(/batch/);
        } else {
          // Exactly the messages the session's SDK server will dispatch, so no request is dropped.
          expect(result.ok).toBe(isJsonRpcMessage(sent) && JSONRPCMessageSchema.safeParse(sent).success);
          if (result.ok) expect(result.message).toEqual(sent);
        }
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('survives JSON text cut or corrupted at any point', () => {
    const corrupted = fc.tuple(rpcLike, fc.nat(), fc.nat(255)).map(([value, at, byte]) => {
      const bytes = encode(JSON.stringify(value));
      const position = bytes.length === 0 ? 0 : at % bytes.length;
      return at % 2 === 0 ? bytes.slice(0, position) : bytes.map((b, i) => (i === position ? byte : b));
    });
    fc.assert(
      fc.property(corrupted, (bytes) => expectWellFormed(parseJsonRpcBody(bytes))),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

describe('nesting depth', () => {
  it('agrees with the depth of the parsed value, brackets inside strings not counting', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), fc.integer({ min: 0, max: 14 }), (value, limit) => {
        const text = JSON.stringify(value);
        if (text === undefined) return;
        expect(nestsDeeperThan(text, limit)).toBe(depthOf(value) > limit);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('refuses arrays and objects nested past the limit, whatever the depth', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), fc.boolean(), (depth, objects) => {
        const text = objects
          ? `${'{"a":'.repeat(depth)}null${'}'.repeat(depth)}`
          : `${'['.repeat(depth)}${']'.repeat(depth)}`;
        const decoded = decodeJsonBody(encode(text));
        expect(decoded.ok).toBe(depth <= MAX_JSON_DEPTH);
        if (!decoded.ok) expect(decoded.problem).toBe('depth');
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('invalidParamsReason', () => {
  const methods = ClientRequestSchema.options.map((schema) => schema.shape.method.value);

  it('never throws, and passes exactly the params the SDK itself accepts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...methods, 'no/such/method'),
        fc.oneof(fc.constant(undefined), fc.dictionary(fc.string(), anyJson)),
        fc.oneof(fc.integer(), fc.string()),
        (method, params, id) => {
          const request = { jsonrpc: '2.0' as const, id, method, ...(params ? { params } : {}) };
          const reason = invalidParamsReason(request);
          const sdkAccepts =
            !methods.includes(method as never) || ClientRequestSchema.safeParse({ method, params }).success;
          expect(reason === undefined).toBe(sdkAccepts);
          if (reason !== undefined) expect(reason).toMatch(new RegExp(`^Invalid params for ${method}: `));
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
  });
});
