/**
 * Hostile input on the control API (`POST /control/<method>`, `GET /control/events`) and
 * requests a web page could make from a person's browser, against a real gateway in front of
 * server-everything. control-api.test.ts covers a wrong token and one invalid argument; this
 * covers the rest, and after each barrage the API and a normal tools/call still work.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../shared/gateway/protocol/json-body.js';
import { MemorySecretStore } from '../../shared/gateway/secrets/memory-secret-store.js';
import { connectClient, servers, startGateway, waitFor, type TestGateway } from './harness.js';
import {
  expectControlRefusal,
  expectJsonRpcRefusal,
  expectNoCorsGrant,
  initializeRequest,
  mcpHeaders,
  rawExchange,
  rawRequest,
  stalledReader,
  type RawAnswer,
} from './hostile-kit.js';

const CONTROL_BODY_LIMIT = 1024 * 1024;
const FOREIGN_ORIGIN = 'https://evil.example';

let env: TestGateway;
let client: Client;

beforeAll(async () => {
  env = await startGateway(
    { mcpServers: { everything: servers.everything } },
    { secretStore: new MemorySecretStore(), uiDirectory: false },
  );
  client = await connectClient(env.gateway.url, env.token);
}, 60_000);

// After every barrage, a normal client still gets its normal answers.
afterEach(expectStillServing);

afterAll(async () => {
  await client?.close();
  await env?.stop();
});

/** A control call with the admin token and the bytes given. */
const control = (method: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
  rawRequest(env.gateway.url, {
    path: `/control/${method}`,
    headers: {
      authorization: `Bearer ${env.gateway.adminToken}`,
      'content-type': 'application/json',
      ...headers,
    },
    body,
  });

/** The check after every barrage: the control API and a normal tools/call both still answer. */
async function expectStillServing(): Promise<void> {
  const listed = await control('servers.list', '{}');
  expect(listed.status).toBe(200);
  expect(JSON.parse(listed.text)).toMatchObject({ ok: true });
  const result = await client.callTool({ name: 'everything__echo', arguments: { message: 'still here' } });
  expect(result.content).toEqual([{ type: 'text', text: 'Echo: still here' }]);
}

describe('control API bodies and methods', () => {
  it('refuses every way of presenting a wrong admin token', async () => {
    const token = env.gateway.adminToken;
    for (const authorization of [
      '',
      `Basic ${Buffer.from(`admin:${token}`).toString('base64')}`,
      `Bearer ${token} extra`,
      `Bearer ${token.toUpperCase()}`,
      `Bearer ${token.slice(0, -1)}`,
      `Bearer ${token}${token}`,
      `Bearer ${env.token}`,
    ]) {
      expectControlRefusal(await control('servers.list', '{}', { authorization }), 401, 'unauthorized');
    }
    const inQuery = await rawRequest(env.gateway.url, {
      path: `/control/servers.list?token=${token}`,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expectControlRefusal(inQuery, 401, 'unauthorized');
  });

  it('answers methods that do not exist, however they are spelled, with 404', async () => {
    for (const method of [
      '',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      '..%2Fmcp',
      '../mcp',
      'servers.list/../clients.add',
      'servers.list%00',
      'SERVERS.LIST',
      'x'.repeat(4000),
    ]) {
      expectControlRefusal(await control(method, '{}'), 404, 'unknown_method');
    }
  });

  it('refuses wrong verbs on methods and on the event stream', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
      const answer = await rawRequest(env.gateway.url, {
        method,
        path: '/control/servers.list',
        headers: { authorization: `Bearer ${env.gateway.adminToken}` },
      });
      expectControlRefusal(answer, 405, 'method_not_allowed');
    }
    expectControlRefusal(await control('events', '{}'), 405, 'method_not_allowed');
  });

  const badBodies: [string, string | Buffer, number, string][] = [
    ['truncated JSON', '{"name":', 400, 'bad_json'],
    ['JavaScript, not JSON', "{name:'x'}", 400, 'bad_json'],
    ['invalid UTF-8', Buffer.from('{"name":"\xff\xfe"}', 'latin1'), 400, 'bad_json'],
    ['a UTF-8-encoded surrogate', Buffer.from('{"name":"\xed\xa0\x80"}', 'latin1'), 400, 'bad_json'],
    ['null', 'null', 400, 'invalid_arguments'],
    ['an array', '[{"name":"everything"}]', 400, 'invalid_arguments'],
    ['a string', '"everything"', 400, 'invalid_arguments'],
    ['a wrong type', '{"name":42}', 400, 'invalid_arguments'],
    ['an extra key', '{"name":"everything","admin":true}', 400, 'invalid_arguments'],
    ['an empty name', '{"name":""}', 400, 'invalid_arguments'],
    [
      `nesting past ${MAX_JSON_DEPTH} levels`,
      `{"name":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      400,
      'invalid_arguments',
    ],
  ];
  it.each(badBodies)('refuses a body that is %s', async (_what, body, status, code) => {
    expectControlRefusal(await control('servers.tools', body), status, code);
  });

  it('refuses bodies over its limit, declared or chunked without end', async () => {
    const huge = `{"name":"${'x'.repeat(CONTROL_BODY_LIMIT)}"}`;
    expectControlRefusal(await control('servers.tools', huge), 413, 'too_large');

    const head = (headers: string) =>
      `POST /control/servers.tools HTTP/1.1\r\nHost: ${env.gateway.url.host}\r\n` +
      `Authorization: Bearer ${env.gateway.adminToken}\r\nContent-Type: application/json\r\n${headers}\r\n`;
    const declared = await rawExchange(
      env.gateway.url,
      head(`Content-Length: ${10 * CONTROL_BODY_LIMIT}\r\n`),
    );
    expect(declared.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(declared.closedByServer).toBe(true);

    const endless = await rawExchange(env.gateway.url, head('Transfer-Encoding: chunked\r\n'), {
      chunk: Buffer.from(`4000\r\n${'x'.repeat(0x4000)}\r\n`),
      maxBytes: 64 * CONTROL_BODY_LIMIT,
    });
    expect(endless.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(endless.closedByServer).toBe(true);
  });

  it('lets no "__proto__" key pollute the prototype of every object in the engine', async () => {
    const attempts: [string, string][] = [
      ['servers.list', '{"__proto__":{"polluted":true}}'],
      ['settings.update', '{"settings":{"__proto__":{"polluted":true}}}'],
      ['policy.validate', '{"policies":{"__proto__":{"polluted":true},"rules":[]}}'],
      // Without `replace` this is refused (the name is taken), but only after the schema read it.
      [
        'servers.save',
        '{"name":"everything","config":{"command":"node","env":{"__proto__":{"polluted":true}}}}',
      ],
      ['access.set', '{"changes":[{"client":"__proto__","server":"__proto__","enabled":false}]}'],
    ];
    for (const [method, body] of attempts) {
      const answer = await control(method, body);
      expect([200, 400, 409], answer.text).toContain(answer.status);
      expect(answer.text).not.toMatch(/\n\s+at \S/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(env.gateway.config.mcpServers)).toEqual(['everything']);
  });

  it('drops the event stream of a reader that stopped reading, instead of keeping every event for it', async () => {
    const listeners = env.gateway.events.listenerCount;
    const reader = await stalledReader(env.gateway.url, '/control/events', {
      authorization: `Bearer ${env.gateway.adminToken}`,
      accept: 'text/event-stream',
    });
    try {
      expect(env.gateway.events.listenerCount).toBe(listeners + 1);
      // Real events, as fast as the engine can make them: about 60 bytes each, 30 MB in all.
      let emitted = 0;
      while (env.gateway.events.listenerCount > listeners && emitted < 500_000) {
        for (let burst = 0; burst < 1_000; burst++) env.gateway.events.emit({ type: 'catalog.changed' });
        emitted += 1_000;
        await new Promise((resolve) => setImmediate(resolve));
      }
      await waitFor(
        () => env.gateway.events.listenerCount === listeners,
        5_000,
        'the stalled stream dropped',
      );
      expect(emitted).toBeLessThan(500_000);
    } finally {
      reader.stop();
    }
  });

  it('survives a deep but allowed policy draft', async () => {
    const depth = MAX_JSON_DEPTH - 4;
    const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const answer = await control('policy.validate', `{"policies":{"rules":[{"id":"x","match":${deep}}]}}`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ ok: true, value: { ok: false } });
  });
});

describe('requests a web page could make', () => {
  const port = () => env.gateway.url.port;

  /** What a page on `origin` would send: the browser adds the Origin header itself. */
  const fromPage = (
    origin: string,
    options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
  ) => rawRequest(env.gateway.url, { ...options, headers: { origin, ...options.headers } });

  it('refuses a simple cross-site POST (text/plain, no preflight) to /mcp and /control', async () => {
    const body = JSON.stringify(initializeRequest);
    for (const headers of [
      { 'content-type': 'text/plain' },
      mcpHeaders(env.token, { 'content-type': 'text/plain' }),
    ]) {
      expectJsonRpcRefusal(await fromPage(FOREIGN_ORIGIN, { path: '/mcp', headers, body }), 403);
    }
    const controlHeaders = {
      'content-type': 'text/plain',
      authorization: `Bearer ${env.gateway.adminToken}`,
    };
    const refused = await fromPage(FOREIGN_ORIGIN, {
      path: '/control/gateway.pause',
      headers: controlHeaders,
      body: '{}',
    });
    expect(refused.status).toBe(403);
    expectNoCorsGrant(refused);
    expect(env.gateway.state.current().pausedSince).toBeNull();
  });

  it('refuses preflight requests without granting anything', async () => {
    for (const path of ['/mcp', '/control/servers.list', '/control/events']) {
      const preflight = await fromPage(FOREIGN_ORIGIN, {
        method: 'OPTIONS',
        path,
        headers: {
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, mcp-session-id',
        },
      });
      expect(preflight.status).toBe(403);
      expectNoCorsGrant(preflight);
    }
  });

  it('refuses the event stream to a foreign page, even with the admin token', async () => {
    const stream = await fromPage(FOREIGN_ORIGIN, {
      method: 'GET',
      path: '/control/events',
      headers: { authorization: `Bearer ${env.gateway.adminToken}`, accept: 'text/event-stream' },
    });
    expect(stream.status).toBe(403);
    expect(stream.headers['content-type']).toBe('application/json');
    expectNoCorsGrant(stream);
  });

  it('refuses origins that only look like this gateway', async () => {
    const origins = [
      'null',
      `https://127.0.0.1:${port()}`,
      `http://127.0.0.1:${Number(port()) + 1}`,
      `http://localhost:${port()}.evil.example`,
      `http://127.0.0.1:${port()}@evil.example`,
      `http://evil.example#@127.0.0.1:${port()}`,
      'file://',
      `http://127.0.0.1.nip.io:${port()}`,
      `http://[::ffff:127.0.0.1]:${port()}`,
      `http://0.0.0.0:${port()}`,
    ];
    for (const origin of origins) {
      const answer = await fromPage(origin, {
        path: '/mcp',
        headers: mcpHeaders(env.token),
        body: JSON.stringify(initializeRequest),
      });
      expectJsonRpcRefusal(answer, 403);
    }
  });

  it('refuses Host names that only look like this gateway (DNS rebinding), on every path', async () => {
    const hosts = [
      `127.0.0.1.nip.io:${port()}`,
      `localhost.:${port()}`,
      `127.1:${port()}`,
      `2130706433:${port()}`,
      `0.0.0.0:${port()}`,
      `[::ffff:127.0.0.1]:${port()}`,
      `127.0.0.1:${port()}@evil.example`,
      `127.0.0.1`,
    ];
    for (const host of hosts) {
      const mcp = await rawRequest(env.gateway.url, {
        headers: { ...mcpHeaders(env.token), host },
        body: JSON.stringify(initializeRequest),
      });
      expectJsonRpcRefusal(mcp, 403);
      const events: RawAnswer = await rawRequest(env.gateway.url, {
        method: 'GET',
        path: '/control/events',
        headers: { host, authorization: `Bearer ${env.gateway.adminToken}` },
      });
      expect(events.status).toBe(403);
    }
  });
});
