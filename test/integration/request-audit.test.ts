import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { AuditEntry } from '../../shared/contracts/audit.js';
import { connectClient, servers, startGateway, waitFor, type TestGateway } from './harness.js';

describe('every audited request produces one entry with its outcome', () => {
  const entries: AuditEntry[] = [];
  let env: TestGateway;
  let client: Client;

  beforeAll(async () => {
    env = await startGateway(
      {
        mcpServers: { everything: servers.everything },
        policies: {
          rules: [
            { id: 'no-env', match: { tools: ['get-env'] }, action: 'deny' },
            { id: 'flag-sum', match: { tools: ['get-sum'] }, action: 'log' },
            { id: 'ask-echo', match: { tools: ['echo'] }, action: 'approve' },
          ],
        },
      },
      { audit: { append: (entry) => void entries.push(entry) } },
    );
    client = await connectClient(env.gateway.url, env.token);
  });

  afterAll(async () => {
    await client?.close();
    await env?.stop();
  });

  const last = async (count: number) => {
    await waitFor(() => entries.length >= count, 5000, `${count} audit entries`);
    return entries[count - 1]!;
  };

  it('records a flagged call that ran', async () => {
    await client.callTool({ name: 'everything__get-sum', arguments: { a: 1, b: 2 } });
    expect(await last(1)).toMatchObject({
      client: 'tester',
      method: 'tools/call',
      server: 'everything',
      target: 'get-sum',
      arguments: { a: 1, b: 2 },
      decision: 'log',
      ruleId: 'flag-sum',
      outcome: 'ok',
      resultBytes: expect.any(Number),
    });
  });

  it('records a denial', async () => {
    await client.callTool({ name: 'everything__get-env', arguments: {} });
    expect(await last(2)).toMatchObject({
      target: 'get-env',
      decision: 'deny',
      ruleId: 'no-env',
      outcome: 'denied',
    });
  });

  it('records who approved and how long it waited', async () => {
    const call = client.callTool({ name: 'everything__echo', arguments: { message: 'hi' } });
    await waitFor(() => env.gateway.approvals.pending().length === 1, 5000, 'the approval');
    env.gateway.decideApproval(env.gateway.approvals.pending()[0]!.id, { kind: 'allow-once' }, 'cli');
    await call;
    expect(await last(3)).toMatchObject({
      decision: 'approve',
      outcome: 'ok',
      approval: { kind: 'allow-once', decidedBy: 'cli', waitedMs: expect.any(Number) },
    });
  });

  it('records a cancelled call', async () => {
    const controller = new AbortController();
    const call = client.callTool({ name: 'everything__echo', arguments: { message: 'never' } }, undefined, {
      signal: controller.signal,
    });
    await waitFor(() => env.gateway.approvals.pending().length === 1, 5000, 'the approval');
    controller.abort();
    await expect(call).rejects.toThrow();
    expect(await last(4)).toMatchObject({
      target: 'echo',
      outcome: 'cancelled',
      approval: { kind: 'cancelled' },
    });
  });

  it('records unknown tools, resource reads and prompt gets', async () => {
    await expect(client.callTool({ name: 'nope', arguments: {} })).rejects.toThrow();
    expect(await last(5)).toMatchObject({
      method: 'tools/call',
      target: 'nope',
      outcome: 'protocol_error',
      errorMessage: 'Unknown tool: nope',
    });
    const [resource] = (await client.listResources()).resources;
    await client.readResource({ uri: resource!.uri });
    expect(await last(6)).toMatchObject({ method: 'resources/read', server: 'everything', outcome: 'ok' });
    await client.getPrompt({ name: 'everything__simple-prompt' });
    expect(await last(7)).toMatchObject({ method: 'prompts/get', target: 'simple-prompt', outcome: 'ok' });
  });
});
