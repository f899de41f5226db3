/**
 * Finds out which MCP era a server speaks, as the 2026-07-28 spec prescribes (basic/versioning,
 * "Backward Compatibility"): send `server/discover` with the stateless envelope; a discover
 * result, or an error that only a 2026 server sends, means the 2026 era; anything else (another
 * error, silence, the server exiting) means the 2025 era. The verdict is never keyed to one error
 * code, since 2025 servers answer unknown requests in their own ways.
 *
 * Over stdio the probe runs in a sibling process started the same way and ended afterwards, as the
 * SDK's own client does: some 2025 servers exit on any request before `initialize`, and the real
 * connection must not be spent on finding that out.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { DiscoverResult } from '@modelcontextprotocol/client';
import { MODERN_UPSTREAM_VERSION } from './modern-upstream-client.js';

/** What the probe found. */
export type EraVerdict =
  { readonly era: 'modern'; readonly discover?: DiscoverResult | undefined } | { readonly era: 'legacy' };

/** How long a server gets to answer the probe before it counts as a 2025 one. */
export const PROBE_TIMEOUT_MS = 15_000;

/** The 2026 spec's "unsupported protocol version" error, which only a 2026 server sends. */
const UNSUPPORTED_PROTOCOL_VERSION = -32022;

/** The probe request, with the envelope a 2026 request carries. */
export function discoverRequest(clientVersion: string): JSONRPCMessage {
  return {
    jsonrpc: '2.0',
    id: 'gatehouse-era-probe',
    method: 'server/discover',
    params: {
      _meta: {
        'io.modelcontextprotocol/protocolVersion': MODERN_UPSTREAM_VERSION,
        'io.modelcontextprotocol/clientInfo': { name: 'gatehouse', version: clientVersion },
        'io.modelcontextprotocol/clientCapabilities': {},
      },
    },
  } as JSONRPCMessage;
}

/** Reads the answer to the probe. */
export function verdictFrom(answer: unknown): EraVerdict {
  if (!answer || typeof answer !== 'object') return { era: 'legacy' };
  const { result, error } = answer as { result?: unknown; error?: { code?: unknown; data?: unknown } };
  if (result && typeof result === 'object') {
    const versions = (result as { supportedVersions?: unknown }).supportedVersions;
    return Array.isArray(versions) && versions.includes(MODERN_UPSTREAM_VERSION)
      ? { era: 'modern', discover: result as DiscoverResult }
      : { era: 'legacy' };
  }
  if (error?.code === UNSUPPORTED_PROTOCOL_VERSION) {
    const supported = (error.data as { supported?: unknown } | undefined)?.supported;
    if (Array.isArray(supported) && supported.includes(MODERN_UPSTREAM_VERSION)) return { era: 'modern' };
  }
  return { era: 'legacy' };
}

/**
 * Probes over a transport of its own (a sibling process for stdio), then closes it. Any failure
 * to get an answer, the server's exit included, is a 2025 verdict.
 */
export async function probeOver(
  transport: Transport,
  clientVersion: string,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<EraVerdict> {
  const request = discoverRequest(clientVersion);
  try {
    const answer = await new Promise<unknown>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      transport.onmessage = (message) => {
        if ('id' in message && message.id === (request as { id: string }).id) {
          clearTimeout(timer);
          resolve(message);
        }
      };
      transport.onclose = () => {
        clearTimeout(timer);
        resolve(undefined);
      };
      transport.onerror = () => {};
      transport
        .start()
        .then(() => transport.send(request))
        .catch(() => {
          clearTimeout(timer);
          resolve(undefined);
        });
    });
    return verdictFrom(answer);
  } finally {
    transport.onclose = undefined;
    await transport.close().catch(() => {});
  }
}

/**
 * Probes a Streamable HTTP server with one POST (streamable-http, "Backward Compatibility"): a
 * 2xx discover result or a recognized 2026 error means the 2026 era, another 4xx the 2025 one.
 * Returns undefined when the answer says nothing about the era (an auth wall, a server error, no
 * answer): the 2025 path is then tried, as before, and asks the person to sign in if it must.
 */
export async function probeHttp(
  url: URL,
  headers: Readonly<Record<string, string>>,
  clientVersion: string,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<EraVerdict | undefined> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': MODERN_UPSTREAM_VERSION,
        'mcp-method': 'server/discover',
      },
      body: JSON.stringify(discoverRequest(clientVersion)),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 401 || response.status === 403 || response.status >= 500) {
      await response.body?.cancel();
      return undefined;
    }
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const body = type.includes('text/event-stream') ? lastEventData(text) : parseOrUndefined(text);
    return verdictFrom(body);
  } catch {
    return undefined;
  }
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The JSON of an event stream's last `data:` event: the answer follows any notifications. */
function lastEventData(text: string): unknown {
  const data = [...text.matchAll(/^data: ?(.*)$/gm)].map((match) => match[1] ?? '');
  return parseOrUndefined(data.at(-1) ?? '');
}
