/**
 * A 2026-07-28 client (the official SDK's v2 client, pinned to that revision, so it never sends
 * `initialize`) against Gatehouse in front of a 2025-era server (server-everything over stdio):
 * the cell "modern client → legacy upstream".
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/contracts/audit.js';
import { servers, startGateway, type TestGateway } from './harness.js';

const MODERN = '2026-07-28';

/** A v2 client pinned to the stateless revision, with every client capability. */
async function modernClient(
  gatehouse: TestGateway,
  options: { capabilities?: Record<string, unknown> } = {},
): Promise<Client> {
  const client = new Client(
    { name: 'modern-test', version: '1.0.0' },
    {
      capabilities: options.capabilities ?? { sampling: {}, elicitation: { form: {} }, roots: {} },
      versionNegotiation: { mode: { pin: MODERN } },
    },
  );
  // server-everything asks for the client's roots during calls, as soon as it may.
  if (options.capabilities === undefined)
    client.setRequestHandler('roots/list', async () => ({ roots: [{ uri: 'file:///tmp', name: 'tmp' }] }));
  await client.connect(
    new StreamableHTTPClientTransport(gatehouse.gateway.url, {
      requestInit: { headers: { authorization: `Bearer ${gatehouse.token}` } },
    }),
  );
  return client;
}

async function auditRecords(gatehouse: TestGateway): Promise<AuditRecord[]> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  const log = gatehouse.gateway.auditLog;
  if (!log) throw new Error('no audit log');
  log.flush();
  return log.query({}).records;
}

describe('a 2026-07-28 client through Gatehouse to a 2025-era server', () => {
  let gatehouse: TestGateway;

  beforeAll(async () => {
    gatehouse = await startGateway({
      mcpServers: { everything: servers.everything, memory: servers.memory },
      policies: {
        rules: [
          { id: 'no-env', match: { tools: ['get-env'] }, action: 'deny' },
          { id: 'ask-sum', match: { tools: ['get-sum'] }, action: 'approve' },
        ],
      },
    });
  });
  afterAll(async () => gatehouse?.stop());

  it('negotiates the stateless era with server/discover, lists and calls', async () => {
    const client = await modernClient(gatehouse);
    expect(client.getNegotiatedProtocolVersion()).toBe(MODERN);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('everything__echo');
    const result = await client.callTool({ name: 'everything__echo', arguments: { message: 'hello' } });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: hello' }]);
    expect(gatehouse.gateway.sessionCount).toBe(0);
    await client.close();
  });

  it('turns an upstream elicitation into an input_required round the client answers', async () => {
    const client = await modernClient(gatehouse);
    const asked: unknown[] = [];
    client.setRequestHandler('elicitation/create', async (request) => {
      asked.push(request.params);
      return { action: 'accept', content: { name: 'Ada Lovelace' } };
    });

    const result = await client.callTool({ name: 'everything__trigger-elicitation-request', arguments: {} });
    expect(asked).toHaveLength(1);
    expect(JSON.stringify(result.content)).toContain('Ada Lovelace');
    expect(gatehouse.gateway.heldCalls.size).toBe(0);
    await client.close();
  });

  it('turns an upstream sampling request into an input_required round', async () => {
    const client = await modernClient(gatehouse);
    client.setRequestHandler('sampling/createMessage', async () => ({
      role: 'assistant',
      content: { type: 'text', text: 'sampled by the test' },
      model: 'test-model',
    }));
    const result = await client.callTool({
      name: 'everything__trigger-sampling-request',
      arguments: { prompt: 'say something', maxTokens: 20 },
    });
    expect(JSON.stringify(result.content)).toContain('sampled by the test');
    await client.close();
  });

  it('relays progress on the request stream', async () => {
    const client = await modernClient(gatehouse);
    const progress: number[] = [];
    const result = await client.callTool(
      { name: 'everything__trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } },
      { onprogress: (update) => progress.push(update.progress) },
    );
    expect(result.isError).not.toBe(true);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    await client.close();
  });

  it('refuses by policy, and audits each call with the version it came in on', async () => {
    const client = await modernClient(gatehouse);
    const refused = await client.callTool({ name: 'everything__get-env', arguments: {} });
    expect(refused.isError).toBe(true);
    const records = await auditRecords(gatehouse);
    const denied = records.find((record) => record.target === 'get-env');
    expect(denied).toMatchObject({ decision: 'deny', outcome: 'denied', protocolVersion: MODERN });
    await client.close();
  });

  it('waits for an approval while the client waits', async () => {
    const client = await modernClient(gatehouse);
    const call = client.callTool({ name: 'everything__get-sum', arguments: { a: 2, b: 3 } });
    const pending = await waitFor(() => gatehouse.gateway.approvals.pending()[0]);
    gatehouse.gateway.decideApproval(pending.id, { kind: 'allow-once' }, 'tester');
    const result = await call;
    expect(JSON.stringify(result.content)).toContain('5');
    await client.close();
  });
});

describe('2026-07-28 streams through Gatehouse', () => {
  let gatehouse: TestGateway;

  beforeAll(async () => {
    gatehouse = await startGateway({
      mcpServers: { everything: servers.everything, memory: servers.memory },
    });
  });
  afterAll(async () => gatehouse?.stop());

  it('delivers tools/list_changed on a subscriptions/listen stream when an upstream goes and comes back', async () => {
    const client = await modernClient(gatehouse);
    let changes = 0;
    client.setNotificationHandler('notifications/tools/list_changed', () => void changes++);
    const subscription = await client.listen({ toolsListChanged: true });
    expect(subscription.honoredFilter).toEqual({ toolsListChanged: true });
    const memory = gatehouse.gateway.upstream('memory');
    const pid = memory?.pid;
    if (!memory || !pid) throw new Error('memory is not running');
    process.kill(pid, 'SIGKILL');
    await waitFor(() => (changes >= 2 && memory.state === 'ready' ? true : undefined), 10_000);
    await subscription.close();
    await client.close();
    await waitFor(() => (gatehouse.gateway.listeners.size === 0 ? true : undefined));
  });

  it('cancels a call when the client aborts it (closing its response stream)', async () => {
    const client = await modernClient(gatehouse);
    const abort = new AbortController();
    const call = client.callTool(
      { name: 'everything__trigger-long-running-operation', arguments: { duration: 5, steps: 5 } },
      { signal: abort.signal, onprogress: () => abort.abort() },
    );
    await expect(call).rejects.toThrow();
    const record = await waitFor(() =>
      gatehouse.gateway.auditLog
        ?.query({})
        .records.find((entry) => entry.target === 'trigger-long-running-operation'),
    );
    expect(record.outcome).toBe('cancelled');
    await client.close();
  });

  it('fails a call with -32021 when an upstream needs a capability the client did not declare', async () => {
    const client = await modernClient(gatehouse, { capabilities: {} });
    const error = await client
      .callTool({ name: 'everything__trigger-elicitation-request', arguments: {} })
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );
    expect(error).toMatchObject({ code: -32021, data: { requiredCapabilities: { elicitation: {} } } });
    await client.close();
  });
});

async function waitFor<T>(read: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
