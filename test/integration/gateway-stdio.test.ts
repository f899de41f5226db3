import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ToolListChangedNotificationSchema,
  type Progress,
} from '@modelcontextprotocol/sdk/types.js';
import { connectClient, isAlive, servers, startGateway, waitFor, type TestGateway } from './harness.js';

describe('gateway in front of server-everything and server-memory over stdio', () => {
  let env: TestGateway;
  let client: Client;

  beforeAll(async () => {
    env = await startGateway({ mcpServers: { everything: servers.everything, memory: servers.memory } });
    client = await connectClient(env.gateway.url, env.token, { sampling: {} });
  });

  afterAll(async () => {
    await client?.close();
    await env?.stop();
  });

  it('connects every upstream', () => {
    expect(env.gateway.upstreamStatuses().map((status) => [status.name, status.state])).toEqual([
      ['everything', 'ready'],
      ['memory', 'ready'],
    ]);
  });

  it('lists the tools of both upstreams under namespaced names', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toContain('everything__echo');
    expect(names).toContain('memory__create_entities');
    expect(names.every((name) => /^[A-Za-z0-9_-]{1,64}$/.test(name))).toBe(true);
  });

  it('routes a tool call to its upstream', async () => {
    const result = await client.callTool({
      name: 'everything__echo',
      arguments: { message: 'through the gate' },
    });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: through the gate' }]);
    const created = await client.callTool({
      name: 'memory__create_entities',
      arguments: { entities: [{ name: 'Gatehouse', entityType: 'project', observations: ['routes calls'] }] },
    });
    expect(created.isError).toBeFalsy();
    const graph = await client.callTool({ name: 'memory__read_graph', arguments: {} });
    expect(JSON.stringify(graph.content)).toContain('Gatehouse');
  });

  it('reports an unknown tool as a JSON-RPC error', async () => {
    await expect(client.callTool({ name: 'nobody__nothing', arguments: {} })).rejects.toThrow(
      /Unknown tool: nobody__nothing/,
    );
  });

  it('reads resources and gets prompts through prefixed names', async () => {
    const { resources } = await client.listResources();
    const first = resources[0]!;
    expect(first.uri.startsWith('gatehouse://everything/')).toBe(true);
    const read = await client.readResource({ uri: first.uri });
    expect(read.contents[0]?.uri).toBe(first.uri);

    const { prompts } = await client.listPrompts();
    const simple = prompts.find((prompt) => prompt.name === 'everything__simple-prompt');
    expect(simple).toBeDefined();
    const prompt = await client.getPrompt({ name: 'everything__simple-prompt' });
    expect(prompt.messages.length).toBeGreaterThan(0);
  });

  it('relays every progress notification, the last one included', async () => {
    const updates: Progress[] = [];
    const result = await client.callTool(
      { name: 'everything__trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } },
      undefined,
      { onprogress: (progress) => updates.push(progress) },
    );
    expect(JSON.stringify(result.content)).toContain('completed');
    expect(updates.map((update) => update.progress)).toEqual([1, 2, 3]);
  });

  it('cancels an upstream call when the client aborts it', async () => {
    const controller = new AbortController();
    const call = client.callTool(
      { name: 'everything__trigger-long-running-operation', arguments: { duration: 5, steps: 5 } },
      undefined,
      { signal: controller.signal },
    );
    await waitFor(() => env.gateway.router.inFlightCount === 1, 5000, 'the call to reach the upstream');
    controller.abort('changed my mind');
    await expect(call).rejects.toThrow();
    await waitFor(() => env.gateway.router.inFlightCount === 0, 5000, 'the upstream call to be cancelled');
  });

  it('forwards a sampling request to the client whose call caused it', async () => {
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      model: 'test-model',
      role: 'assistant',
      content: { type: 'text', text: 'sampled by the test client' },
    }));
    const result = await client.callTool({
      name: 'everything__trigger-sampling-request',
      arguments: { prompt: 'hi', maxTokens: 10 },
    });
    expect(JSON.stringify(result.content)).toContain('sampled by the test client');
  });

  it('tells the upstream clearly when the calling client cannot sample', async () => {
    const plain = await connectClient(env.gateway.url, env.token);
    try {
      const outcome = await plain
        .callTool({
          name: 'everything__trigger-sampling-request',
          arguments: { prompt: 'hi', maxTokens: 10 },
        })
        .then(
          (result) => JSON.stringify(result),
          (error: unknown) => String(error),
        );
      expect(outcome).toMatch(/does not support sampling/);
    } finally {
      await plain.close();
    }
  });

  it('refuses an upstream request it cannot attribute when two clients have calls in flight', async () => {
    const other = await connectClient(env.gateway.url, env.token, { sampling: {} });
    try {
      other.setRequestHandler(CreateMessageRequestSchema, async () => ({
        model: 'wrong',
        role: 'assistant',
        content: { type: 'text', text: 'the wrong client answered' },
      }));
      const slow = other.callTool({
        name: 'everything__trigger-long-running-operation',
        arguments: { duration: 1.5, steps: 1 },
      });
      await waitFor(() => env.gateway.router.inFlightCount === 1, 5000, "the other client's call");
      const result = await client.callTool({
        name: 'everything__trigger-sampling-request',
        arguments: { prompt: 'hi', maxTokens: 10 },
      });
      const text = JSON.stringify(result);
      expect(text).not.toContain('the wrong client answered');
      expect(text).toMatch(/cannot tell which of 2 clients/);
      await slow;
    } finally {
      await other.close();
    }
  });

  it('forwards list_changed when an upstream comes and goes, and brings a killed upstream back', async () => {
    const changed: string[] = [];
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed.push('tools'));
    const memory = env.gateway.upstream('memory')!;
    const pid = memory.pid!;
    process.kill(pid, 'SIGKILL');
    await waitFor(() => memory.state !== 'ready', 5000, 'the upstream to be seen as down');
    await waitFor(
      async () => !(await client.listTools()).tools.some((tool) => tool.name.startsWith('memory__')),
      5000,
      'memory tools to leave',
    );
    await waitFor(() => memory.state === 'ready', 10_000, 'the upstream to come back');
    expect(memory.pid).not.toBe(pid);
    const { tools } = await client.listTools();
    expect(tools.some((tool) => tool.name === 'memory__read_graph')).toBe(true);
    await waitFor(() => changed.length >= 2, 5000, 'list_changed notifications');
    const everything = await client.callTool({
      name: 'everything__echo',
      arguments: { message: 'still here' },
    });
    expect(everything.content).toEqual([{ type: 'text', text: 'Echo: still here' }]);
  });

  it('answers ping', async () => {
    await expect(client.ping()).resolves.toBeDefined();
  });

  it('leaves no child process behind when it stops', async () => {
    const pids = ['everything', 'memory'].map((name) => env.gateway.upstream(name)!.pid!);
    expect(pids.every(isAlive)).toBe(true);
    await client.close();
    await env.gateway.stop();
    await waitFor(() => pids.every((pid) => !isAlive(pid)), 5000, 'the children to exit');
  });
});
