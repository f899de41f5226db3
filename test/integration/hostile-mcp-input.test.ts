/**
 * Hostile and malformed input on `/mcp`, against a real gateway in front of server-everything:
 * every barrage gets a clean refusal (the right status, a JSON-RPC error, no stack trace) and a
 * normal tools/call still works afterwards. The basics (one forged Host, one oversized body, one
 * malformed body) are in gateway-http.test.ts; this goes further.
 */
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../shared/gateway/protocol/json-body.js';
import { MAX_SESSIONS_PER_CLIENT } from '../../shared/gateway/downstream/session-table.js';
import { MemorySecretStore } from '../../shared/gateway/secrets/memory-secret-store.js';
import { connectClient, servers, startGateway, type TestGateway } from './harness.js';
import {
  expectJsonRpcRefusal,
  inBatches,
  initializeRequest,
  mcpHeaders,
  openRawSession,
  rawExchange,
  rawRequest,
  type RawAnswer,
} from './hostile-kit.js';

const MAX_REQUEST_BYTES = 1024 * 1024;

let env: TestGateway;
let client: Client;
let sessionId: string;

beforeAll(async () => {
  env = await startGateway(
    { mcpServers: { everything: servers.everything }, settings: { maxRequestBytes: MAX_REQUEST_BYTES } },
    { secretStore: new MemorySecretStore(), uiDirectory: false },
  );
  client = await connectClient(env.gateway.url, env.token);
  sessionId = await openRawSession(env.gateway.url, env.token);
}, 60_000);

// After every barrage, a normal client still gets its normal answers.
afterEach(expectStillServing);

afterAll(async () => {
  await client?.close();
  await env?.stop();
});

/** A POST to `/mcp` on the raw session, with the bytes given. */
const post = (body: string | Uint8Array, headers: Record<string, string> = {}): Promise<RawAnswer> =>
  rawRequest(env.gateway.url, {
    headers: mcpHeaders(env.token, { 'mcp-session-id': sessionId, ...headers }),
    body,
  });

/** A tools/call of everything's echo on the raw session, with a raw `arguments` text. */
const echoWith = (argumentsJson: string) =>
  post(
    `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"everything__echo","arguments":${argumentsJson}}}`,
  );

/** The check after every barrage: a normal client's normal call still works. */
async function expectStillServing(): Promise<void> {
  const result = await client.callTool({ name: 'everything__echo', arguments: { message: 'still here' } });
  expect(result.content).toEqual([{ type: 'text', text: 'Echo: still here' }]);
}

describe('malformed bodies on /mcp', () => {
  const parseErrors: [string, string | Buffer][] = [
    ['empty body', ''],
    ['truncated JSON', '{"jsonrpc":"2.0","id":1,'],
    ['two values', '{"jsonrpc":"2.0","id":1,"method":"ping"}{}'],
    ['JavaScript, not JSON', "{jsonrpc:'2.0',id:1,method:'ping'}"],
    ['a lone 0xFF byte', Buffer.from([0xff])],
    [
      'invalid UTF-8 inside a string',
      Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping","x":"\xc3\x28"}', 'latin1'),
    ],
    ['an overlong encoding of "/"', Buffer.from('{"jsonrpc":"2.0","id":1,"method":"\xc0\xaf"}', 'latin1')],
    ['a UTF-8-encoded surrogate', Buffer.from('{"jsonrpc":"2.0","id":1,"method":"\xed\xa0\x80"}', 'latin1')],
    ['UTF-16 text', Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping"}', 'utf16le')],
  ];
  it.each(parseErrors)('answers %s with a parse error', async (_what, body) => {
    expectJsonRpcRefusal(await post(body), 400, ErrorCode.ParseError);
  });

  const invalidRequests: [string, unknown][] = [
    ['null', null],
    ['a number', 42],
    ['a string', 'ping'],
    ['no jsonrpc member', { id: 1, method: 'ping' }],
    ['jsonrpc 1.0', { jsonrpc: '1.0', id: 1, method: 'ping' }],
    ['jsonrpc as a number', { jsonrpc: 2.0, id: 1, method: 'ping' }],
    ['an object id', { jsonrpc: '2.0', id: { $gt: '' }, method: 'ping' }],
    ['an array id', { jsonrpc: '2.0', id: [1], method: 'ping' }],
    ['a fractional id', { jsonrpc: '2.0', id: 1.5, method: 'ping' }],
    ['a boolean id', { jsonrpc: '2.0', id: true, method: 'ping' }],
    ['a null id on a request', { jsonrpc: '2.0', id: null, method: 'ping' }],
    ['a numeric method', { jsonrpc: '2.0', id: 1, method: 7 }],
    ['array params', { jsonrpc: '2.0', id: 1, method: 'tools/list', params: [1, 2] }],
    ['string params', { jsonrpc: '2.0', id: 1, method: 'tools/list', params: 'all' }],
    ['neither method nor result', { jsonrpc: '2.0', id: 1 }],
    ['a result without id', { jsonrpc: '2.0', result: {} }],
    ['an error without a code', { jsonrpc: '2.0', id: 1, error: { message: 'x' } }],
    // The SDK would drop these without an answer, leaving the request hanging.
    ['a method and a result together', { jsonrpc: '2.0', id: 1, method: 'ping', result: {} }],
    ['a member JSON-RPC does not define', { jsonrpc: '2.0', id: 1, method: 'ping', priority: 'high' }],
    ['a params._meta that is not an object', { jsonrpc: '2.0', id: 1, method: 'x/y', params: { _meta: 5 } }],
    [
      'an object progress token',
      { jsonrpc: '2.0', id: 1, method: 'x/y', params: { _meta: { progressToken: {} } } },
    ],
  ];
  it.each(invalidRequests)('answers %s with Invalid Request', async (_what, body) => {
    expectJsonRpcRefusal(await post(JSON.stringify(body)), 400, ErrorCode.InvalidRequest);
  });

  it('refuses batches of any length, as MCP 2025-06-18 removed them', async () => {
    const ping = { jsonrpc: '2.0', id: 1, method: 'ping' };
    for (const batch of [
      [],
      [ping],
      [ping, { ...ping, id: 2 }],
      [initializeRequest],
      Array(1000).fill(ping),
    ]) {
      const message = expectJsonRpcRefusal(await post(JSON.stringify(batch)), 400, ErrorCode.InvalidRequest);
      expect(message).toMatch(/batch/i);
    }
    // A batch must not have opened a session on the way.
    const before = env.gateway.sessionCount;
    await post(JSON.stringify([initializeRequest]), { 'mcp-session-id': '' });
    expect(env.gateway.sessionCount).toBe(before);
  });

  it('answers unknown methods and bad params of known ones with JSON-RPC errors, not HTTP failures', async () => {
    const unknown = await post(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/explode' }));
    expect(unknown.status).toBe(200);
    expect(JSON.parse(unknown.text)).toMatchObject({ id: 3, error: { code: ErrorCode.MethodNotFound } });

    const badParams = await post(
      JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 5 } }),
    );
    expect(badParams.status).toBe(200);
    expect(JSON.parse(badParams.text)).toMatchObject({
      id: 4,
      error: { code: ErrorCode.InvalidParams, message: expect.stringContaining('params.name') as unknown },
    });

    // A broken initialize is answered the same way, and leaves no session behind.
    const before = env.gateway.sessionCount;
    const badInit = await post(JSON.stringify({ ...initializeRequest, params: { capabilities: 'all' } }));
    expect(JSON.parse(badInit.text)).toMatchObject({ id: 1, error: { code: ErrorCode.InvalidParams } });
    expect(badInit.headers['mcp-session-id']).toBeUndefined();
    expect(env.gateway.sessionCount).toBe(before);

    // Notifications and stray responses get nothing back but 202.
    expect((await post(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/made-up' }))).status).toBe(
      202,
    );
    expect((await post(JSON.stringify({ jsonrpc: '2.0', id: 'never-asked', result: {} }))).status).toBe(202);
  });

  it('refuses wrong verbs, media types and protocol versions', async () => {
    const headers = mcpHeaders(env.token, { 'mcp-session-id': sessionId });
    for (const method of ['PUT', 'PATCH', 'OPTIONS', 'TRACE']) {
      const answer = await rawRequest(env.gateway.url, { method, headers, body: '{}' });
      expectJsonRpcRefusal(answer, 405);
      expect(answer.headers.allow).toBe('GET, POST, DELETE');
    }
    expectJsonRpcRefusal(await post('{}', { 'content-type': 'text/plain' }), 415);
    expectJsonRpcRefusal(await post('{}', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
    expectJsonRpcRefusal(await post('{}', { accept: 'text/html' }), 406);
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
    expectJsonRpcRefusal(await post(ping, { 'mcp-protocol-version': '1999-01-01' }), 400);
  });
});

describe('oversized and lying bodies', () => {
  const head = (headers: string) =>
    `POST /mcp HTTP/1.1\r\nHost: ${env.gateway.url.host}\r\nAuthorization: Bearer ${env.token}\r\n` +
    `Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n` +
    `Mcp-Session-Id: ${sessionId}\r\n${headers}\r\n`;

  it('refuses a declared length over the limit at once, without waiting for the body', async () => {
    const exchange = await rawExchange(
      env.gateway.url,
      head(`Content-Length: ${10 * MAX_REQUEST_BYTES}\r\n`),
    );
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(exchange.received).toContain(`the limit is ${MAX_REQUEST_BYTES} bytes`);
  });

  it('cuts off a chunked body that keeps going, and closes the connection', async () => {
    const chunk = Buffer.from(`4000\r\n${'['.repeat(0x4000)}\r\n`);
    const exchange = await rawExchange(env.gateway.url, head('Transfer-Encoding: chunked\r\n'), {
      chunk,
      maxBytes: 64 * MAX_REQUEST_BYTES,
    });
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(exchange.received.toLowerCase()).toContain('connection: close');
  });

  it('reads no further than a Content-Length that lies low, and treats the rest as garbage', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', padding: 'x'.repeat(200) });
    const exchange = await rawExchange(env.gateway.url, `${head('Content-Length: 20\r\n')}${body}`);
    expect(exchange.closedByServer).toBe(true);
    // The first 20 bytes are not JSON, and what follows is not HTTP: Node's parser answers 400 and
    // ends the connection, usually before the gateway has answered the first request.
    expect(exchange.received).toMatch(/^HTTP\/1\.1 400 /);
    expect(exchange.received).not.toMatch(/HTTP\/1\.1 [235]\d\d /);
    expect(exchange.received).not.toMatch(/\n\s+at \S/);
  });

  it('refuses a body with both Content-Length and Transfer-Encoding (request smuggling)', async () => {
    const exchange = await rawExchange(
      env.gateway.url,
      `${head('Content-Length: 4\r\nTransfer-Encoding: chunked\r\n')}0\r\n\r\n`,
    );
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.received).toMatch(/^HTTP\/1\.1 400 /);
  });
});

describe('deeply nested arguments', () => {
  it('refuses 100,000 nested arrays or objects in a real tools/call with a clean error', async () => {
    const depth = 100_000;
    const arrays = `{"message":"deep","nested":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const objects = `{"message":"deep","nested":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
    for (const argumentsJson of [arrays, objects]) {
      const message = expectJsonRpcRefusal(await echoWith(argumentsJson), 400, ErrorCode.InvalidRequest);
      expect(message).toContain(`more than ${MAX_JSON_DEPTH} levels deep`);
    }
    // Unbalanced nesting never reaches the parser either.
    expectJsonRpcRefusal(await echoWith('['.repeat(depth)), 400, ErrorCode.InvalidRequest);
  });

  it('forwards and audits nesting below the limit, and ignores brackets inside strings', async () => {
    const depth = MAX_JSON_DEPTH - 8;
    const nested = await echoWith(`{"message":"nested","nested":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    expect(nested.status).toBe(200);
    expect(JSON.parse(nested.text)).toMatchObject({ result: { content: [{ text: 'Echo: nested' }] } });

    const brackets = '['.repeat(10_000);
    const inString = await echoWith(JSON.stringify({ message: brackets }));
    expect(inString.status).toBe(200);
    expect(JSON.parse(inString.text)).toMatchObject({ result: { content: [{ text: `Echo: ${brackets}` }] } });
  });
});

describe('sessions', () => {
  it("finds no other client's session, whatever the verb", async () => {
    const { token: otherToken } = env.registry.add('intruder');
    const headers = mcpHeaders(otherToken, { 'mcp-session-id': sessionId });
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
    expectJsonRpcRefusal(await rawRequest(env.gateway.url, { headers, body: ping }), 404);
    const stream = await rawRequest(env.gateway.url, {
      method: 'GET',
      headers: { ...headers, accept: 'text/event-stream' },
    });
    expectJsonRpcRefusal(stream, 404);
    expectJsonRpcRefusal(await rawRequest(env.gateway.url, { method: 'DELETE', headers }), 404);
    // The DELETE did nothing: the owner's session still answers.
    expect((await post(ping)).status).toBe(200);
    for (const forged of [
      'x'.repeat(4000),
      '../../etc/passwd',
      `${sessionId}x`,
      `${sessionId},${sessionId}`,
      sessionId.toUpperCase(),
    ]) {
      expectJsonRpcRefusal(await post(ping, { 'mcp-session-id': forged }), 404);
    }
  });

  it('serves a flood of 500 initialize requests from one client, keeping at most the cap open', async () => {
    const { token } = env.registry.add('flooder');
    const before = env.gateway.sessionCount;
    const answers = await inBatches(500, 25, () =>
      rawRequest(env.gateway.url, { headers: mcpHeaders(token), body: JSON.stringify(initializeRequest) }),
    );
    expect(answers.map((answer) => answer.status).filter((status) => status !== 200)).toEqual([]);
    const flooded = env.gateway.sessionCount - before;
    expect(flooded).toBeLessThanOrEqual(MAX_SESSIONS_PER_CLIENT);
    expect(flooded).toBeGreaterThan(0);

    // The oldest sessions made room for the newest: the first is gone, the last still answers.
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
    const sessionOf = (answer: RawAnswer) => answer.headers['mcp-session-id'] as string;
    const asFlooder = (id: string) =>
      rawRequest(env.gateway.url, { headers: mcpHeaders(token, { 'mcp-session-id': id }), body: ping });
    expectJsonRpcRefusal(await asFlooder(sessionOf(answers[0]!)), 404);
    expect((await asFlooder(sessionOf(answers[499]!))).status).toBe(200);

    // Other clients' sessions were not touched.
    expect((await post(ping)).status).toBe(200);
  });
});
