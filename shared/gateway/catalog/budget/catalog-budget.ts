/**
 * What each client's tools/list costs in tokens, in every mode, per server, against the client's
 * known tool cap; and when to suggest search mode. Nothing here changes a mode: it only reports.
 */
import type { ClientBudget, ClientCatalogConfig, ServerCost } from '../../../contracts/catalog-budget.js';
import type { Catalog } from '../catalog.js';
import type { ToolDefinition } from '../../upstream/model.js';
import { listedFor } from '../search/client-catalogs.js';
import { DEFAULT_SEARCH_LIMIT } from '../search/meta-tools.js';
import { clientKind, toolLimit } from './client-limits.js';
import { countTokens, toolListTokens } from './token-count.js';
import { trimTool } from './trim-definition.js';

/** Past this many tokens per tools/list, Gatehouse suggests search mode. */
export const SUGGEST_SEARCH_TOKENS = 10_000;

/** Per-definition token counts, kept as long as the catalog keeps the definition. */
const fullCounts = new WeakMap<ToolDefinition, number>();
const trimmedCounts = new WeakMap<ToolDefinition, number>();

function cached(cache: WeakMap<ToolDefinition, number>, tool: ToolDefinition, count: () => number): number {
  let tokens = cache.get(tool);
  if (tokens === undefined) cache.set(tool, (tokens = count()));
  return tokens;
}

/** Tokens of one definition as a tools/list entry. */
export function definitionTokens(tool: ToolDefinition): number {
  return cached(fullCounts, tool, () => countTokens(JSON.stringify(tool)));
}

function trimmedTokens(tool: ToolDefinition): number {
  return cached(trimmedCounts, tool, () => countTokens(JSON.stringify(trimTool(tool))));
}

/**
 * Tokens of a tools/list holding these definitions: counted per definition (cached), plus the
 * envelope and separators, so a report over many clients does not re-tokenize the catalog.
 */
function listTokens(tools: readonly ToolDefinition[], count: (tool: ToolDefinition) => number): number {
  return (
    toolListTokens([]) + tools.reduce((sum, tool) => sum + count(tool), 0) + Math.max(0, tools.length - 1)
  );
}

/** One client's budget. */
export function clientBudget(
  client: string,
  settings: ClientCatalogConfig,
  visible: readonly ToolDefinition[],
  catalog: Catalog,
): ClientBudget {
  const full = listTokens(visible, definitionTokens);
  // A trimmed list is every definition trimmed, then the search tool that holds their full text.
  const searchTool = listedFor({ ...settings, mode: 'full', trimmed: true }, visible, catalog).at(-1);
  const trimmed = listTokens(visible, trimmedTokens) + (searchTool ? definitionTokens(searchTool) + 1 : 0);
  const searchList = listedFor({ ...settings, mode: 'search' }, visible, catalog);
  const search = listTokens(searchList, definitionTokens);
  const listed = listedFor(settings, visible, catalog);
  const current = settings.mode === 'search' ? search : settings.trimmed ? trimmed : full;
  const meanDefinition = visible.length === 0 ? 0 : (full - toolListTokens([])) / visible.length;
  const searchAnswer = Math.round(
    toolListTokens([]) + meanDefinition * Math.min(DEFAULT_SEARCH_LIMIT, visible.length),
  );
  const kind = clientKind(client, settings.kind);
  const limit = toolLimit(kind);
  const budget: ClientBudget = {
    client,
    ...(kind ? { kind } : {}),
    mode: settings.mode,
    trimmed: settings.trimmed,
    pinned: [...settings.pinned],
    toolCount: visible.length,
    listedCount: listed.length,
    tokens: { current, full, trimmed, search, searchAnswer },
    servers: serverCosts(visible, catalog),
    ...(limit ? { limit } : {}),
  };
  const suggestion = suggestSearch(budget);
  return suggestion ? { ...budget, suggestion } : budget;
}

/** Each server's share of the client's full tools/list. */
function serverCosts(visible: readonly ToolDefinition[], catalog: Catalog): ServerCost[] {
  const byServer = new Map<string, ToolDefinition[]>();
  for (const tool of visible) {
    const server = catalog.tool(tool.name)?.server ?? '';
    byServer.set(server, [...(byServer.get(server) ?? []), tool]);
  }
  return [...byServer].map(([server, tools]) => ({
    server,
    tools: tools.length,
    tokens: tools.reduce((sum, tool) => sum + definitionTokens(tool), 0),
  }));
}

/**
 * A sentence suggesting search mode when a client in full mode lists more tools than its app
 * takes or more tokens than the threshold; undefined otherwise. It never switches anything.
 */
export function suggestSearch(budget: ClientBudget): string | undefined {
  if (budget.mode === 'search') return undefined;
  const overLimit = budget.limit !== undefined && budget.toolCount > budget.limit.maxTools;
  const listed = budget.trimmed ? budget.tokens.trimmed : budget.tokens.full;
  if (!overLimit && listed <= SUGGEST_SEARCH_TOKENS) return undefined;
  const why = overLimit
    ? `${budget.toolCount} tools is past this app's limit of ${budget.limit?.maxTools}`
    : `its tools cost ${listed.toLocaleString('en-US')} tokens in every request`;
  return (
    `Consider search mode for ${budget.client}: ${why}. Search mode lists ${budget.tokens.search.toLocaleString('en-US')} ` +
    `tokens of tools and finds the rest on demand (about ${budget.tokens.searchAnswer.toLocaleString('en-US')} tokens per search).`
  );
}
