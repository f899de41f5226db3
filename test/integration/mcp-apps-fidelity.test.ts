/**
 * Nothing a server sends is lost on the way through Gatehouse: a fixture server whose tools,
 * resources, prompts and results carry unfamiliar fields and `_meta` keys (and MCP Apps
 * metadata) is read through Gatehouse with raw HTTP, in every pairing of protocol eras, and each
 * answer must serialise to the same bytes as the server's own, except the names and URIs
 * Gatehouse rewrites and the envelope each era's protocol puts around a result.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers } from '../fixtures/unknown-fields-server.mjs';
import { mcpHeaders, rawRequest } from './hostile-kit.js';
import { startGateway, type TestGateway } from './harness.js';

const root = resolve(import.meta.dirname, '../..');
const fixture = join(root, 'test/fixtures/unknown-fields-server.mjs');
const UI = 'io.modelcontextprotocol/ui';
const MODERN = '2026-07-28';

type Json = Record<string, unknown>;

/** A raw client of one era that may or may not declare MCP Apps. */
interface RawClient {
  request(method: string, params?: Json): Promise<{ result?: Json; error?: { message: string } }>;
}

function parseAnswer(text: string, contentType: string | undefined, id: number) {
  if (!contentType?.includes('text/event-stream')) return JSON.parse(text) as Json;
  for (const line of text.split('\n'))
    if (line.startsWith('data: ')) {
      const message = JSON.parse(line.slice(6)) as Json;
      if (message.id === id) return message;
    }
  throw new Error(`no answer with id ${id} in: ${text}`);
}

async function legacyClient(env: TestGateway, views: boolean): Promise<RawClient> {
  let id = 0;
  let session: string | undefined;
  const send = async (method: string, params?: Json, notification = false) => {
    const requestId = ++id;
    const answer = await rawRequest(env.gateway.url, {
      headers: mcpHeaders(env.token, {
        ...(session ? { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' } : {}),
      }),
      body: JSON.stringify({ jsonrpc: '2.0', ...(notification ? {} : { id: requestId }), method, params }),
    });
    if (!session) session = answer.headers['mcp-session-id'] as string | undefined;
    return notification ? {} : parseAnswer(answer.text, answer.headers['content-type'], requestId);
  };
  await send('initialize', {
    protocolVersion: '2025-11-25',
    capabilities: views ? { extensions: { [UI]: { mimeTypes: ['text/html;profile=mcp-app'] } } } : {},
    clientInfo: { name: 'fidelity', version: '1' },
  });
  await send('notifications/initialized', undefined, true);
  return { request: (method, params) => send(method, params) as never };
}

function modernClient(env: TestGateway, views: boolean): RawClient {
  let id = 0;
  return {
    async request(method, params = {}) {
      const requestId = ++id;
      const name = params.name ?? params.uri;
      const answer = await rawRequest(env.gateway.url, {
        headers: mcpHeaders(env.token, {
          'mcp-protocol-version': MODERN,
          'mcp-method': method,
          ...(typeof name === 'string' ? { 'mcp-name': name } : {}),
        }),
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: requestId,
          method,
          params: {
            ...params,
            _meta: {
              'io.modelcontextprotocol/protocolVersion': MODERN,
              'io.modelcontextprotocol/clientInfo': { name: 'fidelity', version: '1' },
              'io.modelcontextprotocol/clientCapabilities': views
                ? { extensions: { [UI]: { mimeTypes: ['text/html;profile=mcp-app'] } } }
                : {},
            },
          },
        }),
      });
      return parseAnswer(answer.text, answer.headers['content-type'], requestId) as never;
    },
  };
}

/**
 * A result without what each era's protocol puts around it: 2026's `resultType`, the list and
 * read cache hints, and Gatehouse's own `io.modelcontextprotocol/` keys in `_meta`.
 */
function withoutEnvelope(result: Json | undefined): Json {
  const { resultType: _r, ttlMs: _t, cacheScope: _c, ...rest } = result ?? {};
  const meta = rest._meta as Json | undefined;
  if (!meta) return rest;
  const kept = Object.fromEntries(
    Object.entries(meta).filter(([key]) => !key.startsWith('io.modelcontextprotocol/')),
  );
  const { _meta: _m, ...withoutMeta } = rest;
  return Object.keys(kept).length > 0 ? { ...withoutMeta, _meta: kept } : withoutMeta;
}

/** The server's answer with Gatehouse's renames ("always" namespacing, server "odd"). */
const view = 'ui://odd/odd/view.html';
const doc = (n: number) => `gatehouse://odd/odd://doc/${n}`;
function expectedTool(index: number): Json {
  const tool = structuredClone(answers.tools[index]) as Json & { _meta: Json & { ui: Json } };
  tool.name = `odd__${String(tool.name)}`;
  tool._meta.ui.resourceUri = view;
  if ('ui/resourceUri' in tool._meta) tool._meta['ui/resourceUri'] = view;
  if ('openai/outputTemplate' in tool._meta) tool._meta['openai/outputTemplate'] = view;
  return tool;
}
const bytes = (value: unknown) => JSON.stringify(value);

describe.each([
  { upstream: '2025', downstream: '2025' },
  { upstream: '2025', downstream: '2026' },
  { upstream: '2026', downstream: '2025' },
  { upstream: '2026', downstream: '2026' },
])('unknown fields survive: $upstream server, $downstream client', ({ upstream, downstream }) => {
  let env: TestGateway;
  let withViews: RawClient;
  let withoutViews: RawClient;

  beforeAll(async () => {
    env = await startGateway({
      mcpServers: { odd: { command: process.execPath, args: [fixture, '--era', upstream] } },
    });
    const open = downstream === '2025' ? legacyClient : modernClient;
    withViews = await open(env, true);
    withoutViews = await open(env, false);
  }, 30_000);

  afterAll(async () => {
    await env?.stop();
  });

  it('speaks to the server in its era', () => {
    const [status] = env.gateway.upstreamStatuses();
    expect(status?.protocol?.version).toBe(upstream === '2026' ? MODERN : '2025-11-25');
  });

  it('lists tools byte for byte, app-only ones only to clients that show views', async () => {
    const shown = await withViews.request('tools/list');
    expect(bytes((shown.result as { tools: unknown }).tools)).toBe(bytes([expectedTool(0), expectedTool(1)]));
    const hidden = await withoutViews.request('tools/list');
    expect(bytes((hidden.result as { tools: unknown }).tools)).toBe(bytes([expectedTool(0)]));
  });

  it('lists resources byte for byte, CSP and permission hints included', async () => {
    const { result } = await withViews.request('resources/list');
    const expected = structuredClone(answers.resources) as Json[];
    expected[0]!.uri = view;
    expected[1]!.uri = doc(1);
    expect(bytes((result as { resources: unknown }).resources)).toBe(bytes(expected));
  });

  it('reads the view byte for byte at the URI its tool gives', async () => {
    const { result } = await withViews.request('resources/read', { uri: view });
    const expected = structuredClone(answers.read['ui://odd/view.html']) as Json & {
      contents: Json[];
    };
    expected.contents[0]!.uri = view;
    expect(bytes(withoutEnvelope(result))).toBe(bytes(expected));
  });

  it('returns a call’s result byte for byte, links and embedded resources rewritten', async () => {
    const { result } = await withViews.request('tools/call', { name: 'odd__odd', arguments: { q: 'x' } });
    const expected = structuredClone(answers.call) as Json & {
      content: Array<Json & { resource?: Json }>;
    };
    expected.content[1]!.uri = doc(1);
    expected.content[2]!.resource!.uri = doc(2);
    expect(bytes(withoutEnvelope(result))).toBe(bytes(expected));
    const link = await withViews.request('resources/read', { uri: doc(1) });
    expect((link.result as { contents: Json[] }).contents[0]).toMatchObject({ uri: doc(1), text: 'one' });
  });

  it('returns prompt messages byte for byte, resources rewritten', async () => {
    const { result } = await withViews.request('prompts/get', { name: 'odd__odd_prompt' });
    const expected = structuredClone(answers.prompt) as Json & {
      messages: Array<{ content: Json & { resource?: Json } }>;
    };
    expected.messages[0]!.content.uri = doc(1);
    expected.messages[1]!.content.resource!.uri = view;
    expect(bytes(withoutEnvelope(result))).toBe(bytes(expected));
  });

  it('lets a view call its app-only tool by the server’s name, and nobody else', async () => {
    const fromView = await withViews.request('tools/call', { name: 'refresh_view', arguments: {} });
    expect(fromView.result).toMatchObject({ content: [{ type: 'text', text: 'refreshed' }] });
    const blind = await withoutViews.request('tools/call', { name: 'refresh_view', arguments: {} });
    expect(bytes(blind)).toContain('Unknown tool: refresh_view');
  });

  it('declares the MCP Apps extension to clients', async () => {
    if (downstream === '2026') {
      const { result } = await withViews.request('server/discover');
      expect((result as { capabilities: Json }).capabilities.extensions).toMatchObject({ [UI]: {} });
    } else {
      // The 2025 client saw it in initialize; a fresh session shows it again.
      const answer = await rawRequest(env.gateway.url, {
        headers: mcpHeaders(env.token),
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-11-25',
            capabilities: {},
            clientInfo: { name: 'x', version: '1' },
          },
        }),
      });
      const init = parseAnswer(answer.text, answer.headers['content-type'], 1) as {
        result: { capabilities: Json };
      };
      expect(init.result.capabilities.extensions).toMatchObject({ [UI]: {} });
    }
  });
});
