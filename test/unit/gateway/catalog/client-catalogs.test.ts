import { describe, expect, it } from 'vitest';
import type { CatalogsConfig } from '../../../../shared/contracts/catalog-budget.js';
import { clientBudget } from '../../../../shared/gateway/catalog/budget/catalog-budget.js';
import { clientKind, toolLimit } from '../../../../shared/gateway/catalog/budget/client-limits.js';
import { toolListTokens } from '../../../../shared/gateway/catalog/budget/token-count.js';
import { ClientCatalogs, listedFor } from '../../../../shared/gateway/catalog/search/client-catalogs.js';
import { ClientCatalogConfigSchema } from '../../../../shared/contracts/catalog-budget.js';
import { retrievalCatalog } from '../../../fixtures/retrieval/retrieval-catalog.js';

const catalog = retrievalCatalog();
const settings = (value: Record<string, unknown>) => ClientCatalogConfigSchema.parse(value);

function views(catalogs: CatalogsConfig, hidden: readonly string[] = []) {
  return new ClientCatalogs({
    catalog: () => catalog,
    visibleTools: () => catalog.tools.filter((tool) => !hidden.includes(tool.name)),
    catalogSettings: () => catalogs,
  });
}

describe('client catalog views', () => {
  it('lists everything in full mode, and the two Gatehouse tools plus pinned ones in search mode', () => {
    expect(views({}).listedTools('a')).toHaveLength(catalog.tools.length);
    const search = views({ a: settings({ mode: 'search', pinned: ['slack/slack_post_message'] }) });
    expect(search.listedTools('a').map((tool) => tool.name)).toEqual([
      'gatehouse_search_tools',
      'gatehouse_call_tool',
      'slack__slack_post_message',
    ]);
  });

  it('does not list a pinned tool the client may not use', () => {
    const search = views({ a: settings({ mode: 'search', pinned: ['slack/slack_post_message'] }) }, [
      'slack__slack_post_message',
    ]);
    expect(search.listedTools('a')).toHaveLength(2);
  });

  it('searches only the tools the client may use', () => {
    const all = views({}).search('a', 'post a message to slack', 5);
    expect(all[0]?.name).toBe('slack__slack_post_message');
    const hidden = views({}, ['slack__slack_post_message']).search('a', 'post a message to slack', 20);
    expect(hidden.map((tool) => tool.name)).not.toContain('slack__slack_post_message');
  });

  it('routes a call through the call tool to the named tool, keeping _meta', () => {
    const routed = views({ a: settings({ mode: 'search' }) }).route('a', {
      name: 'gatehouse_call_tool',
      arguments: { name: 'github__create_issue', arguments: { title: 'Login bug' } },
      _meta: { progressToken: 7 },
    });
    expect(routed).toEqual({
      kind: 'call',
      params: {
        name: 'github__create_issue',
        arguments: { title: 'Login bug' },
        _meta: { progressToken: 7 },
      },
    });
  });

  it('answers malformed Gatehouse tool calls with a tool error the model can read', () => {
    const view = views({ a: settings({ mode: 'search' }) });
    for (const args of [{}, { name: '' }, { name: 'gatehouse_call_tool' }, { name: 'x', arguments: [1] }]) {
      const routed = view.route('a', { name: 'gatehouse_call_tool', arguments: args });
      expect(routed.kind).toBe('answered');
      expect(routed.kind === 'answered' && routed.result.isError).toBe(true);
    }
    const empty = view.route('a', { name: 'gatehouse_search_tools', arguments: { query: ' ' } });
    expect(empty.kind === 'answered' && empty.result.isError).toBe(true);
  });

  it('leaves the Gatehouse tool names alone for a client in plain full mode', () => {
    const params = { name: 'gatehouse_call_tool', arguments: { name: 'github__create_issue' } };
    expect(views({}).route('a', params)).toEqual({ kind: 'call', params });
  });
});

describe('catalog budget', () => {
  it('counts full, trimmed and search lists, close to counting the whole tools/list at once', () => {
    const budget = clientBudget('cursor-laptop', settings({}), catalog.tools, catalog);
    const exact = toolListTokens([...catalog.tools]);
    expect(Math.abs(budget.tokens.full - exact) / exact).toBeLessThan(0.01);
    expect(budget.tokens.trimmed).toBeLessThan(budget.tokens.full);
    expect(budget.tokens.search).toBeLessThan(1000);
    expect(budget.tokens.current).toBe(budget.tokens.full);
    const trimmedList = listedFor(settings({ trimmed: true }), catalog.tools, catalog);
    expect(
      Math.abs(budget.tokens.trimmed - toolListTokens(trimmedList)) / budget.tokens.trimmed,
    ).toBeLessThan(0.01);
    expect(budget.servers.map((server) => server.server)).toContain('github');
    expect(budget.servers.reduce((sum, server) => sum + server.tools, 0)).toBe(catalog.tools.length);
  });

  it('holds the count against the app limit and suggests, never sets, search mode', () => {
    const budget = clientBudget('cursor-laptop', settings({}), catalog.tools, catalog);
    expect(budget.kind).toBe('cursor');
    expect(budget.limit?.maxTools).toBe(40);
    expect(budget.mode).toBe('full');
    expect(budget.suggestion).toMatch(/past this app's limit of 40/);
    const small = clientBudget('cursor-laptop', settings({}), catalog.tools.slice(0, 5), catalog);
    expect(small.suggestion).toBeUndefined();
    const searching = clientBudget('cursor-laptop', settings({ mode: 'search' }), catalog.tools, catalog);
    expect(searching.suggestion).toBeUndefined();
    expect(searching.tokens.current).toBe(searching.tokens.search);
  });

  it('knows documented client limits and guesses kinds from names', () => {
    expect(toolLimit('vscode')?.maxTools).toBe(128);
    expect(toolLimit('claude-code')).toBeUndefined();
    expect(clientKind('my-cursor', undefined)).toBe('cursor');
    expect(clientKind('work-laptop', undefined)).toBeUndefined();
    expect(clientKind('cursor', 'vscode')).toBe('vscode');
  });
});
