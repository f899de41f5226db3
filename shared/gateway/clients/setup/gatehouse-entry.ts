/**
 * The `gatehouse` entry each client gets, in that client's own spelling, and how to tell where an
 * entry found in a client's file leads.
 */
import type { GatehouseEntryStatus, SetupClientKind } from '../../../contracts/client-setup.js';
import type { ConnectTarget } from '../connect-instructions.js';

/** The name of Gatehouse's entry in every client's server map. */
export const GATEHOUSE_ENTRY_NAME = 'gatehouse';

/** How a stdio-only client starts `gatehouse connect`. */
export interface BridgeCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/** A JSON-like object, as found in (or written to) a client's server map. */
export type EntryObject = Record<string, unknown>;

/**
 * The entry that points `kind` at the gateway: URL plus bearer header for HTTP clients, the
 * `gatehouse connect` bridge (token in its environment, URL on its command line) for Claude Desktop.
 */
export function gatehouseEntry(
  kind: SetupClientKind,
  target: ConnectTarget,
  bridge: BridgeCommand,
): EntryObject {
  const headers = { Authorization: `Bearer ${target.token}` };
  switch (kind) {
    case 'claude-code':
    case 'claude-code-project':
    case 'vscode':
    case 'vscode-insiders':
    case 'vscodium':
      return { type: 'http', url: target.url, headers };
    case 'cursor':
    case 'lm-studio':
    case 'zed':
      // Zed's untagged `ContextServerSettingsContent::Http { url, headers }` (crates/settings_content
      // project.rs) is chosen by the `url` key; LM Studio documents Cursor's notation.
      return { url: target.url, headers };
    case 'gemini-cli':
      // Gemini CLI: `url` means SSE, `httpUrl` Streamable HTTP (MCPServerConfig in its bundle).
      return { httpUrl: target.url, headers };
    case 'opencode':
      // McpRemoteConfig (opencode-ai 1.18.33): `oauth: false` stops it probing Gatehouse for OAuth,
      // which it would otherwise try first; the bearer header is the credential.
      return { type: 'remote', url: target.url, headers, oauth: false, enabled: true };
    case 'goose':
      // Goose's ExtensionEntry: `enabled` beside the `type`-tagged ExtensionConfig::StreamableHttp
      // { name, uri, headers, timeout } (crates/goose/src/agents/extension.rs).
      return {
        enabled: true,
        type: 'streamable_http',
        name: GATEHOUSE_ENTRY_NAME,
        description: 'Gatehouse: every MCP server through one gateway',
        uri: target.url,
        headers,
        timeout: 300,
      };
    case 'cline':
      // Cline's ServerConfigSchema (src/services/mcp/schemas.ts): a bare `url` means SSE, so the
      // type is spelled out.
      return { type: 'streamableHttp', url: target.url, headers, disabled: false };
    case 'roo-code':
      return { type: 'streamable-http', url: target.url, headers };
    case 'windsurf':
      return { serverUrl: target.url, headers };
    case 'codex':
      // Codex ignores `headers` on a server table; `http_headers` is its spelling for literal ones.
      return { url: target.url, http_headers: headers };
    case 'claude-desktop':
      return {
        command: bridge.command,
        args: [...bridge.args, '--url', target.url],
        env: { GATEHOUSE_TOKEN: target.token },
      };
  }
}

/**
 * Where Gatehouse's own entry leads. A bridge entry without `--url` (as the manual instructions
 * write it) connects to the gateway configured in Gatehouse's own data folder, so it counts as here.
 */
export function gatehouseEntryStatus(entry: unknown, gatewayUrl: string): GatehouseEntryStatus {
  const url = entryUrl(entry);
  if (url !== undefined) return { url, pointsAtThisGateway: sameUrl(url, gatewayUrl) };
  const bridgeWithoutUrl = isRecord(entry) && typeof entry.command === 'string';
  return { url: null, pointsAtThisGateway: bridgeWithoutUrl };
}

/**
 * Whether another server entry reaches the MCP servers only through this gateway (someone added
 * Gatehouse twice under different names). Only an explicit URL counts here.
 */
export function reachesGateway(entry: unknown, gatewayUrl: string): boolean {
  const url = entryUrl(entry);
  return url !== undefined && sameUrl(url, gatewayUrl);
}

/**
 * The URL an entry connects to: `url`, Windsurf's `serverUrl`, Gemini CLI's `httpUrl`, Goose's
 * `uri`, or a bridge's `--url` argument.
 */
export function entryUrl(entry: unknown): string | undefined {
  if (!isRecord(entry)) return undefined;
  for (const key of ['url', 'serverUrl', 'httpUrl', 'uri']) {
    const value = entry[key];
    if (typeof value === 'string') return value;
  }
  if (Array.isArray(entry.args)) {
    const at = entry.args.indexOf('--url');
    const value: unknown = at >= 0 ? entry.args[at + 1] : undefined;
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/**
 * Whether an entry starts a local program (stdio) or reaches a URL: a `command` string, opencode's
 * `command` array, Goose's `cmd`; Goose's built-in extensions run inside Goose and count as local.
 */
export function entryTransport(entry: unknown): 'stdio' | 'http' {
  if (!isRecord(entry)) return 'http';
  const local =
    typeof entry.command === 'string' ||
    Array.isArray(entry.command) ||
    typeof entry.cmd === 'string' ||
    ['stdio', 'local', 'builtin', 'platform'].includes(entry.type as string);
  return local ? 'stdio' : 'http';
}

/** `disabled: true` (Cursor, Windsurf, Claude Code) or `enabled = false` (Codex, Gatehouse). */
export function entryDisabled(entry: unknown): boolean {
  return isRecord(entry) && (entry.disabled === true || entry.enabled === false);
}

/** URLs compared as URLs, so `HTTP://127.0.0.1:4283/mcp` and `http://127.0.0.1:4283/mcp` match. */
export function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is EntryObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
