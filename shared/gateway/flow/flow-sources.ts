/**
 * What the data-flow guard reads from the gateway's configuration: the secrets it must never see
 * leave, by name, and each server's data class.
 */
import { isStdioServer, type GatewayConfig } from '../../contracts/config.js';
import type { DataClass } from '../../contracts/flow.js';
import type { ToolRisk } from '../../contracts/tool-access.js';
import { isCredentialKey } from '../audit/redact.js';
import type { NamedSecret } from './secret-matcher.js';

/**
 * Resolved secrets (keychain and environment references) and the credential-looking values
 * written into the config itself (`<server> <KEY>`), the same ones the audit redacts.
 */
export function* flowSecrets(
  config: GatewayConfig,
  resolved: ReadonlyMap<string, string>,
): Generator<NamedSecret> {
  for (const [name, value] of resolved) yield { name, value };
  for (const [server, entry] of Object.entries(config.mcpServers)) {
    const values: Record<string, string> = isStdioServer(entry) ? (entry.env ?? {}) : (entry.headers ?? {});
    for (const [key, value] of Object.entries(values))
      if (value && isCredentialKey(key) && !value.includes('${')) yield { name: `${server} ${key}`, value };
  }
}

/**
 * A server's data class when the config does not set one: a server with a tool that reaches the
 * open world (a web fetcher, an issue tracker, a chat) returns text that strangers can write, so
 * it is `untrusted`; any other server (files, a database, memory) holds the person's own data and
 * is `private`. `public` is only ever chosen by the person.
 */
export function defaultDataClass(risks: Iterable<ToolRisk | undefined>): DataClass {
  for (const risk of risks) if (risk === 'open-world') return 'untrusted';
  return 'private';
}

/** What `serverDataClass` needs of the catalog: its tools and which server each belongs to. */
export interface ToolCatalog {
  readonly tools: readonly { readonly name: string }[];
  tool(name: string): { readonly server: string; readonly name: string } | undefined;
}

/** A server's data class: the config's, or the default from its tools' risk levels. */
export function serverDataClass(
  config: GatewayConfig,
  catalog: ToolCatalog,
  riskOf: (server: string, tool: string) => ToolRisk | undefined,
  server: string,
): DataClass {
  const chosen = config.mcpServers[server]?.dataClass;
  if (chosen) return chosen;
  const risks: (ToolRisk | undefined)[] = [];
  for (const tool of catalog.tools) {
    const route = catalog.tool(tool.name);
    if (route?.server === server) risks.push(riskOf(server, route.name));
  }
  return defaultDataClass(risks);
}
