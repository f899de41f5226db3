/**
 * Sliding-window call counters for rate-limit rules.
 */
import type { Clock } from '../clock.js';

/** Counts calls per key over a sliding window. */
export class RateLimiter {
  /** key → timestamps of counted calls, oldest first (never more than the rule's max). */
  readonly #calls = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /**
   * Counts a call under `key` if the window has room and returns 0; otherwise counts nothing and
   * returns how many milliseconds until the oldest counted call leaves the window.
   */
  take(key: string, max: number, windowMs: number): number {
    const now = this.clock.now();
    const calls = (this.#calls.get(key) ?? []).filter((at) => at > now - windowMs);
    if (calls.length >= max) {
      this.#calls.set(key, calls);
      return calls[0]! + windowMs - now;
    }
    calls.push(now);
    this.#calls.set(key, calls);
    return 0;
  }
}
