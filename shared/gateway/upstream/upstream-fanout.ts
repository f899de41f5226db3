/**
 * What the gateway asks of all its ready upstreams at once.
 */
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamConnection } from './upstream-connection.js';

/** Every ready server's `instructions`, each introduced by its server's name. */
export function combinedInstructions(upstreams: Iterable<UpstreamConnection>): string | undefined {
  const parts = [...upstreams]
    .filter((upstream) => upstream.state === 'ready' && upstream.features.instructions)
    .map((upstream) => `From the server "${upstream.name}":\n${upstream.features.instructions}`);
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

/** Passes a client's `logging/setLevel` to every ready server that logs; failures are ignored. */
export async function setLogLevelEverywhere(
  upstreams: Iterable<UpstreamConnection>,
  level: LoggingLevel,
): Promise<void> {
  await Promise.all(
    [...upstreams]
      .filter((upstream) => upstream.state === 'ready' && upstream.features.logging)
      .map((upstream) => upstream.request('logging/setLevel', { level }).catch(() => {})),
  );
}
