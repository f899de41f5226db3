/**
 * Calls held between the rounds of a multi round-trip request, and the sealed `requestState`
 * that lets the client's retry find its call again.
 *
 * The state is the client's to carry and so attacker-controlled on return (basic/patterns/mrtr,
 * "Server Requirements"): it is HMAC-sealed with the SDK's codec, bound to the client's token, the
 * method and what it names, the round, and an expiry. A call whose retry does not come back in
 * time is cancelled, which withdraws the request upstream; a client holding more calls than it
 * may loses its oldest one the same way. Nothing is held forever.
 */
import { createRequestStateCodec, type RequestStateCodec, type ServerContext } from '@modelcontextprotocol/server';
import type { ModernCall } from './modern-call.js';

/** What the sealed state says. Signed, not encrypted: it holds nothing the client may not read. */
interface SealedState {
  /** The held call. */
  readonly h: string;
  /** The round it was minted for: an earlier round's state cannot be replayed. */
  readonly r: number;
  readonly c: string;
  readonly m: string;
  readonly t: string;
}

/** How long a held call waits for its retry, unless told otherwise: people answer forms slowly. */
export const DEFAULT_HOLD_MS = 10 * 60_000;

/** How many calls one client may have held at once. */
export const MAX_HELD_PER_CLIENT = 2_000;

/** Why a retry does not continue a held call: the sentence goes to the client as -32602. */
export class StaleRequestState extends Error {
  override readonly name = 'StaleRequestState';
}

interface Held {
  readonly call: ModernCall;
  readonly timer: NodeJS.Timeout;
}

/** The held calls of every client. */
export class HeldCalls {
  #codec: Promise<RequestStateCodec<SealedState>> | undefined;
  readonly #held = new Map<string, Held>();
  /** Each client's held call ids, oldest first (a Set keeps insertion order). */
  readonly #byClient = new Map<string, Set<string>>();

  constructor(
    /** Reads the sealing key; called once, when the first call is held (most clients never need it). */
    private readonly loadKey: () => Promise<Uint8Array>,
    private readonly holdMs = DEFAULT_HOLD_MS,
    private readonly maxPerClient = MAX_HELD_PER_CLIENT,
  ) {}

  #codecOnce(): Promise<RequestStateCodec<SealedState>> {
    if (!this.#codec) {
      const codec = this.loadKey().then((key) =>
        createRequestStateCodec<SealedState>({ key, ttlSeconds: Math.ceil(this.holdMs / 1000) }),
      );
      // A key that could not be read is tried again by the next call, not remembered as failed.
      codec.catch(() => (this.#codec = undefined));
      this.#codec = codec;
    }
    return this.#codec;
  }

  /** How many calls are held now. */
  get size(): number {
    return this.#held.size;
  }

  /** Holds a call until its retry comes (or its time runs out); returns the state to hand out. */
  async hold(call: ModernCall): Promise<string> {
    const codec = await this.#codecOnce();
    this.#makeRoomFor(call.clientName);
    const timer = setTimeout(() => this.#drop(call.id), this.holdMs);
    timer.unref();
    this.#held.set(call.id, { call, timer });
    this.#idsOf(call.clientName).add(call.id);
    return codec.mint({ h: call.id, r: call.roundNumber, c: call.clientName, m: call.method, t: call.target });
  }

  /**
   * The held call a retry's `requestState` names, taken out of the table (a state works once).
   * @throws StaleRequestState when the state is forged, altered, expired, another client's,
   *   for another request or round, or its call is gone.
   */
  async take(state: string, clientName: string, method: string, target: string): Promise<ModernCall> {
    const codec = await this.#codecOnce();
    let sealed: SealedState;
    try {
      // Unbound codec: verify reads no context (it is only passed to a `bind` callback).
      sealed = await codec.verify(state, undefined as unknown as ServerContext);
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : '';
      throw new StaleRequestState(
        reason === 'expired'
          ? 'The requestState has expired: call again without it.'
          : 'The requestState is not one Gatehouse issued, or it was altered: call again without it.',
      );
    }
    if (sealed.c !== clientName || sealed.m !== method || sealed.t !== target)
      throw new StaleRequestState('The requestState belongs to another client or another request: send it only with the request it came from.');
    const held = this.#held.get(sealed.h);
    if (!held || held.call.roundNumber !== sealed.r)
      throw new StaleRequestState('The call this requestState continues is no longer held (it was answered already, ran out of time, or Gatehouse restarted): call again without it.');
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
