/**
 * The benchmark's MCP clients: the SDK `Client` over Streamable HTTP, as an AI app would connect,
 * and the calls it times.
 */
import { setMaxListeners } from 'node:events';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { LatencyStats } from './measure.js';

/** How long one timed call may take before the run fails instead of hanging. */
export const CALL_TIMEOUT_MS = 15_000;

/** An SDK client on a Streamable HTTP endpoint, with a bearer token when one is given. */
export async function connect(url: string, token?: string): Promise<Client> {
  const client = new Client({ name: 'gatehouse-bench', version: '1.0.0' });
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  await client.connect(transport);
  // The transport hands one long-lived AbortSignal to every fetch, and undici removes its abort
  // listener only when the request is garbage-collected, so thousands pile up under load and
  // Node prints a MaxListenersExceededWarning (a stack trace) per call. That would be the bench
  // client's cost, not the gateway's: lift the limit on the bench's own clients only.
  const signal = (transport as unknown as { _abortController?: AbortController })._abortController?.signal;
  if (signal) setMaxListeners(0, signal);
  return client;
}

/** A `tools/call` of server-everything's `echo` through `client`, as one timed operation. */
export function echoCall(client: Client, name: string): () => Promise<unknown> {
  return () =>
    client.callTool({ name, arguments: { message: 'hello' } }, undefined, { timeout: CALL_TIMEOUT_MS });
}

/** Fails unless `echo` answers as it should, so the bench never times error replies. */
export async function checkEcho(client: Client, name: string): Promise<void> {
  const result = await client.callTool({ name, arguments: { message: 'hello' } });
  const first = (result.content as { type: string; text?: string }[] | undefined)?.[0];
  if (first?.text !== 'Echo: hello') throw new Error(`${name} answered ${JSON.stringify(result)}`);
}

/** The `direct` and `gateway` entries of a latency run. */
export function pair(stats: Map<string, LatencyStats>): { direct: LatencyStats; gateway: LatencyStats } {
  return { direct: stats.get('direct')!, gateway: stats.get('gateway')! };
}
