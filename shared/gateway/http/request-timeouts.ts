/**
 * How long a client may take to send a request to the gateway's HTTP server, so that slow or
 * stalled clients (slow-loris) cannot pile up connections.
 */

/** Limits on receiving one request. */
export interface RequestTimeouts {
  /** From the first byte of a request until the end of its headers. */
  readonly headersMs: number;
  /** From the first byte of a request until the end of its body. */
  readonly requestMs: number;
  /** How often Node looks for connections past these limits. */
  readonly checkIntervalMs: number;
}

/**
 * Clients run on this machine, so a request arrives in milliseconds; these limits only end
 * connections that trickle bytes (slow-loris) or stall half-way. They cover receiving the
 * request only: a response may stream for as long as its call runs, and an SSE stream opened by
 * a finished GET is not affected. Node checks every 30 s by default, which would let a stalled
 * request live three times the limit.
 */
export const DEFAULT_REQUEST_TIMEOUTS: RequestTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  checkIntervalMs: 1_000,
};
