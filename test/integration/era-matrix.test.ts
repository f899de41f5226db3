/**
 * The four cells of client era × server era, with real SDK peers on both sides: a v2 client
 * pinned to 2026-07-28 and a 1.x client (2025 era), against a 2026-only v2 server (`--legacy
 * reject`, over stdio and over Streamable HTTP) and a 2025 server (server-everything). In each
 * cell: list, call, an elicitation and a sampling request the client answers mid-call, progress,
 * cancellation, a tools/list_changed seen, a call refused by policy, one approved while the client
 * waits, and the audit records of both with the version the call came in on.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernTransport,
} from '@modelcontextprotocol/client';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectClient,
  dualEraFixture,
  servers,
  startGateway,
  startModernOnlyHttpFixture,
  waitFor,
  type TestGateway,
} from './harness.js';

/** What a form answer may hold. */
type Answer = Record<string, string | number | boolean | string[]>;

/** What differs between the servers: which tool does what. */
interface ServerKind {
  readonly label: string;
  readonly era: 'modern' | 'legacy';
  entry(): Promise<{ config: Record<string, unknown>; stop?: () => void }>;
  readonly simple: { tool: string; args: Record<string, unknown>; text: string };
  readonly elicit: { tool: string; answer: Answer; text: string };
  readonly sample: { tool: string; args: Record<string, unknown>; text: string };
  readonly progress: { tool: string; args: Record<string, unknown> };
  /** A tool slow enough to cancel mid-call, or none (then the cancel happens while approval waits). */
  readonly slow?: { tool: string; args: Record<string, unknown> };
  readonly denied: string;
  readonly approved: { tool: string; args: Record<string, unknown> };
  /** A tool the list_changed test hides by a new policy rule. */
  readonly hidden: string;
}

const modernOver = (wire: 'stdio' | 'http'): ServerKind => ({
  label: `2026-only v2 server over ${wire}`,
  era: 'modern',
  async entry() {
    if (wire === 'stdio') return { config: dualEraFixture.modernOnlyStdio() };
    const fixture = await startModernOnlyHttpFixture();
    return { config: { url: fixture.url, type: 'streamable-http' }, stop: fixture.stop };
  },
  simple: { tool: 'test_simple_text', args: {}, text: 'This is a simple text response for testing.' },
  elicit: { tool: 'test_input_required_result_elicitation', answer: { name: 'Ada' }, text: 'Hello, Ada!' },
  sample: { tool: 'test_input_required_result_sampling', args: {}, text: 'Paris' },
  progress: { tool: 'test_tool_with_progress', args: {} },
  denied: 'test_error_handling',
  approved: { tool: 'test_image_content', args: {} },
  hidden: 'test_audio_content',
});

const legacyServer: ServerKind = {
  label: '2025 server (server-everything over stdio)',
  era: 'legacy',
  async entry() {
    return { config: servers.everything };
  },
  simple: { tool: 'echo', args: { message: 'hi' }, text: 'Echo: hi' },
  elicit: { tool: 'trigger-elicitation-request', answer: { name: 'Ada' }, text: 'Ada' },
  sample: { tool: 'trigger-sampling-request', args: { prompt: 'capital?', maxTokens: 20 }, text: 'Paris' },
  progress: { tool: 'trigger-long-running-operation', args: { duration: 0.3, steps: 3 } },
  slow: { tool: 'trigger-long-running-operation', args: { duration: 5, steps: 5 } },
  denied: 'get-env',
  approved: { tool: 'get-sum', args: { a: 2, b: 3 } },
  hidden: 'get-tiny-image',
};

/** What the tests do with a client, whichever SDK it is. */
interface EraClient {
  readonly version: string;
  call(
    name: string,
    args: Record<string, unknown>,
    options?: { signal?: AbortSignal; onprogress?: (progress: number) => void },
  ): Promise<{ content?: unknown; isError?: boolean }>;
  toolNames(): Promise<string[]>;
  /** Starts counting tools/list_changed (a 2026 client opens its listen stream for it). */
  countListChanges(): Promise<() => number>;
  close(): Promise<void>;
}

const ANSWERS = {
  elicit: (content: Answer) => ({ action: 'accept' as const, content }),
  sample: {
    role: 'assistant' as const,
    content: { type: 'text' as const, text: 'Paris' },
    model: 'test-model',
  },
  roots: { roots: [{ uri: 'file:///tmp', name: 'tmp' }] },
};

async function legacyClient(gatehouse: TestGateway, answer: Answer): Promise<EraClient> {
  const client = await connectClient(gatehouse.gateway.url, gatehouse.token, {
    elicitation: {},
    sampling: {},
    roots: {},
  });
  client.setRequestHandler(ElicitRequestSchema, async () => ANSWERS.elicit(answer));
  client.setRequestHandler(CreateMessageRequestSchema, async () => ANSWERS.sample);
  client.setRequestHandler(ListRootsRequestSchema, async () => ANSWERS.roots);
  return {
    version: '2025-11-25',
    call: (name, args, options) =>
      client.callTool({ name, arguments: args }, undefined, {
        signal: options?.signal,
        onprogress: options?.onprogress && ((update) => options.onprogress?.(update.progress)),
      }) as never,
    toolNames: async () => (await client.listTools()).tools.map((tool) => tool.name),
    async countListChanges() {
      let count = 0;
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => void count++);
      return () => count;
    },
    close: () => client.close(),
  };
}

async function modernClient(gatehouse: TestGateway, answer: Answer): Promise<EraClient> {
  const client = new ModernClient(
    { name: 'matrix', version: '1.0.0' },
    {
      capabilities: { sampling: {}, elicitation: { form: {} }, roots: {} },
      versionNegotiation: { mode: { pin: '2026-07-28' } },
    },
  );
  client.setRequestHandler('elicitation/create', async () => ANSWERS.elicit(answer));
  client.setRequestHandler('sampling/createMessage', async () => ANSWERS.sample);
  client.setRequestHandler('roots/list', async () => ANSWERS.roots);
  await client.connect(
    new ModernTransport(gatehouse.gateway.url, {
      requestInit: { headers: { authorization: `Bearer ${gatehouse.token}` } },
    }),
  );
  return {
    version: '2026-07-28',
    call: (name, args, options) =>
      client.callTool(
        { name, arguments: args },
        {
          signal: options?.signal,
          onprogress: options?.onprogress && ((update) => options.onprogress?.(update.progress)),
        },
      ) as never,
    toolNames: async () => (await client.listTools()).tools.map((tool) => tool.name),
    async countListChanges() {
      let count = 0;
      client.setNotificationHandler('notifications/tools/list_changed', () => void count++);
      await client.listen({ toolsListChanged: true });
      return () => count;
    },
    close: () => client.close(),
  };
}

const CLIENTS = [
  { label: 'a 1.x client (2025 era)', open: legacyClient },
  { label: 'a v2 client pinned to 2026-07-28', open: modernClient },
];

for (const kind of [modernOver('stdio'), modernOver('http'), legacyServer]) {
  describe(kind.label, () => {
    let gatehouse: TestGateway;
    let stopServer: (() => void) | undefined;
    const rules = [
      { id: 'deny-one', match: { tools: [kind.denied] }, action: 'deny' },
      { id: 'ask-one', match: { tools: [kind.approved.tool] }, action: 'approve' },
    ];

    beforeAll(async () => {
      const { config, stop } = await kind.entry();
      stopServer = stop;
      gatehouse = await startGateway({ mcpServers: { up: config }, policies: { rules } });
      expect(gatehouse.gateway.upstreamStatuses()[0]?.protocol?.era).toBe(kind.era);
    }, 60_000);
    afterAll(async () => {
      await gatehouse?.stop();
      stopServer?.();
    });

    for (const { label, open } of CLIENTS) {
      it(`serves ${label}`, async () => {
        const client = await open(gatehouse, kind.elicit.answer);
        const tool = (name: string) => `up__${name}`;
        try {
          expect(await client.toolNames()).toContain(tool(kind.simple.tool));
          expect(
            JSON.stringify((await client.call(tool(kind.simple.tool), kind.simple.args)).content),
          ).toContain(kind.simple.text);
          expect(JSON.stringify((await client.call(tool(kind.elicit.tool), {})).content)).toContain(
            kind.elicit.text,
          );
          expect(
            JSON.stringify((await client.call(tool(kind.sample.tool), kind.sample.args)).content),
          ).toContain(kind.sample.text);

          const progress: number[] = [];
          await client.call(tool(kind.progress.tool), kind.progress.args, {
            onprogress: (value) => progress.push(value),
          });
          expect(progress.length).toBeGreaterThanOrEqual(1);

          // Cancellation: mid-call where the server is slow enough, else while approval waits.
          const abort = new AbortController();
          const slow = kind.slow ?? kind.approved;
          const cancelled = client.call(tool(slow.tool), slow.args, {
            signal: abort.signal,
            onprogress: () => abort.abort(),
          });
          if (!kind.slow) {
            await waitFor(
              () => gatehouse.gateway.approvals.pending().length > 0,
              10_000,
              'the approval request',
            );
            abort.abort();
          }
          await expect(cancelled).rejects.toThrow();
          await waitFor(
            () => gatehouse.gateway.approvals.pending().length === 0,
            10_000,
            'the withdrawn approval',
          );

          const refused = await client.call(tool(kind.denied), {});
          expect(refused.isError).toBe(true);

          const approved = client.call(tool(kind.approved.tool), kind.approved.args);
          await waitFor(
            () => gatehouse.gateway.approvals.pending().length > 0,
            10_000,
            'the approval request',
          );
          const [pending] = gatehouse.gateway.approvals.pending();
          gatehouse.gateway.decideApproval(pending!.id, { kind: 'allow-once' }, 'matrix-test');
          expect((await approved).isError).not.toBe(true);

          const changes = await client.countListChanges();
          await hideByPolicy(gatehouse, kind.hidden);
          await waitFor(() => changes() > 0, 10_000, 'tools/list_changed');
          expect(await client.toolNames()).not.toContain(tool(kind.hidden));
          await showAgain(gatehouse);

          await new Promise((resolveLater) => setTimeout(resolveLater, 100));
          gatehouse.gateway.auditLog?.flush();
          const records = gatehouse.gateway.auditLog?.query({}).records ?? [];
          const mine = records.filter((record) => record.protocolVersion === client.version);
          expect(mine.find((record) => record.target === kind.denied)).toMatchObject({
            decision: 'deny',
            outcome: 'denied',
          });
          expect(
            mine.find((record) => record.target === kind.approved.tool && record.outcome === 'ok'),
          ).toMatchObject({
            approval: { kind: 'allow-once', decidedBy: 'matrix-test' },
          });
          expect(mine.some((record) => record.outcome === 'cancelled')).toBe(true);
        } finally {
          await client.close();
        }
      }, 60_000);
    }
  });
}

/** Adds a rule that denies `tool` outright, which takes it off every client's list. */
async function hideByPolicy(gatehouse: TestGateway, tool: string): Promise<void> {
  const path = join(gatehouse.dataDir, 'config.json');
  const config = JSON.parse(readFileSync(path, 'utf8')) as { policies: { rules: unknown[] } };
  config.policies.rules.push({ id: 'hide-one', match: { tools: [tool] }, action: 'deny' });
  writeFileSync(path, JSON.stringify(config, null, 2));
  gatehouse.gateway.reloadPolicies();
}

async function showAgain(gatehouse: TestGateway): Promise<void> {
  const path = join(gatehouse.dataDir, 'config.json');
  const config = JSON.parse(readFileSync(path, 'utf8')) as { policies: { rules: { id: string }[] } };
  config.policies.rules = config.policies.rules.filter((rule) => rule.id !== 'hide-one');
  writeFileSync(path, JSON.stringify(config, null, 2));
  gatehouse.gateway.reloadPolicies();
}
