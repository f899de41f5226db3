/**
 * The 2026-07-28 protocol's vocabulary as Gatehouse serves it: the versions, the `_meta` keys a
 * request carries, the error codes the spec reserves, and the fields every result gains.
 */
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  LOG_LEVEL_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  SERVER_INFO_META_KEY,
  SUBSCRIPTION_ID_META_KEY,
} from '@modelcontextprotocol/server';
import { LOG_LEVELS, type LogLevel } from '../caller.js';
import type { RequestResult } from '../../upstream/model.js';

export { CLIENT_CAPABILITIES_META_KEY, LOG_LEVEL_META_KEY, SUBSCRIPTION_ID_META_KEY };

/** The stateless revisions Gatehouse serves per request. */
export const MODERN_PROTOCOL_VERSIONS: readonly string[] = ['2026-07-28'];

/** Every version Gatehouse speaks: the stateless ones first, then the 2025-era handshake ones. */
export const ALL_PROTOCOL_VERSIONS: readonly string[] = [
  ...MODERN_PROTOCOL_VERSIONS,
  ...SUPPORTED_PROTOCOL_VERSIONS,
];

/** Error codes the 2026-07-28 spec reserves (basic/index, "Error Codes"). */
export const ModernErrorCode = {
  HeaderMismatch: -32020,
  MissingRequiredClientCapability: -32021,
  UnsupportedProtocolVersion: -32022,
} as const;

/** What a 2026-07-28 request says about its sender in `_meta`. */
export interface Envelope {
  readonly protocolVersion: string;
  readonly clientCapabilities: Record<string, unknown>;
  readonly clientInfo?: { readonly name?: unknown; readonly version?: unknown } | undefined;
  /** Absent means the client wants no log messages for this request. */
  readonly logLevel?: LogLevel | undefined;
}

/**
 * Reads the envelope of a request the SDK's classifier already accepted as modern (so the
 * required keys are there and well formed).
 */
export function readEnvelope(params: Record<string, unknown> | undefined): Envelope {
  const meta = (params?._meta ?? {}) as Record<string, unknown>;
  const logLevel = meta[LOG_LEVEL_META_KEY];
  return {
    protocolVersion: String(meta[PROTOCOL_VERSION_META_KEY]),
    clientCapabilities: (meta[CLIENT_CAPABILITIES_META_KEY] ?? {}) as Record<string, unknown>,
    clientInfo: meta[CLIENT_INFO_META_KEY] as Envelope['clientInfo'],
    logLevel: LOG_LEVELS.includes(logLevel as LogLevel) ? (logLevel as LogLevel) : undefined,
  };
}

/** Gatehouse's identity, as every modern result names it in `_meta`. */
export interface ServerIdentity {
  readonly name: string;
  readonly version: string;
}

/**
 * A final result as the 2026 era shapes it: `resultType: "complete"` and the server's identity in
 * `_meta`, keeping whatever `_meta` the upstream sent.
 */
export function completeResult(result: RequestResult, server: ServerIdentity): RequestResult {
  const meta = result._meta as Record<string, unknown> | undefined;
  return {
    ...result,
    resultType: 'complete',
    _meta: { ...meta, [SERVER_INFO_META_KEY]: server },
  };
}

/**
 * Cache hints for a list: Gatehouse's lists change with policy, switches and upstreams at any
 * moment and differ per client, so they are fresh for no time and private to the caller.
 */
export const PRIVATE_NO_CACHE = { ttlMs: 0, cacheScope: 'private' } as const;

/** The `_meta` keys that describe the client's hop to Gatehouse, not Gatehouse's hop upstream. */
const HOP_KEYS: readonly string[] = [
  PROTOCOL_VERSION_META_KEY,
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  LOG_LEVEL_META_KEY,
];

/**
 * A request's params as they travel on: without the envelope, which speaks for the client's hop.
 * An upstream of either era must not see it (a 2025 server may take it for a 2026 request; a 2026
 * one gets Gatehouse's own envelope from its client).
 */
export function withoutEnvelope(params: Record<string, unknown>): Record<string, unknown> {
  const meta = params._meta as Record<string, unknown> | undefined;
  if (!meta) return params;
  const rest = Object.fromEntries(Object.entries(meta).filter(([key]) => !HOP_KEYS.includes(key)));
  const { _meta: _envelope, ...others } = params;
  return Object.keys(rest).length === 0 ? others : { ...others, _meta: rest };
}
