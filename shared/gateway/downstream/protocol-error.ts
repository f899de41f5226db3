/**
 * JSON-RPC errors for clients, without the SDK's "MCP error -32602:" prefix: the SDK puts that into
 * `McpError.message`, so relaying an upstream's error as a new McpError would stack the prefixes.
 */
import { McpError } from '@modelcontextprotocol/sdk/types.js';

/** An error the SDK's server turns into a JSON-RPC error with this code, message and data. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';

  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** The same error as the upstream sent it, ready to pass to the client. */
export function relayable(error: unknown): unknown {
  if (!(error instanceof McpError)) return error;
  const prefix = `MCP error ${error.code}: `;
  const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return new ProtocolError(error.code, message, error.data);
}
