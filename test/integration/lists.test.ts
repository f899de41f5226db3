import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { connectClient, startGateway, waitFor, type TestGateway } from './harness.js';

const root = resolve(import.meta.dirname, '../..');
const paginated = {
  command: process.execPath,
  args: ['--import', 'tsx', join(root, 'test/fixtures/paginated-server.ts')],
  cwd: root,
};

describe('upstream lists', () => {
  let env: TestGateway;
  let client: Client;

  beforeAll(async () => {
    env = await startGateway({ mcpServers: { paged: paginated } });
    client = await connectClient(env.gateway.url, env.token);
  });

  afterAll(async () => {
    await client?.close();
    await env?.stop();
  });

  it('follows pagination cursors to the end of every list', async () => {
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual([
      'paged__alpha',
      'paged__beta',
      'paged__gamma',
      'paged__delta',
      'paged__add_tool',
    ]);
    expect((await client.listPrompts()).prompts).toHaveLength(3);
    expect((await client.listResources()).resources.map((resource) => resource.uri)).toEqual([
      'gatehouse://paged/page://r1',
      'gatehouse://paged/page://r2',
      'gatehouse://paged/page://r3',
    ]);
  });

  it('refreshes on an upstream list_changed and tells the client', async () => {
    let notified = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => void notified++);
    // The notification reaches the client on its standalone stream, which opens after initialize.
    await waitFor(() => env.gateway.sessionCount === 1, 2000, 'the session');
    const result = await client.callTool({ name: 'paged__add_tool', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'added_5' }]);
    await waitFor(() => notified > 0, 5000, 'tools/list_changed');
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('paged__added_5');
  });
});
