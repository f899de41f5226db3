/**
 * Builds SDK client transports from a server's config entry.
 */
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Readable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { RemoteServerConfig, StdioServerConfig } from '../../contracts/config.js';
import type { UpstreamAuthorizer } from '../oauth/upstream-authorizer.js';
import { StreamableHTTPClientTransport as ModernHttpTransport } from '@modelcontextprotocol/client';
import { HttpClientTransport } from './http-client-transport.js';

/** Which wire an upstream is reached over. */
export type UpstreamTransportKind = 'stdio' | 'streamable-http' | 'sse';

/** A transport plus what the connector needs to know about it. */
export interface UpstreamTransport {
  readonly kind: UpstreamTransportKind;
  readonly transport: Transport;
  /** The child's stderr, for stdio servers. */
  readonly stderr?: Readable | null;
  /** The child's process id once started, for stdio servers. */
  pid?(): number | null;
}

/** A stdio transport whose stderr is piped so the UI can show its last lines. */
export function createStdioTransport(server: StdioServerConfig): UpstreamTransport {
  const transport = new StdioClientTransport({
    command: server.command,
    args: server.args ?? [],
    // The SDK adds a minimal safe environment (PATH, HOME, …) to these, as Claude Desktop does;
    // the gateway's own environment is not passed on. PATH comes from process.env, which the
    // desktop app's engine sets from the login shell first (login-shell-path.ts, engine-main.ts).
    env: server.env,
    cwd: server.cwd,
    stderr: 'pipe',
  });
  return { kind: 'stdio', transport, stderr: transport.stderr as Readable | null, pid: () => transport.pid };
}

/** The transports to try, in order, for a remote server: Streamable HTTP first, then legacy SSE. */
export function remoteTransportKinds(server: RemoteServerConfig): UpstreamTransportKind[] {
  if (server.type === 'sse') return ['sse'];
  if (server.type === 'streamable-http' || server.type === 'http') return ['streamable-http'];
  return ['streamable-http', 'sse'];
}

/** Whether the config already carries credentials: Gatehouse then does not try OAuth. */
export function hasConfiguredAuthorization(server: RemoteServerConfig): boolean {
  return Object.keys(server.headers ?? {}).some((name) => name.toLowerCase() === 'authorization');
}

/** A transport of the given kind to a remote server, with its configured headers (and OAuth). */
export function createRemoteTransport(
  server: RemoteServerConfig,
  kind: 'streamable-http' | 'sse',
  authorizer?: UpstreamAuthorizer,
): UpstreamTransport {
  const url = new URL(server.url);
  const requestInit: RequestInit = { headers: server.headers ?? {} };
  if (kind === 'sse') {
    // The SDK sends requestInit's headers on the EventSource GET as well as on the POSTs.
    return {
      kind,
      transport: new SSEClientTransport(url, { requestInit, authProvider: authorizer?.sdkProvider }),
    };
  }
  return { kind, transport: new HttpClientTransport(url, { headers: server.headers ?? {}, authorizer }) };
}

/**
 * The v2 SDK's Streamable HTTP transport, for a server of the 2026 era: it mirrors the request
 * headers (`MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`) that era requires, which the lean
 * 2025-era transport above does not.
 */
export function createModernHttpTransport(server: RemoteServerConfig): UpstreamTransport {
  const transport = new ModernHttpTransport(new URL(server.url), {
    requestInit: { headers: server.headers ?? {} },
  });
  // The two SDKs' transports carry the same messages through the same methods.
  return { kind: 'streamable-http', transport: transport as unknown as Transport };
}
