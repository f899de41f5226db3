/**
 * Each client's view of the catalog in its configured mode: what its tools/list holds, what its
 * searches find, and how a call through the call tool becomes the call of the tool it names.
 *
 * The view never decides access: it starts from the tools the client may use (the catalog less
 * what policy denies and switches turn off), so search mode can only ever narrow what is shown.
 */
import {
  ClientCatalogConfigSchema,
  type CatalogsConfig,
  type ClientCatalogConfig,
} from '../../../contracts/catalog-budget.js';
import { toolKey } from '../../../contracts/tool-access.js';
import type { Catalog } from '../catalog.js';
import type { RequestParams, RequestResult, ToolDefinition } from '../../upstream/model.js';
import { trimTool, withoutUnusedDefinitions } from '../budget/trim-definition.js';
import {
  CALL_TOOL_NAME,
  callToolDefinition,
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_LIMIT,
  SEARCH_TOOL_NAME,
  searchToolDefinition,
} from './meta-tools.js';
import { ToolSearchIndex } from './tool-search-index.js';

/** What the views read from the gateway. */
export interface CatalogViewHost {
  catalog(): Catalog;
  /** The tools this client may use, untrimmed, in catalog order. */
  visibleTools(clientName: string): readonly ToolDefinition[];
  /** `catalogs` from config.json. */
  catalogSettings(): CatalogsConfig;
}

/** How the gateway handles a tools/call once the client's mode is taken into account. */
export type RoutedCall =
  /** Answered by Gatehouse itself (a search). */
  | { readonly kind: 'answered'; readonly result: RequestResult }
  /** A tool call to run through the usual path, with the real tool's name. */
  | { readonly kind: 'call'; readonly params: RequestParams };

const DEFAULT_SETTINGS = ClientCatalogConfigSchema.parse({});

/** Per-client catalog views; one per gateway. */
export class ClientCatalogs {
  #indexed: { catalog: Catalog; index: ToolSearchIndex } | undefined;

  constructor(private readonly host: CatalogViewHost) {}

  /** A client's catalog settings, defaults filled in. */
  settings(client: string): ClientCatalogConfig {
    return this.host.catalogSettings()[client] ?? DEFAULT_SETTINGS;
  }

  /** What the client's tools/list holds in its mode. */
  listedTools(client: string): ToolDefinition[] {
    const settings = this.settings(client);
    const visible = this.host.visibleTools(client);
    return listedFor(settings, visible, this.host.catalog());
  }

  /** The best matching tools this client may use, with their full definitions. */
  search(client: string, query: string, limit = DEFAULT_SEARCH_LIMIT): ToolDefinition[] {
    const visible = new Map(this.host.visibleTools(client).map((tool) => [tool.name, tool]));
    return this.#index()
      .search(query, (name) => visible.has(name), limit)
      .map((hit) => visible.get(hit.name))
      .filter((tool) => tool !== undefined);
  }

  /**
   * Resolves a tools/call: a search is answered here; a call through the call tool becomes the
   * named tool's call (so policy, switches, approvals, pins and audit see the real tool); any other
   * call passes unchanged. Only clients whose list holds the Gatehouse tools get this treatment.
   */
  route(client: string, params: RequestParams): RoutedCall {
    const name = params.name;
    if (name !== SEARCH_TOOL_NAME && name !== CALL_TOOL_NAME) return { kind: 'call', params };
    const settings = this.settings(client);
    // Listed, Gatehouse's own tools win over an upstream tool of the same exposed name.
    if (!listsMetaTools(settings)) return { kind: 'call', params };
    const args = (params.arguments ?? {}) as Record<string, unknown>;
    if (name === SEARCH_TOOL_NAME) return { kind: 'answered', result: this.#answerSearch(client, args) };
    const target = args.name;
    if (typeof target !== 'string' || target.length === 0)
      return {
        kind: 'answered',
        result: toolError(`${CALL_TOOL_NAME} needs "name": a tool name from ${SEARCH_TOOL_NAME}.`),
      };
    if (target === SEARCH_TOOL_NAME || target === CALL_TOOL_NAME)
      return {
        kind: 'answered',
        result: toolError(`Call ${target} directly, not through ${CALL_TOOL_NAME}.`),
      };
    const inner = args.arguments;
    if (inner !== undefined && (typeof inner !== 'object' || inner === null || Array.isArray(inner)))
      return {
        kind: 'answered',
        result: toolError(`"arguments" must be an object of the tool's arguments.`),
      };
    // _meta (progress token, trace context) stays with the call: it is the client's request.
    const { arguments: _outer, ...rest } = params;
    return { kind: 'call', params: { ...rest, name: target, arguments: inner ?? {} } };
  }

  #answerSearch(client: string, args: Record<string, unknown>): RequestResult {
    const query = args.query;
    if (typeof query !== 'string' || query.trim().length === 0)
      return toolError(`${SEARCH_TOOL_NAME} needs "query": what you want to do, in plain words.`);
    const limit =
      typeof args.limit === 'number' && Number.isInteger(args.limit)
        ? Math.min(Math.max(args.limit, 1), MAX_SEARCH_LIMIT)
        : DEFAULT_SEARCH_LIMIT;
    return searchAnswer(this.search(client, query, limit));
  }

  /** The index of the current catalog, rebuilt when the catalog is. */
  #index(): ToolSearchIndex {
    const catalog = this.host.catalog();
    if (this.#indexed?.catalog !== catalog)
      this.#indexed = { catalog, index: new ToolSearchIndex(catalog.tools) };
    return this.#indexed.index;
  }
}

/** Whether a client in these settings is listed the Gatehouse search tool. */
export function listsMetaTools(settings: ClientCatalogConfig): boolean {
  return settings.mode === 'search' || settings.trimmed;
}

/**
 * The tools/list of a client in these settings, from the tools it may use:
 * `full` lists them all (trimmed, with the search tool for their full text, when asked);
 * `search` lists the search and call tools and the pinned tools.
 */
export function listedFor(
  settings: ClientCatalogConfig,
  visible: readonly ToolDefinition[],
  catalog: Catalog,
): ToolDefinition[] {
  const servers = [...new Set(visible.map((tool) => catalog.tool(tool.name)?.server ?? ''))].filter(Boolean);
  const search = searchToolDefinition(visible.length, servers);
  if (settings.mode === 'full') return settings.trimmed ? [...visible.map(trimTool), search] : [...visible];
  const pinned = new Set(settings.pinned);
  const pinnedTools = visible.filter((tool) => {
    const route = catalog.tool(tool.name);
    return route !== undefined && pinned.has(toolKey(route.server, route.name));
  });
  return [search, callToolDefinition(), ...pinnedTools];
}

/**
 * A search answer: the tools as tools/list would carry them, so the model reads a familiar shape,
 * with full descriptions; only schema definitions no reference reaches are left out (lossless).
 */
export function searchAnswer(tools: readonly ToolDefinition[]): RequestResult {
  if (tools.length === 0)
    return { content: [{ type: 'text', text: 'No tool matches. Try other words for what you want to do.' }] };
  const answered = tools.map((tool) => ({
    ...tool,
    ...(tool.inputSchema ? { inputSchema: withoutUnusedDefinitions(tool.inputSchema) } : {}),
    ...(tool.outputSchema ? { outputSchema: withoutUnusedDefinitions(tool.outputSchema) } : {}),
  }));
  return { content: [{ type: 'text', text: JSON.stringify({ tools: answered }) }] };
}

function toolError(text: string): RequestResult {
  return { isError: true, content: [{ type: 'text', text }] };
}
