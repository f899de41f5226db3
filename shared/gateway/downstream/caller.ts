/**
 * Who a request came from, in either protocol era: a 2025-era session (one `initialize`, many
 * requests) or one 2026-07-28 request (stateless; its identity and capabilities travel in its
 * `_meta`, and it may span several HTTP exchanges when it needs input from the client).
 *
 * The request handlers, the upstream router and the resource subscriptions see only this, so
 * policy, approvals and audit are the same code whichever era a client speaks.
 */
import type { RequestParams, RequestResult } from '../upstream/model.js';

/** A JSON-RPC request id. */
export type RequestId = string | number;

/** Capabilities a client may declare for requests that come back from servers. */
export type ClientCapabilityName = 'sampling' | 'elicitation' | 'roots';

/** The client side of one request (or of one session's requests). */
export interface Caller {
  /** The session id (2025 era) or the call's own id (2026 era), for audit and approvals. */
  readonly id: string;
  /** The registered client the bearer token belongs to. */
  readonly clientName: string;
  /** The client's name and the software's own, for messages. */
  readonly label: string;
  /** The protocol version the request came in on. */
  readonly protocolVersion: string;
  /** Whether the client declared a capability (at `initialize`, or in the request's `_meta`). */
  supports(capability: ClientCapabilityName): boolean;
  /**
   * Whether the client declared the MCP Apps extension (`io.modelcontextprotocol/ui`): it shows
   * views, hides app-only tools from its model itself, and its views may call them.
   */
  showsAppViews(): boolean;
  /** Whether a log message of `level` passes the level the client asked for. */
  wantsLog(level: unknown): boolean;
  /** Sends a notification, on the stream of a related request when there is one. */
  notify(method: string, params: RequestParams | undefined, relatedRequestId?: RequestId): void;
  /**
   * The `_meta` keys of a 2026-era client's envelope that travel upstream with its requests (its
   * capabilities and log level), so a 2026 server asks it only for what it can give.
   */
  readonly upstreamMeta?: Readonly<Record<string, unknown>> | undefined;
  /**
   * Told when an upstream asked for something the client did not declare it can do, before the
   * upstream is refused; a 2026-era call fails with -32021 for it.
   */
  missingCapability?(capability: ClientCapabilityName): void;
  /**
   * Asks the client something on behalf of an upstream (sampling, elicitation, roots): a real
   * request in the 2025 era, an `input_required` round in the 2026 era.
   */
  request(
    method: string,
    params: RequestParams | undefined,
    relatedRequestId: RequestId | undefined,
    signal: AbortSignal,
  ): Promise<RequestResult>;
}

/** Log levels in increasing severity, as MCP orders them. */
export const LOG_LEVELS = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
] as const;

/** An MCP log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Whether a message of `level` passes `threshold`. Unknown levels pass: a server's odd level is
 * better shown than lost.
 */
export function passesLogLevel(level: unknown, threshold: LogLevel): boolean {
  const index = LOG_LEVELS.indexOf(level as LogLevel);
  return index === -1 || index >= LOG_LEVELS.indexOf(threshold);
}
