/**
 * A 2026-07-28-only server (the SDK's v2 server with its 2025 lane turned off) behind Gatehouse,
 * over stdio and over Streamable HTTP: Gatehouse finds its era by probing, shows it in the
 * status, and serves it to a 2025 client (the SDK drives the input rounds upstream while the
 * client answers real requests) and to a 2026 client (the server's own `input_required` passes
 * through, its keys intact and its state sealed in Gatehouse's).
 */
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernTransport,
} from '@modelcontextprotocol/client';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectClient,
  dualEraFixture,
  startGateway,
  startModernOnlyHttpFixture,
  waitFor,
  type TestGateway,
} from './harness.js';

const MODERN = '2026-07-28';
/** The resource the fixture's trigger tool reports as updated. */
const WATCHED_URI = 'test://watched-resource';

async function modernClient(gatehouse: TestGateway): Promise<ModernClient> {
  const client = new ModernClient(
    { name: 'modern-test', version: '1.0.0' },
    {
      capabilities: { sampling: {}, elicitation: { form: {} }, roots: {} },
      versionNegotiation: { mode: { pin: MODERN } },
    },
  );
  await client.connect(
    new ModernTransport(gatehouse.gateway.url, {
      requestInit: { headers: { authorization: `Bearer ${gatehouse.token}` } },
    }),
  );
  return client;
}

for (const wire of ['stdio', 'http'] as const) {
  describe(`a 2026-07-28-only server behind Gatehouse, over ${wire}`, () => {
    let gatehouse: TestGateway;
    let httpFixture: { url: string; stop(): void } | undefined;

    beforeAll(async () => {
      httpFixture = wire === 'http' ? await startModernOnlyHttpFixture() : undefined;
      const entry = httpFixture
        ? { url: httpFixture.url, type: 'streamable-http' }
        : dualEraFixture.modernOnlyStdio();
      gatehouse = await startGateway({ mcpServers: { modern: entry } });
    }, 60_000);
    afterAll(async () => {
      await gatehouse?.stop();
      httpFixture?.stop();
    });

    it('is found to be of the 2026 era, and says so in its status', () => {
      const [status] = gatehouse.gateway.upstreamStatuses();
      expect(status).toMatchObject({
        state: 'ready',
        protocol: { era: 'modern', version: MODERN, detected: true },
      });
      expect(status?.toolCount).toBeGreaterThan(10);
    });

    it('serves a 2025 client: calls, progress, and questions asked through its session', async () => {
      const client = await connectClient(gatehouse.gateway.url, gatehouse.token, {
        elicitation: {},
        sampling: {},
      });
      const asked: string[] = [];
      client.setRequestHandler(ElicitRequestSchema, async (request) => {
        asked.push(request.method);
        return { action: 'accept', content: { name: 'Ada' } };
      });
      client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
        asked.push(request.method);
        return { role: 'assistant', content: { type: 'text', text: 'Paris' }, model: 'test' };
      });
      const simple = await client.callTool({ name: 'modern__test_simple_text', arguments: {} });
      expect(simple.content).toEqual([{ type: 'text', text: 'This is a simple text response for testing.' }]);
      const progress: number[] = [];
      await client.callTool({ name: 'modern__test_tool_with_progress', arguments: {} }, undefined, {
        onprogress: (update) => progress.push(update.progress),
      });
      expect(progress.length).toBeGreaterThanOrEqual(1);
      const named = await client.callTool({
        name: 'modern__test_input_required_result_elicitation',
        arguments: {},
      });
      expect(named.content).toEqual([{ type: 'text', text: 'Hello, Ada!' }]);
      const sampled = await client.callTool({
        name: 'modern__test_input_required_result_sampling',
        arguments: {},
      });
      expect(JSON.stringify(sampled.content)).toContain('Paris');
      expect(asked).toEqual(['elicitation/create', 'sampling/createMessage']);

      // A subscription becomes a subscriptions/listen stream upstream; its news comes back.
      const { resources } = await client.listResources();
      const watched = resources.find((resource) => resource.uri.endsWith(WATCHED_URI));
      if (!watched) throw new Error(`${WATCHED_URI} is not listed`);
      const updates: string[] = [];
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
        updates.push(notification.params.uri);
      });
      await client.subscribeResource({ uri: watched.uri });
      await client.callTool({ name: 'modern__test_trigger_resource_update', arguments: {} });
      await waitFor(() => updates.length > 0, 10_000, 'resources/updated from the 2026 server');
      expect(updates[0]).toBe(watched.uri);
      await client.close();
    });

    it("serves a 2026 client: the server's input_required passes through with its own keys", async () => {
      const client = await modernClient(gatehouse);
      const keys: string[] = [];
      client.setRequestHandler('elicitation/create', async () => ({
        action: 'accept',
        content: { name: 'Grace' },
      }));
      const transportFetch = globalThis.fetch;
      // Watch what Gatehouse answers: the inputRequests keys must be the server's.
      globalThis.fetch = async (input, init) => {
        const response = await transportFetch(input, init);
        const copy = response.clone();
        void copy.text().then((text) => {
          for (const match of text.matchAll(/"inputRequests":\{"([^"]+)"/g)) keys.push(match[1] ?? '');
        });
        return response;
      };
      try {
        const named = await client.callTool({
          name: 'modern__test_input_required_result_elicitation',
          arguments: {},
        });
        expect(named.content).toEqual([{ type: 'text', text: 'Hello, Grace!' }]);
      } finally {
        globalThis.fetch = transportFetch;
      }
      expect(keys).toContain('user_name');
      // Nothing is held in Gatehouse for a pass-through round.
      expect(gatehouse.gateway.heldCalls.size).toBe(0);
      await client.close();
    });
  });
}
