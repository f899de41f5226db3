import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ApprovalEvent } from '../../shared/contracts/approvals.js';
import { connectClient, servers, startGateway, waitFor, type TestGateway } from './harness.js';

let env: TestGateway | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close().catch(() => {});
  await env?.stop();
  client = undefined;
  env = undefined;
});

async function start(policies: Record<string, unknown>) {
  env = await startGateway({ mcpServers: { everything: servers.everything }, policies });
  client = await connectClient(env.gateway.url, env.token);
  return { env, client };
}

const echo = (c: Client, message = 'hello') =>
  c.callTool({ name: 'everything__echo', arguments: { message } });
const textOf = (result: unknown) => JSON.stringify((result as { content: unknown }).content);

describe('policy through the real gateway', () => {
  it('refuses a denied call with an explained tool error, without reaching the upstream', async () => {
    const { client } = await start({
      rules: [
        {
          id: 'no-secrets',
          match: { tools: ['echo'], arguments: [{ anyString: true, regex: 'secret' }] },
          action: 'deny',
          reason: 'No secrets in echoes.',
        },
      ],
    });
    const refused = await echo(client, 'my secret');
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain(
      'Gatehouse refused this call. Denied by rule \\"no-secrets\\": No secrets in echoes.',
    );
    expect(textOf(refused)).not.toContain('Echo:');
    expect((await echo(client, 'fine')).content).toEqual([{ type: 'text', text: 'Echo: fine' }]);
  });

  it('leaves tools denied outright out of tools/list for that client only', async () => {
    const { env, client } = await start({
      rules: [{ id: 'no-env', match: { clients: ['tester'], tools: ['get-env'] }, action: 'deny' }],
    });
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain('everything__get-env');
    expect(names).toContain('everything__echo');
    const { token } = env.registry.add('other');
    const other = await connectClient(env.gateway.url, token);
    expect((await other.listTools()).tools.map((tool) => tool.name)).toContain('everything__get-env');
    await other.close();
  });

  it('refuses calls over a rate limit and says when to retry', async () => {
    const { client } = await start({
      rules: [
        {
          id: 'slow-down',
          match: { tools: ['echo'] },
          action: 'deny',
          rateLimit: { max: 2, windowSeconds: 60, per: 'client' },
        },
      ],
    });
    await echo(client);
    await echo(client);
    const third = await echo(client);
    expect(third.isError).toBe(true);
    expect(textOf(third)).toMatch(/at most 2 calls per 60 s per client; try again in \d+ s/);
  });

  it('holds a call for approval and runs it once the person allows it', async () => {
    const { env, client } = await start({
      rules: [{ id: 'ask', match: { tools: ['echo'] }, action: 'approve' }],
    });
    const events: ApprovalEvent[] = [];
    env.gateway.approvals.subscribe((event) => events.push(event));
    const call = echo(client, 'may I?');
    await waitFor(() => env.gateway.approvals.pending().length === 1, 5000, 'the approval request');
    const [pending] = env.gateway.approvals.pending();
    expect(pending).toMatchObject({
      client: 'tester',
      server: 'everything',
      tool: 'echo',
      exposedTool: 'everything__echo',
      ruleId: 'ask',
      arguments: { message: 'may I?' },
    });
    env.gateway.decideApproval(pending!.id, { kind: 'allow-once' }, 'test');
    expect((await call).content).toEqual([{ type: 'text', text: 'Echo: may I?' }]);
    expect(events.map((event) => event.type)).toEqual(['approval-requested', 'approval-ended']);
  });

  it("returns the person's reason when they deny", async () => {
    const { env, client } = await start({
      rules: [{ id: 'ask', match: { tools: ['echo'] }, action: 'approve' }],
    });
    const call = echo(client);
    await waitFor(() => env.gateway.approvals.pending().length === 1, 5000, 'the approval request');
    env.gateway.decideApproval(
      env.gateway.approvals.pending()[0]!.id,
      { kind: 'deny', reason: 'not now' },
      'test',
    );
    const result = await call;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('The person denied this call in Gatehouse: not now');
  });

  it('denies a call nobody answers in time, sending progress while it waits', async () => {
    const { client } = await start({
      approvalTimeoutSeconds: 5,
      rules: [{ id: 'ask', match: { tools: ['echo'] }, action: 'approve' }],
    });
    const progress: string[] = [];
    const result = await client.callTool(
      { name: 'everything__echo', arguments: { message: 'x' } },
      undefined,
      {
        onprogress: (update) => progress.push(update.message ?? ''),
        timeout: 20_000,
      },
    );
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('nobody answered in time');
    expect(progress[0]).toContain('Waiting for approval');
  }, 20_000);

  it('withdraws the approval when the client cancels, and denies pending ones on shutdown', async () => {
    const { env, client } = await start({
      rules: [{ id: 'ask', match: { tools: ['echo'] }, action: 'approve' }],
    });
    const ended: string[] = [];
    env.gateway.approvals.subscribe(
      (event) => event.type === 'approval-ended' && ended.push(event.outcome.kind),
    );
    const controller = new AbortController();
    const cancelled = client.callTool({ name: 'everything__echo', arguments: { message: 'x' } }, undefined, {
      signal: controller.signal,
    });
    await waitFor(() => env.gateway.approvals.pending().length === 1, 5000, 'the approval request');
    controller.abort();
    await expect(cancelled).rejects.toThrow();
    await waitFor(() => ended.includes('cancelled'), 5000, 'the withdrawal');

    const stranded = echo(client).catch(() => undefined);
    await waitFor(() => env.gateway.approvals.pending().length === 1, 5000, 'the second approval request');
    await env.gateway.stop();
    expect(ended).toContain('shutdown');
    await stranded;
  });

  it('withdraws the approval when the client disconnects', async () => {
    const { env } = await start({ rules: [{ id: 'ask', match: { tools: ['echo'] }, action: 'approve' }] });
    const ended: string[] = [];
    env.gateway.approvals.subscribe(
      (event) => event.type === 'approval-ended' && ended.push(event.outcome.kind),
    );
    const headers = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${env.token}`,
    };
    const opened = await fetch(env.gateway.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-11-25',
          capabilities: {},
          clientInfo: { name: 'raw', version: '1' },
        },
      }),
    });
    const session = { ...headers, 'mcp-session-id': opened.headers.get('mcp-session-id')! };
    const hangUp = new AbortController();
    const call = fetch(env.gateway.url, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'everything__echo', arguments: { message: 'x' } },
      }),
      signal: hangUp.signal,
    }).catch(() => undefined);
    await waitFor(() => env.gateway.approvals.pending().length === 1, 5000, 'the approval request');
    hangUp.abort();
    await call;
    await waitFor(() => ended.includes('cancelled'), 5000, 'the withdrawal');
  });

  it('"always allow" adds a visible rule before the asking rule and stops asking', async () => {
    const { env, client } = await start({
      rules: [
        {
          id: 'no-shouting',
          match: { tools: ['echo'], arguments: [{ pointer: '/message', regex: '^[A-Z ]+$' }] },
          action: 'deny',
        },
        { id: 'ask', match: { tools: ['echo'] }, action: 'approve' },
      ],
    });
    const call = echo(client, 'first');
    await waitFor(() => env.gateway.approvals.pending().length === 1, 5000, 'the approval request');
    env.gateway.decideApproval(env.gateway.approvals.pending()[0]!.id, { kind: 'always-allow' }, 'test');
    await call;
    expect((await echo(client, 'second')).content).toEqual([{ type: 'text', text: 'Echo: second' }]);
    expect((await echo(client, 'LOUD')).isError).toBe(true);
    const saved = JSON.parse(readFileSync(join(env.dataDir, 'config.json'), 'utf8')) as {
      policies: { rules: { id: string }[] };
    };
    expect(saved.policies.rules.map((rule) => rule.id)).toEqual([
      'no-shouting',
      expect.stringMatching(/^always-/),
      'ask',
    ]);
  });
});
