/**
 * The aggregate of every ready upstream's tools, prompts and resources, as clients see it, and
 * the routes from each exposed name back to its upstream.
 */
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import type { Namespacing } from '../../contracts/config.js';
import type {
  PromptDefinition,
  ResourceDefinition,
  ResourceTemplateDefinition,
  ToolDefinition,
  UpstreamLists,
} from '../upstream/model.js';
import { toolViewUris, withToolViewUris } from './app-meta.js';
import { exposedName, exposedUri, nameHash, parsePrefixedUri, RESOURCE_URI_PREFIX } from './naming.js';

/** Where an exposed tool or prompt really lives, and how its upstream listed it. */
export interface NameRoute {
  readonly server: string;
  readonly name: string;
  readonly definition: { readonly [field: string]: unknown };
}

/** Where an exposed resource URI really lives. */
export interface UriRoute {
  readonly server: string;
  readonly uri: string;
}

/** One upstream's contribution, in config order. */
export interface CatalogSource {
  readonly server: string;
  readonly lists: UpstreamLists;
  readonly servesResources: boolean;
}

/** An immutable snapshot of the aggregate; rebuilt whenever an upstream's lists change. */
export class Catalog {
  readonly tools: readonly ToolDefinition[];
  readonly prompts: readonly PromptDefinition[];
  readonly resources: readonly ResourceDefinition[];
  readonly resourceTemplates: readonly ResourceTemplateDefinition[];
  readonly #toolRoutes: Map<string, NameRoute>;
  #exposedToolNames: Map<string, string> | undefined;
  readonly #promptRoutes: Map<string, NameRoute>;
  readonly #resourceRoutes = new Map<string, UriRoute>();
  /** `server\0uri` → the URI clients see, for every URI the lists name (resources and views). */
  readonly #exposedUris = new Map<string, string>();
  readonly #toolsByUpstreamName = new Map<string, NameRoute[]>();
  readonly #templateRoutes = new Map<string, UriRoute>();
  readonly #templates: Array<{ server: string; template: UriTemplate }> = [];
  readonly #prefixedServers: Set<string>;
  readonly #resourceServers: string[];
  readonly #uriPrefixing: (server: string, uri: string) => boolean;

  constructor(sources: readonly CatalogSource[], namespacing: Namespacing) {
    const always = namespacing === 'always';
    this.#prefixedServers = new Set(sources.map((source) => source.server));
    this.#resourceServers = sources.filter((source) => source.servesResources).map((source) => source.server);

    // A URI is counted once per server that names it, in its resources or as a tool's view.
    const uriCounts = countBy(
      sources.flatMap((source) => [
        ...new Set([
          ...source.lists.resources.filter(isResource).map((r) => r.uri),
          ...source.lists.tools.flatMap(toolViewUris),
        ]),
      ]),
    );
    const templateCounts = countBy(
      sources.flatMap((source) =>
        source.lists.resourceTemplates.filter(isTemplate).map((t) => t.uriTemplate),
      ),
    );
    this.#uriPrefixing = (_server, uri) =>
      always || (uriCounts.get(uri) ?? 0) > 1 || (templateCounts.get(uri) ?? 0) > 1;

    const resources: ResourceDefinition[] = [];
    const templates: ResourceTemplateDefinition[] = [];
    for (const { server, lists } of sources) {
      for (const resource of lists.resources.filter(isResource)) {
        const uri = this.#claimUri(server, resource.uri);
        if (uri === undefined) continue;
        resources.push(uri === resource.uri ? resource : { ...resource, uri });
      }
      // A view a tool names is readable at its exposed URI even when the server does not list it.
      for (const viewUri of lists.tools.flatMap(toolViewUris)) this.#claimUri(server, viewUri);
      for (const template of lists.resourceTemplates.filter(isTemplate)) {
        const uriTemplate = exposedUri(
          server,
          template.uriTemplate,
          this.#uriPrefixing(server, template.uriTemplate),
        );
        if (this.#templateRoutes.has(uriTemplate)) continue;
        this.#templateRoutes.set(uriTemplate, { server, uri: template.uriTemplate });
        templates.push({ ...template, uriTemplate });
        try {
          this.#templates.push({ server, template: new UriTemplate(template.uriTemplate) });
        } catch {
          // A template the SDK cannot parse can still be listed; it just cannot route bare URIs.
        }
      }
    }

    const tools = exposeNamed(sources, (lists) => lists.tools, always);
    this.tools = tools.items.map((tool) => {
      const route = tools.routes.get(tool.name);
      return route ? withToolViewUris(tool, (uri) => this.exposedResourceUri(route.server, uri)) : tool;
    });
    this.#toolRoutes = tools.routes;
    for (const route of tools.routes.values()) {
      const same = this.#toolsByUpstreamName.get(route.name);
      if (same) same.push(route);
      else this.#toolsByUpstreamName.set(route.name, [route]);
    }
    const prompts = exposeNamed(sources, (lists) => lists.prompts, always);
    this.prompts = prompts.items;
    this.#promptRoutes = prompts.routes;
    this.resources = resources;
    this.resourceTemplates = templates;
  }

  /** The name clients see for a server's tool, if the catalog lists it. */
  exposedToolName(server: string, tool: string): string | undefined {
    if (!this.#exposedToolNames) {
      // Built on first use: only the UI asks, and only the UI should pay for it.
      this.#exposedToolNames = new Map();
      for (const [exposed, route] of this.#toolRoutes)
        this.#exposedToolNames.set(`${route.server}\u0000${route.name}`, exposed);
    }
    return this.#exposedToolNames.get(`${server}\u0000${tool}`);
  }

  /** The upstream tool behind an exposed tool name. */
  tool(name: string): NameRoute | undefined {
    return this.#toolRoutes.get(name);
  }

  /**
   * The tools whose server calls them `name`, in config order: how a call made from inside a view
   * (which knows only the names its server gave) is routed when that name is not an exposed one.
   */
  toolsByUpstreamName(name: string): readonly NameRoute[] {
    return this.#toolsByUpstreamName.get(name) ?? [];
  }

  /** Every exposed tool route, for the checks that look across a server's tools. */
  toolRoutes(): IterableIterator<NameRoute> {
    return this.#toolRoutes.values();
  }

  /** The upstream prompt behind an exposed prompt name. */
  prompt(name: string): NameRoute | undefined {
    return this.#promptRoutes.get(name);
  }

  /** The upstream template behind an exposed URI template (for completion requests). */
  template(uriTemplate: string): UriRoute | undefined {
    return this.#templateRoutes.get(uriTemplate);
  }

  /**
   * The upstream resource behind a URI a client asks for: a prefixed URI names its server; a bare
   * one is matched against listed resources and templates, and, failing that, sent to the only
   * server that serves resources, if there is just one.
   */
  resource(uri: string, learned?: (uri: string) => UriRoute | undefined): UriRoute | undefined {
    const listed = this.#resourceRoutes.get(uri);
    if (listed) return listed;
    const prefixed = parsePrefixedUri(uri);
    if (prefixed && this.#prefixedServers.has(prefixed.server)) return prefixed;
    const fromResult = learned?.(uri);
    if (fromResult) return fromResult;
    const byTemplate = this.#templates.find(({ template }) => template.match(uri) !== null);
    if (byTemplate) return { server: byTemplate.server, uri };
    const [onlyServer, ...others] = this.#resourceServers;
    return onlyServer && others.length === 0 ? { server: onlyServer, uri } : undefined;
  }

  /** The URI a client knows for an upstream's resource (for results and update notifications). */
  exposedResourceUri(server: string, uri: string): string {
    return (
      this.#exposedUris.get(`${server}\u0000${uri}`) ??
      exposedUri(server, uri, this.#uriPrefixing(server, uri))
    );
  }

  /**
   * Whether `uri`, exposed bare, would route to a server other than `server`: then a URI that
   * server names in an answer must reach the client prefixed.
   */
  bareUriBelongsElsewhere(server: string, uri: string): boolean {
    const route = this.resource(uri);
    return route !== undefined && route.server !== server;
  }

  /**
   * Gives a server's URI the exposed form clients will see and routes it back. When that form is
   * taken by another server's URI (a bare `ui://a/x` beside server "a"'s prefixed `ui://x`), the
   * first in config order keeps it and this one is exposed as `gatehouse://<server>/<uri>`, which
   * cannot clash. Returns undefined for a URI this server already claimed.
   */
  #claimUri(server: string, uri: string): string | undefined {
    const key = `${server}\u0000${uri}`;
    if (this.#exposedUris.has(key)) return undefined;
    let exposed = exposedUri(server, uri, this.#uriPrefixing(server, uri));
    if (this.#resourceRoutes.has(exposed))
      exposed = `${RESOURCE_URI_PREFIX}${encodeURIComponent(server)}/${uri}`;
    this.#exposedUris.set(key, exposed);
    this.#resourceRoutes.set(exposed, { server, uri });
    return exposed;
  }
}

/** Exposes named items (tools or prompts) under unique, valid names. */
function exposeNamed<T extends { readonly name: string }>(
  sources: readonly CatalogSource[],
  pick: (lists: UpstreamLists) => readonly T[],
  always: boolean,
): { items: T[]; routes: Map<string, NameRoute> } {
  const valid = sources.map((source) => ({
    server: source.server,
    items: pick(source.lists).filter(isNamed),
  }));
  const counts = countBy(valid.flatMap(({ items }) => uniqueNames(items)));
  const items: T[] = [];
  const routes = new Map<string, NameRoute>();
  for (const { server, items: upstreamItems } of valid) {
    for (const item of upstreamItems) {
      let name = exposedName(server, item.name, always || (counts.get(item.name) ?? 0) > 1);
      // Two different upstream names can clean up to the same exposed one ("a.b" and "a_b"):
      // the later one gets its hash, which is still stable across restarts.
      if (routes.has(name)) name = `${name.slice(0, 55)}_${nameHash(server, item.name)}`;
      if (routes.has(name)) continue;
      routes.set(name, { server, name: item.name, definition: item });
      items.push(name === item.name ? item : { ...item, name });
    }
  }
  return { items, routes };
}

function uniqueNames(items: readonly { readonly name: string }[]): string[] {
  return [...new Set(items.map((item) => item.name))];
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function isNamed<T extends { readonly name: string }>(item: T): boolean {
  return typeof item.name === 'string' && item.name.length > 0;
}

function isResource(item: ResourceDefinition): boolean {
  return typeof item.uri === 'string' && item.uri.length > 0;
}

function isTemplate(item: ResourceTemplateDefinition): boolean {
  return typeof item.uriTemplate === 'string' && item.uriTemplate.length > 0;
}
