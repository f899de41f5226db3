/**
 * The JSON-RPC error bodies Gatehouse answers HTTP requests with, as MCP clients expect even on
 * HTTP errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A JSON-RPC request id. */
export type JsonRpcId = string | number;

/** Answers with a JSON-RPC error body. */
export function sendJsonRpcError(
  response: ServerResponse,
  status: number,
  code: number,
  message: string,
  to: {
    readonly id?: JsonRpcId | undefined;
    readonly headers?: Record<string, string>;
    readonly data?: unknown;
  } = {},
): void {
  const error = to.data === undefined ? { code, message } : { code, message, data: to.data };
  // Both eras' schemas make the id optional and never null: it is left out when unreadable.
  const body = to.id === undefined ? { jsonrpc: '2.0', error } : { jsonrpc: '2.0', id: to.id, error };
  response.writeHead(status, { ...to.headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * Refuses a request before its body was read. The unread body is drained so that the client reads
 * the answer instead of a connection reset.
 */
export function refuse(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  code: number,
  message: string,
): void {
  request.resume();
  sendJsonRpcError(response, status, code, message);
}
