/**
 * A structural check of JSON-RPC 2.0 messages, the envelope every MCP message travels in.
 *
 * This runs on every message in both directions, so it is a few property checks rather than a
 * schema union; the SDK still validates each method's params with its own schemas afterwards.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** Whether `value` is a JSON-RPC 2.0 request, notification, result or error. */
export function isJsonRpcMessage(value: unknown): value is JSONRPCMessage {
  if (!isObject(value) || value.jsonrpc !== '2.0') return false;
  if ('method' in value) {
    if (typeof value.method !== 'string') return false;
    if ('params' in value && value.params !== undefined && !isObject(value.params)) return false;
    return !('id' in value) || isRequestId(value.id);
  }
  if ('result' in value) return isRequestId(value.id) && isObject(value.result) && !('error' in value);
  if ('error' in value) {
    const error = value.error;
    return (
      (value.id === undefined || value.id === null || isRequestId(value.id)) &&
      isObject(error) &&
      Number.isInteger(error.code) &&
      typeof error.message === 'string'
    );
  }
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRequestId(value: unknown): boolean {
  return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
}
