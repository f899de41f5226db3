/**
 * The control API's changes to config.json: servers, tool access and settings. Each change is
 * validated and written by the ConfigStore (atomically, unknown keys kept), then handed to the
 * running gateway.
 */
import type { OAuthClientConfig } from '../../contracts/oauth-client.js';
import { HIDDEN_VALUE } from '../../contracts/control-api.js';
import {
  isStdioServer,
  SERVER_NAME_PATTERN,
  type GatewayConfig,
  type ServerConfig,
  type Settings,
} from '../../contracts/config.js';
import type { AccessChange, AccessMatrix, AccessTool } from '../../contracts/tool-access.js';
import { toolKey } from '../../contracts/tool-access.js';
import { isCredentialKey } from '../audit/redact.js';
import { classifyTool } from '../integrity/tool-classifier.js';
import { pinnableDefinition } from '../integrity/tool-fingerprint.js';
import { GatehouseError } from '../errors.js';
import type { Gateway } from '../gateway.js';
import type { ToolDefinition } from '../upstream/model.js';
import { SECRET_REFERENCE_PATTERN } from '../../contracts/secrets.js';

/** A server entry fit to show: credentials kept in plain text are replaced by HIDDEN_VALUE. */
export function shownServer(server: ServerConfig): ServerConfig {
  const hide = (map: Record<string, string> | undefined) =>
    map &&
    Object.fromEntries(
      Object.entries(map).map(([key, value]) => [
        key,
        isCredentialKey(key) && !isReference(value) ? HIDDEN_VALUE : value,
      ]),
    );
  if (isStdioServer(server)) return { ...server, env: hide(server.env) };
  const secret = server.oauth?.clientSecret;
  return {
    ...server,
    headers: hide(server.headers),
    ...(server.oauth && secret && !isReference(secret)
      ? { oauth: { ...server.oauth, clientSecret: HIDDEN_VALUE } }
      : {}),
  };
}

function isReference(value: string): boolean {
  return new RegExp(SECRET_REFERENCE_PATTERN.source).test(value);
}

/** The submitted entry with every HIDDEN_VALUE put back to what config.json holds. */
function withHiddenValuesRestored(submitted: ServerConfig, stored: ServerConfig | undefined): ServerConfig {
  const restore = (map: Record<string, string> | undefined, previous: Record<string, string> | undefined) =>
    map &&
    Object.fromEntries(
      Object.entries(map).flatMap(([key, value]) => {
        if (value !== HIDDEN_VALUE) return [[key, value]];
        const kept = previous?.[key];
        return kept === undefined ? [] : [[key, kept]];
      }),
    );
  if (isStdioServer(submitted)) {
    const previous = stored && isStdioServer(stored) ? stored.env : undefined;
    return { ...submitted, env: restore(submitted.env, previous) };
  }
  const previous = stored && !isStdioServer(stored) ? stored : undefined;
  return {
    ...submitted,
    headers: restore(submitted.headers, previous?.headers),
    ...(submitted.oauth ? { oauth: restoreClientSecret(submitted.oauth, previous?.oauth) } : {}),
  };
}

/** The `oauth` field with a HIDDEN_VALUE client secret put back to the stored one (or dropped). */
function restoreClientSecret(
  submitted: OAuthClientConfig,
  stored: OAuthClientConfig | undefined,
): OAuthClientConfig {
  if (submitted.clientSecret !== HIDDEN_VALUE) return submitted;
  const { clientSecret: _hidden, ...rest } = submitted;
  return stored?.clientSecret ? { ...rest, clientSecret: stored.clientSecret } : rest;
}

/** Adds or replaces a server entry and (re)connects it. */
export async function saveServer(
  gateway: Gateway,
  name: string,
  submitted: ServerConfig,
  replace: boolean,
): Promise<void> {
  if (!SERVER_NAME_PATTERN.test(name))
    throw new GatehouseError(
      'name_invalid',
      'Server names use letters, digits, ".", "_" and "-" (at most 64).',
    );
  const stored = gateway.config.mcpServers[name];
  if (stored && !replace)
    throw new GatehouseError('name_invalid', `A server called "${name}" already exists.`);
  const server = withHiddenValuesRestored(submitted, stored);
  const next = gateway.configStore.setServer(name, server);
  await gateway.configChanged(next, 'servers');
}

export async function removeServer(gateway: Gateway, name: string): Promise<void> {
  const next = gateway.configStore.removeServer(name);
  await gateway.configChanged(next, 'servers');
}

export async function setServerEnabled(gateway: Gateway, name: string, enabled: boolean): Promise<void> {
  const stored = gateway.config.mcpServers[name];
  if (!stored) throw new GatehouseError('server_unknown', `There is no server called "${name}".`);
  const next = gateway.configStore.setServer(name, { ...stored, enabled });
  await gateway.configChanged(next, 'servers');
}

/** The tools of every running server, by server, as access changes refer to them. */
function toolsByServer(gateway: Gateway): Map<string, string[]> {
  const tools = new Map<string, string[]>();
  for (const name of Object.keys(gateway.config.mcpServers)) {
    const upstream = gateway.upstream(name);
    if (upstream)
      tools.set(
        name,
        upstream.lists.tools.map((tool) => tool.name),
      );
  }
  return tools;
}

/** A server's tools as the Tools page and the Servers page show them. */
export function toolsOf(gateway: Gateway, server: string): AccessTool[] {
  const upstream = gateway.upstream(server);
  if (!upstream) {
    if (gateway.config.mcpServers[server]) return [];
    throw new GatehouseError('server_unknown', `There is no server called "${server}".`);
  }
  const catalog = gateway.catalog();
  return upstream.lists.tools.map((definition) => {
    const tool = String(definition.name);
    const annotations = definition.annotations as Record<string, unknown> | undefined;
    return {
      key: toolKey(server, tool),
      server,
      tool,
      exposedName: catalog.exposedToolName(server, tool) ?? tool,
      ...(typeof definition.description === 'string' ? { description: definition.description } : {}),
      ...(annotations ? { annotations } : {}),
      ...describeIntegrity(gateway, server, tool, definition),
    };
  });
}

/** A tool's risk, poisoning signs and hold, as the integrity check sees it. */
function describeIntegrity(
  gateway: Gateway,
  server: string,
  tool: string,
  definition: ToolDefinition,
): Pick<AccessTool, 'risk' | 'signs' | 'held'> {
  const classification =
    gateway.integrity.classification(server, tool) ?? classifyTool(pinnableDefinition(definition));
  const held = gateway.integrity.held(server, tool);
  return { risk: classification.risk, signs: classification.signs, ...(held ? { held } : {}) };
}

/** The clients × tools matrix, every cell filled in. */
export function accessMatrix(gateway: Gateway): AccessMatrix {
  const clients = gateway.clients.list().map((client) => client.name);
  const tools = [...toolsByServer(gateway).keys()].sort().flatMap((server) => toolsOf(gateway, server));
  const enabled = Object.fromEntries(
    clients.map((client) => [
      client,
      Object.fromEntries(
        tools.map((tool) => [tool.key, gateway.access.isEnabled(client, tool.server, tool.tool)]),
      ),
    ]),
  );
  return { newTools: gateway.access.config.newTools, clients, tools, enabled };
}

export async function changeAccess(
  gateway: Gateway,
  changes: readonly AccessChange[],
): Promise<AccessMatrix> {
  const clients = new Set(gateway.clients.list().map((client) => client.name));
  for (const change of changes) {
    if (!clients.has(change.client))
      throw new GatehouseError('client_unknown', `There is no client called "${change.client}".`);
    if (!gateway.config.mcpServers[change.server])
      throw new GatehouseError('server_unknown', `There is no server called "${change.server}".`);
  }
  await writeAccess(gateway, gateway.access.withChanges(changes, toolsByServer(gateway)));
  return accessMatrix(gateway);
}

export async function changeAccessDefault(
  gateway: Gateway,
  newTools: 'enabled' | 'disabled',
): Promise<AccessMatrix> {
  const clients = gateway.clients.list().map((client) => client.name);
  await writeAccess(gateway, gateway.access.withDefault(newTools, clients, toolsByServer(gateway)));
  return accessMatrix(gateway);
}

async function writeAccess(gateway: Gateway, toolAccess: GatewayConfig['toolAccess']): Promise<void> {
  const next = gateway.configStore.update((raw) => ({ ...raw, toolAccess }));
  await gateway.configChanged(next, 'access');
}

/** Settings that only take effect when the gateway starts again. */
const RESTART_SETTINGS: readonly (keyof Settings)[] = [
  'host',
  'port',
  'maxRequestBytes',
  'auditBacklogRecords',
  'auditBacklogMB',
];

/** A settings change: a value sets, `null` removes an optional limit, absent leaves alone. */
export type SettingsChange = { [K in keyof Settings]?: Settings[K] | null };

export async function updateSettings(
  gateway: Gateway,
  changes: SettingsChange,
): Promise<{ settings: Settings; restartNeeded: boolean }> {
  const before = gateway.config.settings;
  const next = gateway.configStore.update((raw) => {
    const settings: Record<string, unknown> = { ...(raw.settings as Record<string, unknown> | undefined) };
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete settings[key];
      else if (value !== undefined) settings[key] = value;
    }
    return { ...raw, settings };
  });
  await gateway.configChanged(next, 'settings');
  const restartNeeded = RESTART_SETTINGS.some((key) => next.settings[key] !== before[key]);
  return { settings: next.settings, restartNeeded };
}
