/**
 * Decides, for one POST to `/mcp`, which protocol era it speaks, and refuses a 2026-07-28 request
 * whose `_meta` envelope, version or headers are wrong, with the error and HTTP status the spec
 * gives for each case.
 *
 * The era decision and the envelope checks are the official SDK's (`classifyInboundRequest`, the
 * same classifier its own dual-era entry runs), so Gatehouse draws the line between the eras
 * exactly where SDK clients and servers do. The standard-header rung (Mcp-Method, Mcp-Name) and
 * the supported-version check are here: the SDK runs those inside its server, which Gatehouse
 * does not use for this lane.
 */
import { classifyInboundRequest } from '@modelcontextprotocol/server';
import { decodeParamValue } from '../../protocol/mcp-param-headers.js';
import type { RequestId } from '../caller.js';
import {
  ALL_PROTOCOL_VERSIONS,
  MODERN_PROTOCOL_VERSIONS,
  ModernErrorCode,
  readEnvelope,
  type Envelope,
} from './modern-protocol.js';

/** The headers the classification reads (lower-case names, as node:http gives them). */
export interface McpRequestHeaders {
  readonly 'mcp-protocol-version'?: string | undefined;
  readonly 'mcp-method'?: string | undefined;
  readonly 'mcp-name'?: string | undefined;
  /** Every `Mcp-Param-*` header the request carried, by lower-case name. */
  readonly params?: Readonly<Record<string, string>>;
}

/** A 2026-07-28 request ready to dispatch. */
export interface ModernRequest {
  readonly id: RequestId;
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly envelope: Envelope;
  /** The request's `Mcp-Param-*` headers, by lower-case name, checked against the tool it calls. */
  readonly paramHeaders: Readonly<Record<string, string>>;
}

/** A refusal: the JSON-RPC error and the HTTP status it goes with. */
export interface Refusal {
  readonly status: number;
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
  /** The request's id, when it could be read (the 2026 schema forbids `null` then). */
  readonly id?: RequestId | undefined;
}

/** What to do with a POST. */
export type PostClassification =
  | { readonly kind: 'legacy' }
  | { readonly kind: 'modern-request'; readonly request: ModernRequest }
  | { readonly kind: 'modern-notification' }
  | { readonly kind: 'reject'; readonly refusal: Refusal };

/** Methods whose `params.name` or `params.uri` the `Mcp-Name` header mirrors. */
const NAME_SOURCE: Readonly<Record<string, 'name' | 'uri'>> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
};

/** Classifies a POST body (already parsed as one JSON-RPC message) with its headers. */
export function classifyPost(headers: McpRequestHeaders, body: unknown): PostClassification {
  const outcome = classifyInboundRequest({
    httpMethod: 'POST',
    ...(headers['mcp-protocol-version'] !== undefined
      ? { protocolVersionHeader: headers['mcp-protocol-version'] }
      : {}),
    ...(headers['mcp-method'] !== undefined ? { mcpMethodHeader: headers['mcp-method'] } : {}),
    ...(headers['mcp-name'] !== undefined ? { mcpNameHeader: headers['mcp-name'] } : {}),
    body,
  });
  const id = readableId(body);
  switch (outcome.kind) {
    case 'legacy':
      return { kind: 'legacy' };
    case 'reject':
      return {
        kind: 'reject',
        refusal: {
          status: outcome.httpStatus,
          code: outcome.code,
          message: outcome.message,
          data: outcome.data,
          id,
        },
      };
    case 'modern':
      break;
  }
  if (outcome.messageKind === 'notification') return { kind: 'modern-notification' };
  const message = outcome.message;
  const params = (message.params ?? {}) as Record<string, unknown>;
  const envelope = readEnvelope(params);
  if (!MODERN_PROTOCOL_VERSIONS.includes(envelope.protocolVersion)) {
    return reject(
      400,
      ModernErrorCode.UnsupportedProtocolVersion,
      `Unsupported protocol version ${envelope.protocolVersion}: Gatehouse speaks ${ALL_PROTOCOL_VERSIONS.join(', ')}.`,
      message.id,
      {
        supported: [...ALL_PROTOCOL_VERSIONS],
        requested: envelope.protocolVersion,
      },
    );
  }
  const headerProblem = standardHeaderProblem(headers, message.method, params);
  if (headerProblem) {
    const { sentence, header, body: bodyValue } = headerProblem;
    return reject(400, ModernErrorCode.HeaderMismatch, `Header mismatch: ${sentence}`, message.id, {
      mismatch: { header, body: bodyValue },
    });
  }
  return {
    kind: 'modern-request',
    request: { id: message.id, method: message.method, params, envelope, paramHeaders: headers.params ?? {} },
  };
}

/**
 * What is wrong with the standard request headers (SEP-2243), or undefined. The version and
 * method headers were already compared with the body by the classifier when present; here they
 * must be present, and `Mcp-Name` must name what the body names.
 */
function standardHeaderProblem(
  headers: McpRequestHeaders,
  method: string,
  params: Record<string, unknown>,
): { readonly sentence: string; readonly header: string; readonly body: unknown } | undefined {
  const version =
    params._meta && (params._meta as Record<string, unknown>)['io.modelcontextprotocol/protocolVersion'];
  if (headers['mcp-protocol-version'] === undefined)
    return {
      sentence: 'the required MCP-Protocol-Version header is missing.',
      header: '(missing)',
      body: version,
    };
  if (headers['mcp-method'] === undefined)
    return { sentence: 'the required Mcp-Method header is missing.', header: '(missing)', body: method };
  const field = NAME_SOURCE[method];
  if (!field) return undefined;
  const bodyValue = params[field];
  const header = headers['mcp-name'];
  if (header === undefined) {
    return typeof bodyValue === 'string'
      ? {
          sentence: `the required Mcp-Name header is missing (the body names "${bodyValue}").`,
          header: '(missing)',
          body: bodyValue,
        }
      : undefined;
  }
  const decoded = decodeParamValue(header.trim());
  if (decoded === undefined)
    return {
      sentence: 'the Mcp-Name header carries an invalid =?base64?…?= value.',
      header,
      body: bodyValue,
    };
  if (decoded !== bodyValue)
    return {
      sentence: `the Mcp-Name header names "${decoded}" but the body names "${String(bodyValue)}".`,
      header,
      body: bodyValue,
    };
  return undefined;
}

function reject(
  status: number,
  code: number,
  message: string,
  id: RequestId | undefined,
  data?: unknown,
): PostClassification {
  return { kind: 'reject', refusal: { status, code, message, id, ...(data === undefined ? {} : { data }) } };
}

/** The id of a body that is a request, when it can be read. */
function readableId(body: unknown): RequestId | undefined {
  if (!body || typeof body !== 'object' || !('method' in body)) return undefined;
  const id = (body as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}
