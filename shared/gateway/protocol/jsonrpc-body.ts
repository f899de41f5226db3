/**
 * Parses the body of a POST to `/mcp` into the one JSON-RPC message it must carry, or into the
 * JSON-RPC error that explains why it cannot.
 */
import { ErrorCode, JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { assertNever } from '../errors.js';
import { decodeJsonBody, MAX_JSON_DEPTH } from './json-body.js';
import { isJsonRpcMessage } from './jsonrpc-shape.js';

/** A POST body's message, or the error code and sentence to answer with. */
export type JsonRpcBodyResult =
  | { readonly ok: true; readonly message: JSONRPCMessage }
  | { readonly ok: false; readonly code: number; readonly message: string };

/**
 * Parses a POST body. Batches (JSON arrays) are refused: MCP 2025-06-18 removed JSON-RPC
 * batching, the SDKs' clients never send one, and accepting them would multiply every per-request
 * limit by the length of an array the client chooses.
 */
export function parseJsonRpcBody(body: Uint8Array): JsonRpcBodyResult {
  const decoded = decodeJsonBody(body);
  if (!decoded.ok) {
    switch (decoded.problem) {
      case 'encoding':
        return refusal(ErrorCode.ParseError, 'Parse error: the body is not valid UTF-8.');
      case 'syntax':
        return refusal(ErrorCode.ParseError, 'Parse error: the body is not JSON.');
      case 'depth':
        return refusal(
          ErrorCode.InvalidRequest,
          `Invalid Request: the message nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`,
        );
      default:
        return assertNever(decoded.problem);
    }
  }
  if (Array.isArray(decoded.value)) {
    return refusal(
      ErrorCode.InvalidRequest,
      'Invalid Request: JSON-RPC batches are not supported (MCP 2025-06-18 removed them); send one message per request.',
    );
  }
  if (!isJsonRpcMessage(decoded.value)) {
    return refusal(ErrorCode.InvalidRequest, 'Invalid Request: the body is not a JSON-RPC message.');
  }
  // The session's SDK server sorts messages with its own strict schemas and drops what fits none
  // without a word. A request it dropped would leave the client waiting forever for an answer,
  // so what it would drop is refused here: members beyond jsonrpc, id, method and params (a
  // `result` beside a `method`, say) or a malformed `params._meta`.
  if (!JSONRPCMessageSchema.safeParse(decoded.value).success) {
    return refusal(
      ErrorCode.InvalidRequest,
      'Invalid Request: the message has members JSON-RPC does not define, or a malformed params._meta.',
    );
  }
  return { ok: true, message: decoded.value };
}

function refusal(code: number, message: string): JsonRpcBodyResult {
  return { ok: false, code, message };
}
