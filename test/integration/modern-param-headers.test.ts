/**
 * SEP-2243 `Mcp-Param-*` headers through Gatehouse: a 2026 client's headers are checked against
 * the call's arguments, and Gatehouse mirrors the arguments into headers again for a 2026 server
 * over HTTP, which refuses a call without them.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpHeaders, rawRequest } from './hostile-kit.js';
import { startGateway, startModernOnlyHttpFixture, type TestGateway } from './harness.js';

const MODERN = '2026-07-28';
const TOOL = 'up__test_x_mcp_header';

describe('Mcp-Param headers through Gatehouse', () => {
  let gatehouse: TestGateway;
  let fixture: { url: string; stop(): void };

  beforeAll(async () => {
    fixture = await startModernOnlyHttpFixture();
    gatehouse = await startGateway({ mcpServers: { up: { url: fixture.url, type: 'streamable-http' } } });
  }, 60_000);
  afterAll(async () => {
    await gatehouse?.stop();
    fixture?.stop();
  });

  it('passes a call whose headers match on to the server, which gets them mirrored again', async () => {
    const client = new Client(
      { name: 'params', version: '1' },
      { versionNegotiation: { mode: { pin: MODERN } } },
    );
    await client.connect(
      new StreamableHTTPClientTransport(gatehouse.gateway.url, {
        requestInit: { headers: { authorization: `Bearer ${gatehouse.token}` } },
      }),
    );
    // listTools fills the client's cache, from which it mirrors the call's region into a header.
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain(TOOL);
    const result = await client.callTool({ name: TOOL, arguments: { region: 'Zürich' } });
    expect(result.content).toEqual([{ type: 'text', text: 'region=Zürich' }]);
    await client.close();
  });

  it('refuses a header that disagrees with the arguments, or one that is missing, with -32020', async () => {
    const call = (headers: Record<string, string>) =>
      rawRequest(gatehouse.gateway.url, {
        headers: {
          ...mcpHeaders(gatehouse.token),
          'mcp-protocol-version': MODERN,
          'mcp-method': 'tools/call',
          'mcp-name': TOOL,
          ...headers,
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 7,
          method: 'tools/call',
          params: {
            name: TOOL,
            arguments: { region: 'eu-west' },
            _meta: {
              'io.modelcontextprotocol/protocolVersion': MODERN,
              'io.modelcontextprotocol/clientCapabilities': {},
            },
          },
        }),
      });
    for (const headers of [{ 'mcp-param-region': 'us-east' }, {}] as Record<string, string>[]) {
      const answer = await call(headers);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text)).toMatchObject({ id: 7, error: { code: -32020 } });
    }
    const fine = await call({ 'mcp-param-region': 'eu-west' });
    expect(JSON.parse(fine.text)).toMatchObject({ id: 7, result: { content: [{ text: 'region=eu-west' }] } });
  });
});
