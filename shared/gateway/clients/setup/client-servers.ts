/**
 * The servers a client lists, translated into Gatehouse's `mcpServers` shape so the existing
 * import (planImport/applyImport, which moves credentials into the keychain) can take them over.
 */
import {
  SERVER_NAME_PATTERN,
  ServerConfigSchema,
  isStdioServer,
  type GatewayConfig,
  type ServerConfig,
} from '../../../contracts/config.js';
import { formatIssues } from '../../config/json-file-store.js';
import { GATEHOUSE_ENTRY_NAME, entryDisabled, isRecord, reachesGateway, sameUrl } from './gatehouse-entry.js';

/** A client entry Gatehouse cannot take over, and why. */
export interface UnsupportedServer {
  readonly name: string;
  readonly reason: string;
}

/** What a client lists besides Gatehouse, ready for `planImport({ mcpServers })`. */
export interface ImportableServers {
  readonly mcpServers: Record<string, ServerConfig>;
  readonly unsupported: readonly UnsupportedServer[];
}

/** A client server that Gatehouse already runs under another (or the same) name. */
export interface DuplicateServer {
  readonly name: string;
  readonly sameAs: string;
}

/**
 * Translates a client's entries. Leaves out Gatehouse's own entry and anything that reaches the
 * gateway already (importing those would make Gatehouse call itself).
 */
export function importableServers(
  entries: ReadonlyMap<string, unknown>,
  gatewayUrl?: string,
): ImportableServers {
  const mcpServers: Record<string, ServerConfig> = {};
  const unsupported: UnsupportedServer[] = [];
  for (const [name, entry] of entries) {
    if (name === GATEHOUSE_ENTRY_NAME) continue;
    if (gatewayUrl !== undefined && reachesGateway(entry, gatewayUrl)) continue;
    if (!SERVER_NAME_PATTERN.test(name)) {
      unsupported.push({
        name,
        reason: 'the name needs letters, digits, ".", "_" and "-" only (at most 64)',
      });
      continue;
    }
    if (isRecord(entry) && BUILT_IN_TYPES.includes(entry.type as string)) {
      unsupported.push({ name, reason: 'it is built into the app, not a server of its own' });
      continue;
    }
    const parsed = ServerConfigSchema.safeParse(translated(entry));
    if (parsed.success) mcpServers[name] = parsed.data;
    else
      unsupported.push({
        name,
        reason: isRecord(entry) ? formatIssues(parsed.error) : 'it is not an object',
      });
  }
  return { mcpServers, unsupported };
}

/**
 * Splits off the servers Gatehouse already has: the same command and arguments, or the same URL.
 * (Servers that only share a name are left to planImport, which skips or replaces them.)
 */
export function withoutDuplicates(
  servers: Record<string, ServerConfig>,
  existing: GatewayConfig,
): { mcpServers: Record<string, ServerConfig>; duplicates: DuplicateServer[] } {
  const mcpServers: Record<string, ServerConfig> = {};
  const duplicates: DuplicateServer[] = [];
  const known = Object.entries(existing.mcpServers);
  for (const [name, server] of Object.entries(servers)) {
    const match = known.find(([, other]) => sameServer(server, other));
    if (match) duplicates.push({ name, sameAs: match[0] });
    else mcpServers[name] = server;
  }
  return { mcpServers, duplicates };
}

function sameServer(a: ServerConfig, b: ServerConfig): boolean {
  if (isStdioServer(a) && isStdioServer(b))
    return a.command === b.command && JSON.stringify(a.args ?? []) === JSON.stringify(b.args ?? []);
  if (!isStdioServer(a) && !isStdioServer(b)) return sameUrl(a.url, b.url);
  return false;
}

/** Entry types that run inside the client itself (Goose's built-ins): nothing to take over. */
const BUILT_IN_TYPES = ['builtin', 'platform', 'frontend', 'inline_python'];

/**
 * One client entry in Gatehouse's words (only the fields Gatehouse uses). Besides the common
 * `command`/`args`/`env` and `url`/`headers`, it reads opencode's `command` array and
 * `environment`, Goose's `cmd`/`envs`/`uri`, and Gemini CLI's `httpUrl` (Streamable HTTP) and
 * `url` (SSE there).
 */
function translated(entry: unknown): unknown {
  if (!isRecord(entry)) return entry;
  const enabled = entryDisabled(entry) ? { enabled: false } : {};
  const local = localCommand(entry);
  if (local) return { ...local, ...enabled };
  const url = entry.url ?? entry.serverUrl ?? entry.httpUrl ?? entry.uri;
  const headers = headersOf(entry);
  return { ...remoteType(entry), url, ...(headers ? { headers } : {}), ...enabled };
}

/** The program a stdio entry starts, in any client's spelling; undefined for a URL entry. */
function localCommand(entry: Record<string, unknown>): Record<string, unknown> | undefined {
  if (typeof entry.command === 'string') return pick(entry, ['command', 'args', 'env', 'cwd'], {});
  if (Array.isArray(entry.command)) {
    const [command, ...args] = entry.command as unknown[];
    const env = entry.environment ?? entry.env;
    return { command, args, ...(env ? { env } : {}), ...pick(entry, ['cwd'], {}) };
  }
  if (typeof entry.cmd === 'string') {
    const env = isRecord(entry.envs) && Object.keys(entry.envs).length > 0 ? { env: entry.envs } : {};
    return { command: entry.cmd, args: entry.args ?? [], ...env, ...pick(entry, ['cwd'], {}) };
  }
  return undefined;
}

/** The transport a URL entry asks for, where it says (Gatehouse works it out otherwise). */
function remoteType(entry: Record<string, unknown>): { type?: string } {
  const type = entry.type as string;
  if (['http', 'sse', 'streamable-http'].includes(type)) return { type };
  if (type === 'streamableHttp' || type === 'streamable_http') return { type: 'http' };
  // Gemini CLI's `url` without `httpUrl` is SSE.
  if (typeof entry.httpUrl === 'string') return { type: 'http' };
  return {};
}

/**
 * `headers` (JSON clients), or Codex's `http_headers`, `env_http_headers` (header → variable name)
 * and `bearer_token_env_var`, the last two as `${env:NAME}` references Gatehouse fills in itself.
 */
function headersOf(entry: Record<string, unknown>): Record<string, unknown> | undefined {
  const headers: Record<string, unknown> = {
    ...(isRecord(entry.headers) ? entry.headers : {}),
    ...(isRecord(entry.http_headers) ? entry.http_headers : {}),
  };
  if (isRecord(entry.env_http_headers)) {
    for (const [header, variable] of Object.entries(entry.env_http_headers))
      headers[header] = `\${env:${String(variable)}}`;
  }
  if (typeof entry.bearer_token_env_var === 'string')
    headers.Authorization = `Bearer \${env:${entry.bearer_token_env_var}}`;
  return Object.keys(headers).length > 0 ? headers : undefined;
}

function pick(
  entry: Record<string, unknown>,
  keys: readonly string[],
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (entry[key] !== undefined) picked[key] = entry[key];
  return { ...picked, ...extra };
}
