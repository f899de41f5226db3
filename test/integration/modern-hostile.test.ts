/**
 * Hostile input on the 2026-07-28 path of `/mcp`: envelopes and headers that disagree, versions
 * Gatehouse does not speak, and forged, altered, replayed, foreign or expired `requestState`.
 * Each gets the spec's error with the request's id, nothing is held forever, and the gateway keeps
 * serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJsonRpcRefusal, mcpHeaders, rawRequest, type RawAnswer } from './hostile-kit.js';
import { servers, startGateway, type TestGateway } from './harness.js';

const MODERN = '2026-07-28';
const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } },
  'io.modelcontextprotocol/clientInfo': { name: 'hostile-modern', version: '1' },
};

let nextId = 1;

/** A modern request with the headers a conforming client sends, which `headers` may override. */
function modern(
  gatehouse: TestGateway,
  method: string,
  params: Record<string, unknown> = {},
  options: {
    headers?: Record<string, string | undefined>;
    token?: string;
    meta?: Record<string, unknown>;
  } = {},
): Promise<RawAnswer> {
  const name =
    typeof params.name === 'string' ? params.name : typeof params.uri === 'string' ? params.uri : undefined;
  const headers: Record<string, string | undefined> = {
    ...mcpHeaders(options.token ?? gatehouse.token),
    'mcp-protocol-version': MODERN,
    'mcp-method': method,
    ...(name ? { 'mcp-name': name } : {}),
    ...options.headers,
  };
  const defined = Object.fromEntries(
    Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const body = {
    jsonrpc: '2.0',
    id: nextId++,
    method,
    params: { ...params, _meta: options.meta ?? ENVELOPE },
  };
  return rawRequest(gatehouse.gateway.url, { headers: defined, body: JSON.stringify(body) });
}

function errorOf(answer: RawAnswer): {
  id?: unknown;
  error: { code: number; message: string; data?: unknown };
} {
  return JSON.parse(answer.text) as {
    id?: unknown;
    error: { code: number; message: string; data?: unknown };
  };
}

function resultOf(answer: RawAnswer): Record<string, unknown> {
  const body = JSON.parse(answer.text) as { result?: Record<string, unknown>; error?: unknown };
  if (!body.result) throw new Error(`no result: ${answer.text}`);
  return body.result;
}

/** Starts an elicitation tool call and returns its input_required result. */
async function heldElicitation(
  gatehouse: TestGateway,
  token?: string,
): Promise<{ requestState: string; inputRequests: Record<string, unknown> }> {
  const answer = await modern(
    gatehouse,
    'tools/call',
    { name: 'everything__trigger-elicitation-request', arguments: {} },
    { token },
  );
  expect(answer.status, answer.text).toBe(200);
  const result = resultOf(answer);
  expect(result.resultType).toBe('input_required');
  return result as { requestState: string; inputRequests: Record<string, unknown> };
}

describe('hostile input on the 2026-07-28 path', () => {
  let gatehouse: TestGateway;
  let otherToken: string;

  beforeAll(async () => {
    gatehouse = await startGateway({ mcpServers: { everything: servers.everything } }, { heldCallMs: 1500 });
    otherToken = gatehouse.registry.add('other').token;
  });
  afterAll(async () => gatehouse?.stop());

  it('answers server/discover with both eras, the capabilities, identity and cache hints', async () => {
    const result = resultOf(await modern(gatehouse, 'server/discover'));
    expect(result).toMatchObject({
      resultType: 'complete',
      supportedVersions: expect.arrayContaining([MODERN, '2025-11-25']),
      capabilities: { tools: { listChanged: true } },
      ttlMs: 0,
      cacheScope: 'private',
      _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'gatehouse' } },
    });
  });

  it('refuses headers that disagree with the body, with -32020 and the request id', async () => {
    const cases: [string, Record<string, string | undefined>][] = [
      ['version header differs', { 'mcp-protocol-version': '2025-11-25' }],
      ['version header missing', { 'mcp-protocol-version': undefined }],
      ['method header differs', { 'mcp-method': 'tools/list' }],
      ['method header missing', { 'mcp-method': undefined }],
      ['name header differs', { 'mcp-name': 'everything__get-env' }],
      ['name header missing', { 'mcp-name': undefined }],
      ['name header badly encoded', { 'mcp-name': '=?base64?not base64!?=' }],
    ];
    for (const [label, headers] of cases) {
      const answer = await modern(
        gatehouse,
        'tools/call',
        { name: 'everything__echo', arguments: { message: 'x' } },
        { headers },
      );
      // The version-mismatch cell is the classifier's: a 2025 header on a 2026 body is -32020 too.
      const message = expectJsonRpcRefusal(answer, 400, -32020);
      expect(typeof errorOf(answer).id, label).toBe('number');
      expect(message, label).toMatch(/header/i);
    }
  });

  it('accepts an Mcp-Name in the Base64 form when it decodes to the body value', async () => {
    const encoded = `=?base64?${Buffer.from('everything__echo').toString('base64')}?=`;
    const answer = await modern(
      gatehouse,
      'tools/call',
      { name: 'everything__echo', arguments: { message: 'b64' } },
      { headers: { 'mcp-name': encoded } },
    );
    expect(resultOf(answer)).toMatchObject({
      resultType: 'complete',
      content: [{ type: 'text', text: 'Echo: b64' }],
    });
  });

  it('refuses an unknown or missing version, an incomplete envelope and an unknown method', async () => {
    const future = await modern(
      gatehouse,
      'tools/list',
      {},
      {
        headers: { 'mcp-protocol-version': '2099-01-01' },
        meta: { ...ENVELOPE, 'io.modelcontextprotocol/protocolVersion': '2099-01-01' },
      },
    );
    expectJsonRpcRefusal(future, 400, -32022);
    expect(errorOf(future).error.data).toMatchObject({
      requested: '2099-01-01',
      supported: expect.arrayContaining([MODERN]),
    });

    const incomplete = await modern(
      gatehouse,
      'tools/list',
      {},
      {
        meta: { 'io.modelcontextprotocol/protocolVersion': MODERN },
      },
    );
    expectJsonRpcRefusal(incomplete, 400, -32602);

    const unknown = await modern(gatehouse, 'ping');
    expectJsonRpcRefusal(unknown, 404, -32601);
    expect(errorOf(unknown).id).toBeTypeOf('number');
  });

  it('answers GET and DELETE from a 2026 client with 405', async () => {
    for (const method of ['GET', 'DELETE']) {
      const answer = await rawRequest(gatehouse.gateway.url, {
        method,
        headers: { ...mcpHeaders(gatehouse.token), 'mcp-protocol-version': MODERN },
      });
      expectJsonRpcRefusal(answer, 405);
      expect(answer.headers.allow).toBe('POST');
    }
  });

  it('refuses a forged, altered, foreign or replayed requestState, and serves on', async () => {
    const retry = (requestState: string, token?: string, name = 'everything__trigger-elicitation-request') =>
      modern(
        gatehouse,
        'tools/call',
        {
          name,
          arguments: {},
          requestState,
          inputResponses: {},
        },
        { token },
      );

    const forged = await retry('v1.eyJwIjp7fX0.AAAA');
    expect(errorOf(forged).error.code).toBe(-32602);

    const held = await heldElicitation(gatehouse);
    const state = held.requestState;
    const flipped = state.slice(0, -2) + (state.at(-2) === 'A' ? 'B' : 'A') + state.at(-1);
    expect(errorOf(await retry(flipped)).error.code).toBe(-32602);
    expect(errorOf(await retry(state, otherToken)).error.code).toBe(-32602);
    expect(errorOf(await retry(state, undefined, 'everything__echo')).error.code).toBe(-32602);

    // The real answer continues the call; the same state a second time is a replay.
    const [key] = Object.keys(held.inputRequests);
    const finished = await modern(gatehouse, 'tools/call', {
      name: 'everything__trigger-elicitation-request',
      arguments: {},
      requestState: state,
      inputResponses: { [key as string]: { action: 'accept', content: { name: 'Grace Hopper' } } },
    });
    const result = resultOf(finished);
    expect(result.resultType).toBe('complete');
    expect(JSON.stringify(result.content)).toContain('Grace Hopper');
    const replay = await retry(state);
    expect(errorOf(replay).error.message).toMatch(/no longer held/);
    expect(gatehouse.gateway.heldCalls.size).toBe(0);
  });

  it('cancels a call whose retry never comes, which frees its upstream for the next one', async () => {
    const held = await heldElicitation(gatehouse);
    expect(gatehouse.gateway.heldCalls.size).toBe(1);
    const deadline = Date.now() + 10_000;
    while (gatehouse.gateway.heldCalls.size > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(gatehouse.gateway.heldCalls.size).toBe(0);
    const late = await modern(gatehouse, 'tools/call', {
      name: 'everything__trigger-elicitation-request',
      arguments: {},
      requestState: held.requestState,
      inputResponses: {},
    });
    expect(errorOf(late).error.code).toBe(-32602);
    // Had the upstream call stayed in flight, this one's question could not be routed.
    const next = await heldElicitation(gatehouse);
    expect(Object.keys(next.inputRequests)).toHaveLength(1);
    const still = await modern(gatehouse, 'tools/call', {
      name: 'everything__echo',
      arguments: { message: 'alive' },
    });
    expect(resultOf(still)).toMatchObject({ content: [{ text: 'Echo: alive' }] });
  });
});
