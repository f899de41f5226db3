/**
 * Property-based round trips through a real gateway (no upstreams, a real audit log): arbitrary
 * bytes and JSON-RPC-like messages on `/mcp`, arbitrary bytes and JSON on read-only control
 * methods. Every answer is well-formed HTTP with an expected status and a JSON-RPC or `ok: false`
 * body, never a 500 or a stack trace; afterwards the gateway still answers and the audit chain,
 * which recorded every fuzzed tools/call, still verifies. Fixed seed, a few hundred cases each.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { MemorySecretStore } from '../../../shared/gateway/secrets/memory-secret-store.js';
import { startGateway, type TestGateway } from '../../integration/harness.js';
import { mcpHeaders, openRawSession } from '../../integration/hostile-kit.js';

const SEED = 42;
const LEAK = /\n\s+at \S|node:internal|\.[jt]s:\d+:\d+/;
const anyJson = fc.jsonValue({ stringUnit: 'binary', maxDepth: 5 });
const methods = ClientRequestSchema.options.map((schema) => schema.shape.method.value);

/** Messages close enough to JSON-RPC to reach the session's server, often with odd parts. */
const message = fc.record(
  {
    jsonrpc: fc.constantFrom<unknown>('2.0', '2.0', '2.0', '2.0', '1.0'),
    id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), anyJson),
    method: fc.oneof(fc.constantFrom(...methods, 'notifications/initialized'), fc.string({ unit: 'binary' })),
    params: fc.oneof(
      fc.record(
        {
          name: fc.oneof(fc.string({ unit: 'binary' }), anyJson),
          arguments: fc.dictionary(fc.string(), anyJson),
        },
        { requiredKeys: [] },
      ),
      fc.dictionary(fc.string(), anyJson),
      anyJson,
    ),
    result: fc.dictionary(fc.string(), anyJson),
  },
  { requiredKeys: ['jsonrpc'] },
);

const READ_ONLY_METHODS = [
  'servers.list',
  'servers.status',
  'servers.tools',
  'clients.list',
  'access.matrix',
  'policy.get',
  'policy.validate',
  'tools.held',
  'gateway.state',
  'settings.get',
  'secrets.list',
  'audit.query',
  'audit.get',
];

let env: TestGateway;
let sessionId: string;

beforeAll(async () => {
  env = await startGateway({ mcpServers: {} }, { secretStore: new MemorySecretStore(), uiDirectory: false });
  sessionId = await openRawSession(env.gateway.url, env.token);
});

afterAll(async () => {
  await env?.stop();
});

interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly text: string;
}

async function answerOf(response: Response): Promise<Answer> {
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

const postMcp = async (body: Uint8Array | string) =>
  answerOf(
    await fetch(env.gateway.url, {
      method: 'POST',
      headers: mcpHeaders(env.token, { 'mcp-session-id': sessionId }),
      body,
      // An answer that never comes fails the case (and fast-check shrinks it) instead of the test.
      signal: AbortSignal.timeout(5000),
    }),
  );

const postControl = async (method: string, body: Uint8Array | string) =>
  answerOf(
    await fetch(new URL(`/control/${method}`, env.gateway.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${env.gateway.adminToken}`, 'content-type': 'application/json' },
      body,
    }),
  );

/** A `/mcp` answer: 202 and nothing, or JSON with one JSON-RPC response or error. */
function expectMcpAnswer(answer: Answer): void {
  expect([200, 202, 400]).toContain(answer.status);
  if (answer.status === 202) return void expect(answer.text).toBe('');
  expect(answer.type).toBe('application/json');
  expect(answer.text).not.toMatch(LEAK);
  const body = JSON.parse(answer.text) as Record<string, unknown>;
  expect(body.jsonrpc).toBe('2.0');
  expect('result' in body !== 'error' in body).toBe(true);
  if ('error' in body) {
    const error = body.error as { code: unknown; message: unknown };
    expect(Number.isInteger(error.code)).toBe(true);
    expect(typeof error.message).toBe('string');
  }
}

/** A control answer: the `{ ok, value | error }` envelope with 200 or 400. */
function expectControlAnswer(answer: Answer): void {
  expect([200, 400]).toContain(answer.status);
  expect(answer.type).toBe('application/json');
  expect(answer.text).not.toMatch(LEAK);
  const body = JSON.parse(answer.text) as { ok: boolean; error?: { code: unknown } };
  expect(body.ok).toBe(answer.status === 200);
  if (!body.ok) expect(typeof body.error?.code).toBe('string');
}

describe('fuzzed requests through a real gateway', () => {
  it('answers arbitrary bytes on /mcp with a JSON-RPC error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) =>
        expectMcpAnswer(await postMcp(bytes)),
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('answers JSON-RPC-like messages on /mcp with a response, an error or 202', async () => {
    await fc.assert(
      fc.asyncProperty(message, async (sent) => {
        const answer = await postMcp(JSON.stringify(sent));
        expectMcpAnswer(answer);
        // A request's answer carries its id.
        const sentAsJson = JSON.parse(JSON.stringify(sent)) as { id?: unknown };
        if (answer.status === 200 && typeof sent.method === 'string' && 'id' in sentAsJson)
          expect((JSON.parse(answer.text) as { id: unknown }).id).toEqual(sentAsJson.id);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('answers tools/call with any name and arguments, auditing each one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.dictionary(fc.string({ unit: 'binary', maxLength: 20 }), anyJson),
        fc.integer(),
        async (name, args, id) => {
          const call = { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } };
          const answer = await postMcp(JSON.stringify(call));
          expectMcpAnswer(answer);
          // No upstreams: every tool is unknown, which the client hears as an error for its id.
          expect(JSON.parse(answer.text)).toMatchObject({ id, error: { code: -32602 } });
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('answers arbitrary bytes and JSON on read-only control methods with the envelope', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...READ_ONLY_METHODS),
        fc.oneof(
          fc.uint8Array({ maxLength: 256 }),
          anyJson.map((value) => JSON.stringify(value)),
          fc
            .dictionary(
              fc.constantFrom('name', 'policies', 'seq', 'text', 'target', 'limit', 'cursor'),
              anyJson,
            )
            .map((value) => JSON.stringify(value)),
        ),
        async (method, body) => expectControlAnswer(await postControl(method, body)),
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('still answers afterwards, with an audit chain that verifies', async () => {
    const ping = await postMcp(JSON.stringify({ jsonrpc: '2.0', id: 'after', method: 'ping' }));
    expect(JSON.parse(ping.text)).toEqual({ jsonrpc: '2.0', id: 'after', result: {} });
    env.gateway.auditLog!.flush();
    const page = env.gateway.auditLog!.query({ limit: 1000 });
    expect(page.records.filter((record) => record.method === 'tools/call').length).toBeGreaterThan(0);
    const verified = await postControl('audit.verify', '{}');
    expect(JSON.parse(verified.text)).toMatchObject({ ok: true, value: { ok: true } });
  });
});
