/**
 * Bounded memory through the whole gateway: a client reads 1 GB (1,024 reads of 1 MB from a
 * fixture file server) through Gatehouse, and the guard stays within `settings.flowGuard.memoryMB`
 * all along; the oldest text is forgotten first, the newest is still recognised.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, startGateway, waitForTool, type TestGateway } from './harness.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

const root = resolve(import.meta.dirname, '../..');
const MB = 1024 * 1024;
const BUDGET_MB = 8;
let gatehouse: TestGateway;
let client: Client;

beforeAll(async () => {
  gatehouse = await startGateway(
    {
      mcpServers: {
        bulk: {
          command: process.execPath,
          args: ['--import', 'tsx', join(root, 'test/fixtures/flow-scenario-server.ts'), 'bulk'],
        },
      },
      settings: { flowGuard: { memoryMB: BUDGET_MB } },
    },
    { uiDirectory: false, audit: false },
  );
  client = await connectClient(gatehouse.gateway.url, gatehouse.token);
  await waitForTool(client, 'bulk__read_chunk');
}, 60_000);

afterAll(async () => {
  await client?.close();
  await gatehouse?.stop();
});

describe('a client reading 1 GB through Gatehouse', () => {
  it('keeps the guard within its budget and forgets the oldest text first', async () => {
    const guard = gatehouse.gateway.flowGuard;
    let first = '';
    let last = '';
    let maxChars = 0;
    let maxBytes = 0;
    for (let index = 0; index < 1024; index++) {
      const result = await client.callTool({ name: 'bulk__read_chunk', arguments: { index } });
      const text = (result.content as { text: string }[])[0]!.text;
      expect(text.length).toBe(MB);
      if (index === 0) first = text.slice(0, 4096);
      if (index === 1023) last = text.slice(-4096);
      const stats = guard.stats();
      maxChars = Math.max(maxChars, stats.chars);
      maxBytes = Math.max(maxBytes, stats.bytes);
    }
    expect(maxChars).toBeLessThanOrEqual(BUDGET_MB * MB);
    expect(maxBytes).toBeLessThanOrEqual(BUDGET_MB * MB);
    expect(guard.trace('tester', { body: first })).toEqual([]);
    expect(guard.trace('tester', { body: last })).toHaveLength(1);
  }, 600_000);
});
