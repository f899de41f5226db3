/**
 * Slow and greedy clients: slow-loris connections that trickle headers or bodies byte by byte,
 * requests that stall half-way, and a client holding as many busy sessions as it may. The real
 * gateway keeps serving others while 50 slow sockets hang on it and times them out; the
 * endpoint alone, with short timeouts, shows each limit and that long answers are not cut.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  MCP_PATH,
  McpHttpEndpoint,
  type EndpointHost,
} from '../../shared/gateway/downstream/mcp-http-endpoint.js';
import { GatewayHttpServer } from '../../shared/gateway/http/gateway-http-server.js';
import { DEFAULT_REQUEST_TIMEOUTS } from '../../shared/gateway/http/request-timeouts.js';
import { SessionTable } from '../../shared/gateway/downstream/session-table.js';
import { silentLogger } from '../../shared/gateway/logger.js';
import { MemorySecretStore } from '../../shared/gateway/secrets/memory-secret-store.js';
import { connectClient, servers, startGateway, waitFor } from './harness.js';
import {
  expectJsonRpcRefusal,
  initializeRequest,
  mcpHeaders,
  openRawSession,
  rawExchange,
  rawRequest,
  trickle,
  type Trickle,
} from './hostile-kit.js';

/** The start of a POST to `/mcp` up to the blank line, declaring `contentLength` body bytes. */
function requestHead(url: URL, token: string, contentLength: number): string {
  const headers = mcpHeaders(token, { host: url.host, 'content-length': String(contentLength) });
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `POST /mcp HTTP/1.1\r\n${lines.join('')}\r\n`;
}

describe('the real gateway under 50 slow-loris connections', () => {
  it('keeps serving other clients, and times out the slow ones', async () => {
    const env = await startGateway(
      { mcpServers: { everything: servers.everything } },
      { secretStore: new MemorySecretStore(), uiDirectory: false },
    );
    const { token } = env.registry.add('slow');
    const body = JSON.stringify(initializeRequest);
    const slow: Trickle[] = [];
    try {
      const head = requestHead(env.gateway.url, token, Buffer.byteLength(body));
      for (let i = 0; i < 25; i++) {
        // Headers a byte at a time: never finished before the headers timeout.
        slow.push(trickle(env.gateway.url, { bytes: head, intervalMs: 500 }));
        // Headers at once, then the body a byte at a time: not finished before the request timeout.
        slow.push(trickle(env.gateway.url, { head, bytes: body, intervalMs: 500 }));
      }
      await Promise.all(slow.map((connection) => connection.started));

      // With all 50 hanging on, another client connects and calls a tool as usual.
      const client = await connectClient(env.gateway.url, env.token);
      const result = await client.callTool({ name: 'everything__echo', arguments: { message: 'served' } });
      expect(result.content).toEqual([{ type: 'text', text: 'Echo: served' }]);
      await client.close();

      // Each is cut off once its timeout passes (checked every second, not Node's default 30 s):
      // 408, connection closed.
      const closed = await Promise.all(slow.map((connection) => connection.closed));
      for (const [index, { received, afterMs }] of closed.entries()) {
        const limit =
          index % 2 === 0 ? DEFAULT_REQUEST_TIMEOUTS.headersMs : DEFAULT_REQUEST_TIMEOUTS.requestMs;
        expect(received).toMatch(/^HTTP\/1\.1 408 /);
        expect(afterMs).toBeGreaterThanOrEqual(limit - 100);
        expect(afterMs).toBeLessThan(limit + 10_000);
      }
    } finally {
      for (const connection of slow) connection.stop();
      await env.stop();
    }
  }, 120_000);
});

describe('the endpoint with short timeouts', () => {
  const timeouts = { headersMs: 1000, requestMs: 2000, checkIntervalMs: 100 };
  let server: GatewayHttpServer;
  let sessions: SessionTable;
  let url: URL;
  /** Releases every call of the `wait` tool that is waiting now. */
  let releaseWaiting: () => void;
  let waiting: Promise<void>;
  const armGate = () => {
    waiting = new Promise((resolve) => (releaseWaiting = resolve));
  };

  /** A session's server with one tool, `wait`, that answers once the test releases it. */
  const sessionServer = () => {
    const server = new Server(
      { name: 'bare', version: '1.0.0' },
      { capabilities: { tools: {}, logging: {} } },
    );
    server.setRequestHandler(ListToolsRequestSchema, () => ({
      tools: [{ name: 'wait', inputSchema: { type: 'object' as const } }],
    }));
    server.setRequestHandler(CallToolRequestSchema, async () => {
      await waiting;
      return { content: [{ type: 'text' as const, text: 'released' }] };
    });
    return server;
  };

  beforeAll(async () => {
    armGate();
    sessions = new SessionTable(sessionServer, () => {}, 3);
    const host: EndpointHost = {
      authenticate: (token) => ({ 'token-a': 'a', 'token-b': 'b' })[token],
      createSession: (clientName, protocolVersion) => sessions.open(clientName, protocolVersion),
      session: (id) => sessions.get(id),
      closeSession: async (id) => sessions.get(id)?.close(),
      // This test's clients speak the 2025 era only.
      serveModern: async (_request, _client, response) => void response.writeHead(501).end(),
    };
    server = new GatewayHttpServer({
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      mainPath: MCP_PATH,
      timeouts,
    });
    server.mount(new McpHttpEndpoint(host, { maxRequestBytes: 64 * 1024 }));
    url = new URL(MCP_PATH, await server.listen());
  });

  afterEach(() => {
    releaseWaiting();
    armGate();
  });

  afterAll(async () => {
    await sessions.closeAll();
    await server.close();
  });

  const callWait = (sessionId: string, id = 2) =>
    rawRequest(url, {
      headers: mcpHeaders('token-a', { 'mcp-session-id': sessionId }),
      body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'wait' } }),
    });

  it('answers 408 to headers trickled past the headers timeout', async () => {
    const connection = trickle(url, { bytes: requestHead(url, 'token-a', 2), intervalMs: 100 });
    const { received, afterMs } = await connection.closed;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(afterMs).toBeGreaterThanOrEqual(timeouts.headersMs - 50);
  });

  it('answers 408 to a body trickled past the request timeout', async () => {
    const body = JSON.stringify(initializeRequest);
    const connection = trickle(url, {
      head: requestHead(url, 'token-a', Buffer.byteLength(body)),
      bytes: body,
      intervalMs: 100,
    });
    const { received, afterMs } = await connection.closed;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(afterMs).toBeGreaterThanOrEqual(timeouts.requestMs - 50);
  });

  it('answers 408 to a body shorter than its Content-Length, and to a connection that says nothing', async () => {
    const stalled = await rawExchange(url, `${requestHead(url, 'token-a', 1000)}{"jsonrpc":`);
    expect(stalled.closedByServer).toBe(true);
    expect(stalled.received).toMatch(/^HTTP\/1\.1 408 /);
    const silent = await rawExchange(url, '');
    expect(silent.closedByServer).toBe(true);
  });

  it('does not cut an answer or a stream that takes longer than the request timeout', async () => {
    const sessionId = await openRawSession(url, 'token-a');
    const stream = await fetch(url, {
      headers: { authorization: 'Bearer token-a', accept: 'text/event-stream', 'mcp-session-id': sessionId },
    });
    expect(stream.status).toBe(200);
    const call = callWait(sessionId);
    // Past two request timeouts, and so past many checks, the call and the stream still stand.
    await new Promise((resolve) =>
      setTimeout(resolve, 2 * timeouts.requestMs + 5 * timeouts.checkIntervalMs),
    );
    releaseWaiting();
    const answer = await call;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ result: { content: [{ text: 'released' }] } });
    const reader = stream.body!.getReader();
    sessions.get(sessionId)!.notify('notifications/message', { level: 'info', data: 'still open' });
    let text = '';
    while (!text.includes('still open')) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`The stream ended early, after: ${text}`);
      text += new TextDecoder().decode(value);
    }
    await reader.cancel();
  });

  it('refuses a new session with 429 only while all of the client’s sessions are busy', async () => {
    await sessions.closeAll();
    const own = [await openRawSession(url, 'token-a'), await openRawSession(url, 'token-a')];
    const third = await openRawSession(url, 'token-a');
    const busy = [...own, third].map((id, index) => callWait(id, 10 + index));
    await waitFor(
      () => [...own, third].every((id) => sessions.get(id)?.transport.hasRequestsInFlight === true),
      10_000,
      'the three calls to be in flight',
    );

    const refused = await rawRequest(url, {
      headers: mcpHeaders('token-a'),
      body: JSON.stringify(initializeRequest),
    });
    expect(expectJsonRpcRefusal(refused, 429)).toMatch(/Too many sessions/);
    // The cap is per client: another client is not affected.
    await openRawSession(url, 'token-b');

    releaseWaiting();
    expect((await Promise.all(busy)).map((answer) => answer.status)).toEqual([200, 200, 200]);
    // Now idle, the least recently used session makes room for a new one.
    const fourth = await openRawSession(url, 'token-a');
    expect(sessions.get(fourth)).toBeDefined();
    const alive = [...own, third].filter((id) => sessions.get(id) !== undefined);
    expect(alive).toHaveLength(2);
  });
});
