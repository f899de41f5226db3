/**
 * Exponential backoff with jitter for reconnecting to upstreams.
 */

/** Tunables for reconnection delays. */
export interface BackoffOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** A connection that stayed up this long counts as healthy: the next failure starts over. */
  readonly healthyAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  healthyAfterMs: 30_000,
};

/** The delay before reconnection attempt number `attempt` (0-based), with up to 20 % jitter. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.8 + 0.2 * random()));
}
