/**
 * Context budgets from another terminal: `gatehouse status` and `gatehouse catalog` against a
 * served gateway, and `gatehouse catalog set` switching a client to search mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogBudget } from '../../shared/contracts/catalog-budget.js';
import { servers, startServedGateway, waitFor, type ServedGateway } from './harness.js';

describe('context budget in the CLI', () => {
  let env: ServedGateway;

  beforeAll(async () => {
    env = await startServedGateway(
      { mcpServers: { everything: servers.everything, memory: servers.memory } },
      'memory__read_graph',
    );
  }, 60_000);

  afterAll(async () => {
    await env?.stop();
  });

  it("shows each client's tokens per tools/list, per server, with the tokenizer named", async () => {
    const status = await env.run('status');
    expect(status.stdout).toMatch(/Context budget \(tokens per tools\/list, o200k_base/);
    expect(status.stdout).toMatch(/agent\tfull\t[\d,]+ tokens\t(\d+) listed, \1 usable/);
    expect(status.stdout).toMatch(/by server: everything [\d,]+ \(\d+\), memory [\d,]+ \(9\)/);
    const json = JSON.parse((await env.run('status', '--json')).stdout) as { catalog: CatalogBudget };
    const agent = json.catalog.clients[0]!;
    expect(agent.tokens.search).toBeLessThan(agent.tokens.full);
    expect(agent.servers.map((server) => server.server)).toEqual(['everything', 'memory']);
  });

  it('switches a client to search mode, which its session sees', async () => {
    const set = await env.run(
      'catalog',
      'set',
      'agent',
      '--mode',
      'search',
      '--pin',
      'memory/read_graph',
      '--kind',
      'cursor',
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/agent\tsearch\t[\d,]+ tokens\t3 listed, \d+ usable of 40 allowed \(cursor\)/);
    await waitFor(
      async () => (await env.client.listTools()).tools.length === 3,
      10_000,
      'the search-mode list',
    );
    expect((await env.client.listTools()).tools.map((tool) => tool.name)).toEqual([
      'gatehouse_search_tools',
      'gatehouse_call_tool',
      'memory__read_graph',
    ]);
  });

  it('refuses a bad mode and an unknown client in one sentence', async () => {
    const badMode = await env.run('catalog', 'set', 'agent', '--mode', 'tiny');
    expect(badMode.code).toBe(1);
    expect(badMode.stderr).toBe('gatehouse: --mode must be "full" or "search", not "tiny".\n');
    const unknown = await env.run('catalog', 'set', 'nobody', '--mode', 'search');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/There is no client named "nobody"/);
  });
});
