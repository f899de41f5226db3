/**
 * Calls held between the rounds of a multi round-trip request while a 2026-era client answers
 * what a 2025-era server asked, and the sealed `requestState` (request-state-seal.ts) that lets
 * the client's retry find its call again, once, in the round it was given for.
 *
 * A call whose retry does not come back in time is cancelled, which withdraws the request
 * upstream; a client holding more calls than it may loses its oldest one the same way. Nothing is
 * held forever.
 */
import type { ModernCall } from './modern-call.js';
import { StaleRequestState, type HeldState, type RequestStateSeal } from './request-state-seal.js';

/** How long a held call waits for its retry, unless told otherwise: people answer forms slowly. */
export const DEFAULT_HOLD_MS = 10 * 60_000;

/** How many calls one client may have held at once. */
export const MAX_HELD_PER_CLIENT = 2_000;

interface Held {
  readonly call: ModernCall;
  readonly timer: NodeJS.Timeout;
}

/** The held calls of every client. */
export class HeldCalls {
  readonly #held = new Map<string, Held>();
  /** Each client's held call ids, oldest first (a Set keeps insertion order). */
  readonly #byClient = new Map<string, Set<string>>();

  constructor(
    private readonly seal: RequestStateSeal,
    private readonly holdMs = DEFAULT_HOLD_MS,
    private readonly maxPerClient = MAX_HELD_PER_CLIENT,
  ) {}

  /** How many calls are held now. */
  get size(): number {
    return this.#held.size;
  }

  /** Holds a call until its retry comes (or its time runs out); returns the state to hand out. */
  async hold(call: ModernCall): Promise<string> {
    const state = await this.seal.seal({
      k: 'held',
      h: call.id,
      r: call.roundNumber,
      c: call.clientName,
      m: call.method,
      t: call.target,
    });
    this.#makeRoomFor(call.clientName);
    const timer = setTimeout(() => this.#drop(call.id), this.holdMs);
    timer.unref();
    this.#held.set(call.id, { call, timer });
    this.#idsOf(call.clientName).add(call.id);
    return state;
  }

  /**
   * The held call an opened state names, taken out of the table (a state works once).
   * @throws StaleRequestState when its call is gone, or the state is an earlier round's.
   */
  take(sealed: HeldState): ModernCall {
    const held = this.#held.get(sealed.h);
    if (!held || held.call.roundNumber !== sealed.r)
      throw new StaleRequestState(
        'The call this requestState continues is no longer held (it was answered already, ran out of time, or Gatehouse restarted): call again without it.',
      );
    this.#forget(held);
    return held.call;
  }

  /** Cancels every held call (the gateway is stopping). */
  cancelAll(): void {
    for (const id of [...this.#held.keys()]) this.#drop(id);
  }

  #drop(id: string): void {
    const held = this.#held.get(id);
    if (!held) return;
    this.#forget(held);
    held.call.cancel();
  }

  #forget(held: Held): void {
    clearTimeout(held.timer);
    this.#held.delete(held.call.id);
    const ids = this.#byClient.get(held.call.clientName);
    ids?.delete(held.call.id);
    if (ids?.size === 0) this.#byClient.delete(held.call.clientName);
  }

  #idsOf(clientName: string): Set<string> {
    let ids = this.#byClient.get(clientName);
    if (!ids) {
      ids = new Set();
      this.#byClient.set(clientName, ids);
    }
    return ids;
  }

  #makeRoomFor(clientName: string): void {
    const ids = this.#byClient.get(clientName);
    if (!ids || ids.size < this.maxPerClient) return;
    const oldest = ids.values().next();
    if (!oldest.done) this.#drop(oldest.value);
  }
}
