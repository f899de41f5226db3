/**
 * The time port: the engine asks it instead of `Date.now()` so tests can move time by hand.
 */

/** Milliseconds since the epoch, like `Date.now()`. */
export interface Clock {
  now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };
