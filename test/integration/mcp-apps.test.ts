/**
 * MCP Apps and resource links through Gatehouse, with the real example servers from npm: the
 * ext-apps `server-basic-vanillajs` and `server-basic-preact` (both name the view
 * `ui://get-time/mcp-app.html` and the tool `get-time`, so they also collide) beside
 * `server-everything`, in both namespacing modes.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { AuditEntry } from '../../shared/contracts/audit.js';
import { ToolAccessConfigSchema } from '../../shared/contracts/tool-access.js';
import { connectClient, servers, startGateway, waitFor, type TestGateway } from './harness.js';

const root = resolve(import.meta.dirname, '../..');
const basicServer = (name: string) => ({
  command: process.execPath,
  args: [join(root, `node_modules/@modelcontextprotocol/server-${name}/dist/index.js`), '--stdio'],
});
const viewHtml = (name: string) =>
  readFileSync(join(root, `node_modules/@modelcontextprotocol/server-${name}/dist/mcp-app.html`), 'utf8');

const UI = 'io.modelcontextprotocol/ui';
const APP_MIME = 'text/html;profile=mcp-app';
const showsViews = { extensions: { [UI]: { mimeTypes: [APP_MIME] } } } as never;

interface ListedTool {
  name: string;
  _meta?: { ui?: { resourceUri?: string }; 'ui/resourceUri'?: string };
}

const viewUriOf = (tools: ListedTool[], name: string) => {
  const tool = tools.find((candidate) => candidate.name === name);
  return { nested: tool?._meta?.ui?.resourceUri, flat: tool?._meta?.['ui/resourceUri'] };
};

/** Collects audit entries; `last(target)` waits for the newest one about `target`. */
function auditCollector() {
  const entries: AuditEntry[] = [];
  return {
    sink: { append: (entry: AuditEntry) => void entries.push(entry) },
    async last(target: string, after: number): Promise<AuditEntry> {
      const find = () => entries.slice(after).findLast((entry) => entry.target === target);
      await waitFor(() => find() !== undefined, 5000, `an audit entry for ${target}`);
      return find()!;
    },
    get count() {
      return entries.length;
    },
  };
}

describe.each([
  {
    namespacing: 'always' as const,
    vanillaTool: 'vanilla__get-time',
    preactTool: 'preact__get-time',
    vanillaView: 'ui://vanilla/get-time/mcp-app.html',
    preactView: 'ui://preact/get-time/mcp-app.html',
  },
  {
    namespacing: 'on-collision' as const,
    vanillaTool: 'vanilla__get-time',
    preactTool: 'preact__get-time',
    // Both servers name the same view URI, so both are prefixed; the scheme stays ui://.
    vanillaView: 'ui://vanilla/get-time/mcp-app.html',
    preactView: 'ui://preact/get-time/mcp-app.html',
  },
])('MCP Apps through Gatehouse ($namespacing)', (mode) => {
  let env: TestGateway;
  let client: Client;
  const audit = auditCollector();

  beforeAll(async () => {
    env = await startGateway(
      {
        mcpServers: {
          vanilla: basicServer('basic-vanillajs'),
          preact: basicServer('basic-preact'),
          everything: servers.everything,
        },
        settings: { namespacing: mode.namespacing },
      },
      { audit: audit.sink },
    );
    client = await connectClient(env.gateway.url, env.token, showsViews);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await env?.stop();
  });

  it('gives each tool the view URI clients can read, in both _meta keys, and lists it', async () => {
    const { tools } = (await client.listTools()) as { tools: ListedTool[] };
    expect(viewUriOf(tools, mode.vanillaTool)).toEqual({ nested: mode.vanillaView, flat: mode.vanillaView });
    expect(viewUriOf(tools, mode.preactTool)).toEqual({ nested: mode.preactView, flat: mode.preactView });
    const listed = (await client.listResources()).resources.map((resource) => resource.uri);
    expect(listed).toEqual(expect.arrayContaining([mode.vanillaView, mode.preactView]));
  });

  it('reads each view by the URI its tool gives, with the MCP Apps MIME type and the HTML', async () => {
    for (const [uri, server] of [
      [mode.vanillaView, 'basic-vanillajs'],
      [mode.preactView, 'basic-preact'],
    ] as const) {
      const { contents } = await client.readResource({ uri });
      expect(contents).toHaveLength(1);
      expect(contents[0]).toMatchObject({ uri, mimeType: APP_MIME });
      expect((contents[0] as { text: string }).text).toBe(viewHtml(server));
    }
  });

  // Their bundled v2 SDK (2.0.0) answers server/discover with -32601: they speak 2025 only. The
  // 2026 lane is covered by the fixture in mcp-apps-fidelity.test.ts.
  it('detects the example servers’ era (2025-11-25)', () => {
    const eras = env.gateway.upstreamStatuses().map((status) => [status.name, status.protocol?.version]);
    expect(eras).toEqual(
      expect.arrayContaining([
        ['vanilla', '2025-11-25'],
        ['preact', '2025-11-25'],
      ]),
    );
  });

  it('declares the MCP Apps extension because its servers offer views', () => {
    expect(client.getServerCapabilities()?.extensions?.[UI]).toBeDefined();
  });

  it('follows a resource_link a tool returns (server-everything) by the URI given', async () => {
    const result = await client.callTool({
      name: mode.namespacing === 'always' ? 'everything__get-resource-links' : 'get-resource-links',
      arguments: { count: 2 },
    });
    const links = (result.content as Array<{ type: string; uri?: string }>).filter(
      (block) => block.type === 'resource_link',
    );
    expect(links).toHaveLength(2);
    for (const link of links) {
      const { contents } = await client.readResource({ uri: link.uri! });
      expect(contents[0]?.uri).toBe(link.uri);
    }
  });

  it('follows a link to a resource the server registered during the call, never listed before', async () => {
    const result = await client.callTool({
      name: mode.namespacing === 'always' ? 'everything__gzip-file-as-resource' : 'gzip-file-as-resource',
      arguments: {
        name: `apps-${mode.namespacing}.txt.gz`,
        data: `data:text/plain;base64,${Buffer.from('hello views').toString('base64')}`,
        outputType: 'resourceLink',
      },
    });
    const link = (result.content as Array<{ type: string; uri?: string }>)[0];
    expect(link?.type).toBe('resource_link');
    const { contents } = await client.readResource({ uri: link!.uri! });
    expect(contents[0]).toMatchObject({ uri: link!.uri, mimeType: 'application/gzip' });
  });

  it('routes a view’s call by its server’s own tool name when the host names the view', async () => {
    const call = (view?: string) =>
      client.callTool({
        name: 'get-time',
        arguments: {},
        ...(view ? { _meta: { 'gatehouse/view': { resourceUri: view } } } : {}),
      });
    // Two servers call their tool get-time: without the view, Gatehouse will not guess.
    await expect(call()).rejects.toThrow(/Several servers behind Gatehouse have a tool named "get-time"/);
    const before = audit.count;
    const fromPreact = await call(mode.preactView);
    expect(fromPreact.isError).toBeFalsy();
    expect(await audit.last('get-time', before)).toMatchObject({
      server: 'preact',
      outcome: 'ok',
      origin: 'view',
    });
  });
});

describe('a view’s calls and reads follow the person’s switches', () => {
  let env: TestGateway;
  let client: Client;
  const audit = auditCollector();

  beforeAll(async () => {
    env = await startGateway(
      { mcpServers: { basic: basicServer('basic-vanillajs'), everything: servers.everything } },
      { audit: audit.sink },
    );
    client = await connectClient(env.gateway.url, env.token, showsViews);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await env?.stop();
  });

  it('routes a view’s bare tool name to the one server that has it', async () => {
    const before = audit.count;
    const result = await client.callTool({ name: 'get-time', arguments: {} });
    expect(result.isError).toBeFalsy();
    const record = await audit.last('get-time', before);
    expect(record).toMatchObject({ server: 'basic', outcome: 'ok' });
    // Nothing said a view made this call: the audit does not guess.
    expect(record.origin).toBeUndefined();
  });

  it('refuses the view and its calls once the tool is switched off for the client', async () => {
    env.gateway.access.replace(
      ToolAccessConfigSchema.parse({ clients: { tester: { 'basic/get-time': false } } }),
    );
    expect((await client.listTools()).tools.map((tool) => tool.name)).not.toContain('basic__get-time');
    const before = audit.count;
    await expect(client.readResource({ uri: 'ui://basic/get-time/mcp-app.html' })).rejects.toThrow(
      /may not use the tools of "basic"/,
    );
    const refused = await client.callTool({ name: 'get-time', arguments: {} });
    expect(refused.isError).toBe(true);
    expect(await audit.last('get-time', before)).toMatchObject({ server: 'basic', outcome: 'denied' });
    const read = await audit.last('ui://get-time/mcp-app.html', before);
    expect(read).toMatchObject({ method: 'resources/read', server: 'basic', outcome: 'denied' });
  });
});
