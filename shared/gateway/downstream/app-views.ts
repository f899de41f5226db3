/**
 * The gateway's rules for MCP Apps views (`io.modelcontextprotocol/ui`), which a host renders from
 * a server's `ui://` resource and which call that server's tools back through the host.
 *
 * A view knows only the names its own server gave: it calls `get-time`, not the exposed
 * `basic__get-time`. Such a call is routed to the one server whose tool has that name; when several
 * have it, the host can say which view is calling (VIEW_META_KEY), and otherwise the call is
 * refused with the names to use instead, never guessed. Views are not a way around the person's
 * choices: a view's calls pass the same switches, policy, approvals and audit as any call, and a
 * client may read a server's views only while it may use one of that server's tools.
 */
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { isAppOnlyTool, toolViewUris } from '../catalog/app-meta.js';
import type { Catalog, NameRoute, UriRoute } from '../catalog/catalog.js';
import { UI_URI_SCHEME } from '../catalog/naming.js';
import type { ToolDefinition } from '../upstream/model.js';
import type { Caller } from './caller.js';
import { ProtocolError } from './protocol-error.js';

/**
 * The `_meta` key a host may put on a `tools/call` its view made: `{ "resourceUri": <the view's URI
 * as Gatehouse exposed it> }`. It names the view's server, so a tool name several servers share is
 * routed right, and the audit records the call as made from a view. Removed before the call goes
 * upstream.
 */
export const VIEW_META_KEY = 'gatehouse/view';

/** The tool a `tools/call` reaches, and how it was found. */
export interface ResolvedTool {
  readonly route: NameRoute;
  /** The call came from a view: the host said so, or the tool is one only views may call. */
  readonly fromView: boolean;
}

/** The view URI a host named in a call's `_meta`, if any. */
export function viewOfCall(meta: unknown): string | undefined {
  const view = (meta as Record<string, unknown> | undefined)?.[VIEW_META_KEY];
  const uri = (view as { resourceUri?: unknown } | undefined)?.resourceUri;
  return typeof uri === 'string' && uri.length > 0 ? uri : undefined;
}

/** A call's `_meta` without the view hint, or undefined when nothing else is left. */
export function withoutViewHint(meta: unknown): Record<string, unknown> | undefined {
  if (!meta || typeof meta !== 'object' || !(VIEW_META_KEY in meta)) return meta as never;
  const { [VIEW_META_KEY]: _hint, ...rest } = meta as Record<string, unknown>;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/**
 * Finds the upstream tool a call names: an exposed name first, else (a call from a view) the
 * server's own name. Returns undefined for a name nobody has; throws when a view's name is shared
 * by several servers and the host did not say which view calls.
 */
export function resolveToolCall(
  catalog: Catalog,
  caller: Caller,
  name: string,
  meta: unknown,
): ResolvedTool | undefined {
  const viewUri = viewOfCall(meta);
  const viewServer = viewUri === undefined ? undefined : catalog.resource(viewUri)?.server;
  const exposed = catalog.tool(name);
  const candidates = catalog.toolsByUpstreamName(name);
  const route =
    viewServer === undefined
      ? (exposed ?? soleCandidate(candidates, name))
      : exposed?.server === viewServer
        ? exposed
        : candidates.find((candidate) => candidate.server === viewServer);
  if (!route) return undefined;
  const appOnly = isAppOnlyTool(route.definition);
  // App-only tools exist for views; a client that cannot show views has none to call them from.
  if (appOnly && !caller.showsAppViews()) return undefined;
  return { route, fromView: viewServer !== undefined || appOnly };
}

/**
 * The tool a name reaches when no view is named: the exposed name, else the one tool its server
 * calls that (ambiguous names reach none). For checks made before the call is resolved.
 */
export function toolRoute(catalog: Catalog, name: string): NameRoute | undefined {
  const exposed = catalog.tool(name);
  if (exposed) return exposed;
  const candidates = catalog.toolsByUpstreamName(name);
  return candidates.length === 1 ? candidates[0] : undefined;
}

function soleCandidate(candidates: readonly NameRoute[], name: string): NameRoute | undefined {
  if (candidates.length <= 1) return candidates[0];
  const servers = candidates.map((candidate) => `"${candidate.server}"`).join(', ');
  throw new ProtocolError(
    ErrorCode.InvalidParams,
    `Several servers behind Gatehouse have a tool named "${name}" (${servers}). Call it by the name ` +
      `Gatehouse lists for it, or, from a view, name the view in _meta["${VIEW_META_KEY}"].resourceUri.`,
  );
}

/** The tools a client lists: app-only tools only for clients that show views (and hide them). */
export function toolsForCaller(tools: readonly ToolDefinition[], caller: Caller): ToolDefinition[] {
  return caller.showsAppViews() ? [...tools] : tools.filter((tool) => !isAppOnlyTool(tool));
}

/**
 * Why a client may not read a resource, for views only: a view belongs to its server's tools, so
 * reading it needs one of the tools that name it (or, for a view no tool names, any tool of that
 * server) among those the client may use. Undefined when the read may go ahead.
 */
export function viewReadRefusal(
  catalog: Catalog,
  route: UriRoute,
  usableTools: () => readonly ToolDefinition[],
): string | undefined {
  const ofServer = [...catalog.toolRoutes()].filter((tool) => tool.server === route.server);
  const naming = ofServer.filter((tool) => toolViewUris(tool.definition).includes(route.uri));
  if (!route.uri.startsWith(UI_URI_SCHEME) && naming.length === 0) return undefined;
  const owners = new Set((naming.length > 0 ? naming : ofServer).map((tool) => tool.name));
  const usable = usableTools().some((tool) => {
    const toolRoute = catalog.tool(tool.name);
    return toolRoute?.server === route.server && owners.has(toolRoute.name);
  });
  return usable
    ? undefined
    : `Gatehouse refused to read this view: this client may not use the tools of "${route.server}" it belongs to.`;
}
