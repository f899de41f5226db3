import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  connectClient,
  servers,
  startGateway,
  startHttpUpstream,
  waitFor,
  type HttpUpstream,
  type TestGateway,
} from './harness.js';

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

describe("remote upstreams and the endpoint's guards", () => {
  let streamable: HttpUpstream;
  let sse: HttpUpstream;
  let env: TestGateway;
  let client: Client;

  beforeAll(async () => {
    [streamable, sse] = await Promise.all([startHttpUpstream('streamable-http'), startHttpUpstream('sse')]);
    env = await startGateway({
      mcpServers: {
        remote: { url: streamable.url, type: 'streamable-http' },
        // No type: Gatehouse tries Streamable HTTP first and falls back to SSE.
        legacy: { url: sse.url },
        memory: servers.memory,
      },
    });
    client = await connectClient(env.gateway.url, env.token);
  });

  afterAll(async () => {
    await client?.close();
    await env?.stop();
    await Promise.all([streamable?.stop(), sse?.stop()]);
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(env.gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${env.token}`,
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  /** fetch() will not send a forged Host header, so this goes through node:http. */
  const postWithHost = (host: string) =>
    new Promise<number>((resolve, reject) => {
      const outgoing = request(
        env.gateway.url,
        {
          method: 'POST',
          headers: {
            host,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            authorization: `Bearer ${env.token}`,
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(JSON.stringify(initialize));
    });

  it('connects over Streamable HTTP and over SSE as a fallback', () => {
    const statuses = env.gateway.upstreamStatuses();
    expect(statuses.map((status) => [status.name, status.state, status.transport])).toEqual([
      ['remote', 'ready', 'streamable-http'],
      ['legacy', 'ready', 'sse'],
      ['memory', 'ready', 'stdio'],
    ]);
  });

  it('calls tools on both remote upstreams', async () => {
    for (const name of ['remote__echo', 'legacy__echo']) {
      const result = await client.callTool({ name, arguments: { message: name } });
      expect(result.content).toEqual([{ type: 'text', text: `Echo: ${name}` }]);
    }
  });

  it('refuses requests without a token, with a wrong token, or after revocation', async () => {
    const missing = await post(initialize, { authorization: '' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await missing.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32600 } });

    const wrong = await post(initialize, { authorization: 'Bearer gth_not-a-real-token' });
    expect(wrong.status).toBe(401);

    const { token } = env.registry.add('short-lived');
    const revocable = await connectClient(env.gateway.url, token);
    await revocable.listTools();
    env.registry.revoke('short-lived');
    await expect(revocable.listTools()).rejects.toThrow();
    expect((await post(initialize, { authorization: `Bearer ${token}` })).status).toBe(401);
    await revocable.close().catch(() => {});
  });

  it('refuses forged Host and foreign Origin headers (DNS rebinding)', async () => {
    const port = env.gateway.url.port;
    expect(await postWithHost(`evil.example:${port}`)).toBe(403);
    expect(await postWithHost(`127.0.0.1:${Number(port) + 1}`)).toBe(403);
    expect(await postWithHost(`localhost:${port}`)).toBe(200);
    expect((await post(initialize, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(initialize, { origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it('refuses oversized bodies, malformed JSON and non-JSON-RPC bodies', async () => {
    const huge = await post({
      ...initialize,
      params: { ...initialize.params, padding: 'x'.repeat(5 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    const malformed = await post('{"jsonrpc":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: -32700 } });
    const notRpc = await post({ hello: 'world' });
    expect(notRpc.status).toBe(400);
    expect(await notRpc.json()).toMatchObject({ error: { code: -32600 } });
  });

  it("keeps sessions apart: unknown ids and other clients' sessions are not found", async () => {
    const listTools = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
    expect((await post(listTools)).status).toBe(400);
    expect((await post(listTools, { 'mcp-session-id': 'no-such-session' })).status).toBe(404);

    const opened = await post(initialize);
    const sessionId = opened.headers.get('mcp-session-id')!;
    expect(sessionId).toBeTruthy();
    const { token: otherToken } = env.registry.add('someone-else');
    const stolen = await post(listTools, {
      'mcp-session-id': sessionId,
      authorization: `Bearer ${otherToken}`,
    });
    expect(stolen.status).toBe(404);
    const own = await post(listTools, { 'mcp-session-id': sessionId });
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('application/json');
    const body = (await own.json()) as { result: { tools: unknown[] } };
    expect(body.result.tools.length).toBeGreaterThan(10);
  });

  it('ends a session on DELETE', async () => {
    const opened = await post(initialize);
    const sessionId = opened.headers.get('mcp-session-id')!;
    const before = env.gateway.sessionCount;
    const deleted = await fetch(env.gateway.url, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${env.token}`, 'mcp-session-id': sessionId },
    });
    expect(deleted.status).toBe(200);
    await waitFor(() => env.gateway.sessionCount === before - 1, 2000, 'the session to close');
  });

  it('brings a remote upstream back after it restarts on the same port', async () => {
    const remote = env.gateway.upstream('remote')!;
    const port = new URL(streamable.url).port;
    await streamable.stop();
    // A Streamable HTTP client only notices a dead server when it next talks to it.
    await client.callTool({ name: 'remote__echo', arguments: { message: 'anyone?' } }).catch(() => {});
    streamable = await startHttpUpstream('streamable-http', ['--port', port]);
    await client.callTool({ name: 'remote__echo', arguments: { message: 'anyone?' } }).catch(() => {});
    await waitFor(() => remote.state === 'ready', 15_000, 'the remote upstream to reconnect');
  });
});

describe('namespacing on collision', () => {
  let env: TestGateway;
  let client: Client;

  beforeAll(async () => {
    env = await startGateway({
      mcpServers: { everything: servers.everything, memory: servers.memory, memory2: servers.memory },
      settings: { namespacing: 'on-collision' },
    });
    client = await connectClient(env.gateway.url, env.token);
  });

  afterAll(async () => {
    await client?.close();
    await env?.stop();
  });

  it('passes unique names through and prefixes only names two upstreams share', async () => {
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('echo');
    expect(names).toContain('memory__read_graph');
    expect(names).toContain('memory2__read_graph');
    expect(names).not.toContain('read_graph');
    const { resources } = await client.listResources();
    expect(resources.some((resource) => resource.uri.startsWith('demo://'))).toBe(true);
  });
});
