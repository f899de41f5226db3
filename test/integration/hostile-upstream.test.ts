/**
 * Upstream servers are not trusted: one that answers with content nested thousands of levels
 * deep, with one message larger than the gateway reads, or with an event that never ends must
 * fail that one call with a sentence the model can read, and never take the gateway down (a
 * 5,000-level answer once ended the whole process) or fill its memory.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { MAX_UPSTREAM_DEPTH } from '../../shared/gateway/upstream/message-guard.js';
import { startHostileHttpServer, type HostileHttpServer } from '../fixtures/hostile-http-server.js';
import { connectClient, startGateway, waitFor, type TestGateway } from './harness.js';

const root = resolve(import.meta.dirname, '../..');

let env: TestGateway;
let client: Client;
const httpServers: HostileHttpServer[] = [];

beforeAll(async () => {
  const [json, sse] = await Promise.all([startHostileHttpServer('json'), startHostileHttpServer('sse')]);
  httpServers.push(json, sse);
  env = await startGateway({
    mcpServers: {
      stdio: {
        command: process.execPath,
        args: ['--import', 'tsx', join(root, 'test/fixtures/faulty-server.ts')],
        cwd: root,
      },
      json: { type: 'streamable-http', url: json.url.href },
      sse: { type: 'streamable-http', url: sse.url.href },
    },
  });
  client = await connectClient(env.gateway.url, env.token);
}, 60_000);

afterAll(async () => {
  await client?.close().catch(() => {});
  await env?.stop();
  await Promise.all(httpServers.map((server) => server.close()));
});

type CallResult = { isError?: boolean; content?: { text?: string }[]; structuredContent?: unknown };

async function call(tool: string, args: Record<string, unknown> = {}): Promise<CallResult> {
  return (await client.callTool({ name: tool, arguments: args }, undefined, {
    timeout: 30_000,
  })) as CallResult;
}

function textOf(result: CallResult): string {
  return result.content?.map((part) => part.text ?? '').join('') ?? '';
}

/** Nesting as deep as `depth`, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

/** The echo tool of `server` answers: the gateway and that server are still serving. */
async function stillServing(server: string): Promise<void> {
  await waitFor(
    async () =>
      !(await call(`${server}__echo`, { text: 'still here' }).catch(() => ({ isError: true }))).isError,
    20_000,
    `${server} serving again`,
  );
}

describe.each(['stdio', 'json', 'sse'])('the %s upstream', (server) => {
  it(`answers nested ${MAX_UPSTREAM_DEPTH} levels deep pass through untouched`, async () => {
    const result = await call(`${server}__deep`, { depth: MAX_UPSTREAM_DEPTH - 10 });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual(nested(MAX_UPSTREAM_DEPTH - 10));
  });

  it('an answer nested 5,000 or 100,000 levels deep fails that call only, with a sentence', async () => {
    for (const depth of [5_000, 100_000]) {
      const result = await call(`${server}__deep`, { depth });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(
        new RegExp(
          `sent an answer that nests arrays and objects more than ${MAX_UPSTREAM_DEPTH} levels deep; Gatehouse refused it\\.$`,
        ),
      );
    }
    // No reconnection needed: the same connection answers the next call at once.
    expect(textOf(await call(`${server}__echo`, { text: 'next' }))).toMatch(/echo/);
    env.gateway.auditLog!.flush();
    const records = env.gateway.auditLog!.query({ server, target: 'deep' }).records;
    // Newest first: the two refused answers, then the one that passed.
    expect(records.map((record) => record.outcome)).toEqual(['protocol_error', 'protocol_error', 'ok']);
    expect(records[0]?.errorMessage).toBe(
      `The server "${server}" sent an answer that nests arrays and objects more than ${MAX_UPSTREAM_DEPTH} levels deep; Gatehouse refused it.`,
    );
  });

  it('an answer over 10 MB fails that call with a sentence; 4 MB passes', async () => {
    const fine = await call(`${server}__huge`, { mb: 4 });
    expect(textOf(fine)).toHaveLength(4 * 1024 * 1024);
    const result = await call(`${server}__huge`, { mb: 11 });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('sent a message larger than 10 MB, the most Gatehouse reads at once');
    await stillServing(server);
  });
});

describe('an HTTP upstream whose answer never ends', () => {
  it('is cut off at 10 MB: the call fails with a sentence and the gateway keeps serving', async () => {
    const before = process.memoryUsage().rss;
    const result = await call('sse__flood');
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('larger than 10 MB');
    // The stream was dropped, not read on: memory did not follow the server's endless writes.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    await stillServing('sse');
  });
});
