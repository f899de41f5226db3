/**
 * What an upstream connection needs of an SDK client, whichever protocol era it speaks: the
 * 1.x SDK's `Client` for 2025-era servers satisfies it as it is, and `ModernUpstreamClient` wraps
 * the v2 SDK's `Client` for 2026-07-28 servers into the same shape (errors included), so the
 * connection's reconnects, timeouts, lists and forwarding are one code path for both.
 */
import type { RequestParams, RequestResult } from './model.js';

/** Options of one request. */
export interface SdkRequestOptions {
  readonly signal?: AbortSignal | undefined;
  readonly timeout?: number | undefined;
  /**
   * 2026 era only (the 1.x client ignores both): return an `input_required` result as it is, for a
   * 2026 client to answer, instead of fulfilling it through the routed requests…
   */
  readonly passInputRequired?: boolean | undefined;
  /** …and the `_meta` of that client's own envelope (its capabilities, its log level) to send along. */
  readonly clientMeta?: Readonly<Record<string, unknown>> | undefined;
  /** HTTP headers for this request alone (`Mcp-Param-*`); the 1.x client and stdio ignore them. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** The server's capabilities as far as the gateway reads them. */
export interface ServerCapabilitiesLike {
  readonly tools?: object | undefined;
  readonly prompts?: object | undefined;
  readonly resources?: { readonly subscribe?: boolean | undefined } | undefined;
  readonly logging?: object | undefined;
  readonly completions?: object | undefined;
  /** Extensions the server declared (SEP-1724), such as MCP Apps' `io.modelcontextprotocol/ui`. */
  readonly extensions?: Readonly<Record<string, unknown>> | undefined;
}

/** A connected SDK client, reduced to what the gateway uses. */
export interface SdkClient {
  request(
    request: { method: string; params?: RequestParams | undefined },
    resultSchema: unknown,
    options?: SdkRequestOptions,
  ): Promise<RequestResult>;
  notification(notification: { method: string; params?: RequestParams | undefined }): Promise<void>;
  /** Whether the server still answers (a ping in 2025, a `server/discover` in 2026). */
  ping(options?: SdkRequestOptions): Promise<unknown>;
  close(): Promise<void>;
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  getServerCapabilities(): ServerCapabilitiesLike | undefined;
  getInstructions(): string | undefined;
}
