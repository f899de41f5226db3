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
  | {
      readonly ok: false;
      readonly code: number;
      readonly message: string;
      /** The request's id when it could be read: an error must then answer to it. */
      readonly id?: string | number;
    };

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
  const id = readableRequestId(decoded.value);
  if (!isJsonRpcMessage(decoded.value)) {
    return refusal(ErrorCode.InvalidRequest, 'Invalid Request: the body is not a JSON-RPC message.', id);
  }
  // The session's SDK server sorts messages with its own strict schemas and drops what fits none
  // without a word. A request it dropped would leave the client waiting forever for an answer,
  // so what it would drop is refused here: members beyond jsonrpc, id, method and params (a
  // `result` beside a `method`, say) or a malformed `params._meta`.
  if (!JSONRPCMessageSchema.safeParse(decoded.value).success) {
    return refusal(
      ErrorCode.InvalidRequest,
      'Invalid Request: the message has members JSON-RPC does not define, or a malformed params._meta.',
      id,
    );
  }
  return { ok: true, message: decoded.value };
}

function refusal(code: number, message: string, id?: string | number): JsonRpcBodyResult {
  return id === undefined ? { ok: false, code, message } : { ok: false, code, message, id };
}

/** The id of something shaped like a request (it names a method), when it is a valid id. */
function readableRequestId(value: unknown): string | number | undefined {
  if (!value || typeof value !== 'object' || !('method' in value)) return undefined;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : undefined;
}
