/**
 * What Gatehouse reads of the MCP Apps extension (`io.modelcontextprotocol/ui`, SEP-1865, stable
 * 2026-01-26; types in `@modelcontextprotocol/ext-apps/dist/src/spec.types.d.ts`): the view a tool
 * names, who may call the tool, and whether a client can show views at all.
 *
 * Gatehouse never renders a view; it keeps what a server says about its views intact on the way
 * to the host, changing only the URIs it must (see naming.ts), and applies its own rules to the
 * calls and reads a view makes.
 */

/** The extension's identifier in `capabilities.extensions`, on both sides. */
export const UI_EXTENSION_ID = 'io.modelcontextprotocol/ui';

/** The MIME type of an MCP Apps view (`RESOURCE_MIME_TYPE` in ext-apps). */
export const APP_VIEW_MIME_TYPE = 'text/html;profile=mcp-app';

/**
 * Flat `_meta` keys that also name a tool's view: the older MCP Apps key (`RESOURCE_URI_META_KEY`)
 * and the OpenAI Apps SDK's, which hosts built for ChatGPT read.
 */
const FLAT_VIEW_KEYS = ['ui/resourceUri', 'openai/outputTemplate'] as const;

/** What Gatehouse declares to upstreams: it passes views through to hosts that show them. */
export const UI_EXTENSION_CLIENT_SETTINGS: { mimeTypes: string[] } = { mimeTypes: [APP_VIEW_MIME_TYPE] };

type Meta = Readonly<Record<string, unknown>>;

function metaOf(item: object): Meta | undefined {
  const meta = (item as { readonly _meta?: unknown })._meta;
  return meta && typeof meta === 'object' && !Array.isArray(meta) ? (meta as Meta) : undefined;
}

function uiOf(meta: Meta | undefined): Meta | undefined {
  const ui = meta?.ui;
  return ui && typeof ui === 'object' && !Array.isArray(ui) ? (ui as Meta) : undefined;
}

/** The view URIs a tool names: `_meta.ui.resourceUri` and the flat keys (FLAT_VIEW_KEYS). */
export function toolViewUris(tool: object): string[] {
  const meta = metaOf(tool);
  const uris = [uiOf(meta)?.resourceUri, ...FLAT_VIEW_KEYS.map((key) => meta?.[key])];
  return [...new Set(uris.filter((uri): uri is string => typeof uri === 'string' && uri.length > 0))];
}

/**
 * The tool with its view URIs rewritten; everything else in `_meta` (visibility, and any key
 * Gatehouse does not know) is kept as the server sent it. The same object when nothing changes.
 */
export function withToolViewUris<T extends object>(tool: T, expose: (uri: string) => string): T {
  const meta = metaOf(tool);
  if (!meta) return tool;
  const ui = uiOf(meta);
  let changed = false;
  const rewritten: Record<string, unknown> = { ...meta };
  if (ui && typeof ui.resourceUri === 'string') {
    const uri = expose(ui.resourceUri);
    if (uri !== ui.resourceUri) {
      rewritten.ui = { ...ui, resourceUri: uri };
      changed = true;
    }
  }
  for (const key of FLAT_VIEW_KEYS) {
    const flat = meta[key];
    if (typeof flat !== 'string') continue;
    const uri = expose(flat);
    if (uri !== flat) {
      rewritten[key] = uri;
      changed = true;
    }
  }
  return changed ? { ...tool, _meta: rewritten } : tool;
}

/**
 * Whether a tool is for its views only (`_meta.ui.visibility` without `"model"`): a host that
 * shows views hides it from the model itself; a client that cannot show views never sees it.
 * The default, and anything unreadable, is `["model", "app"]`.
 */
export function isAppOnlyTool(tool: object): boolean {
  const visibility = uiOf(metaOf(tool))?.visibility;
  return Array.isArray(visibility) && visibility.length > 0 && !visibility.includes('model');
}

/** Whether a tool names a view. */
export function hasView(tool: object): boolean {
  return toolViewUris(tool).length > 0;
}

/** Whether capabilities (a client's or a server's) declare the MCP Apps extension. */
export function declaresUiExtension(capabilities: unknown): boolean {
  const extensions = (capabilities as { extensions?: unknown } | undefined)?.extensions;
  if (!extensions || typeof extensions !== 'object') return false;
  const settings = (extensions as Record<string, unknown>)[UI_EXTENSION_ID];
  return settings !== undefined && settings !== null && settings !== false;
}
