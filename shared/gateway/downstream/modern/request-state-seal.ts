/**
 * Seals the `requestState` Gatehouse hands a 2026-era client between the rounds of a request, and
 * opens what comes back. The state is the client's to carry and so attacker-controlled on return
 * (basic/patterns/mrtr, "Server Requirements"): it is HMAC-sealed with the SDK's codec, expires,
 * and names the client, the method and what it names, which the retry must match.
 */
import {
  createRequestStateCodec,
  type RequestStateCodec,
  type ServerContext,
} from '@modelcontextprotocol/server';

/** What every sealed state binds to. Signed, not encrypted: nothing in it is secret from the client. */
interface Binding {
  /** The registered client (by its token) the state was given to. */
  readonly c: string;
  readonly m: string;
  /** The tool or prompt name, or the resource URI. */
  readonly t: string;
}

/** A call Gatehouse holds while the client answers a 2025 server's questions. */
export interface HeldState extends Binding {
  readonly k: 'held';
  readonly h: string;
  /** The round it was minted for: an earlier round's state cannot be replayed. */
  readonly r: number;
}

/** A 2026 server's own `input_required`, passed to the client; the retry goes back to that server. */
export interface PassedState extends Binding {
  readonly k: 'pass';
  /** The server that asked. */
  readonly s: string;
  /** The server's own requestState, returned to it untouched. */
  readonly u?: string;
}

export type SealedState = HeldState | PassedState;

/** Why a retry's state does not continue anything: the sentence goes to the client as -32602. */
export class StaleRequestState extends Error {
  override readonly name = 'StaleRequestState';
}

/** The seal, with its key read once, when first needed (most clients never need it). */
export class RequestStateSeal {
  #codec: Promise<RequestStateCodec<SealedState>> | undefined;

  constructor(
    private readonly loadKey: () => Promise<Uint8Array>,
    private readonly ttlMs: number,
  ) {}

  async seal(state: SealedState): Promise<string> {
    return (await this.#codecOnce()).mint(state);
  }

  /**
   * Opens a state that must have been sealed for this client, method and target.
   * @throws StaleRequestState when it is forged, altered, expired or someone else's.
   */
  async open(
    state: string,
    binding: { client: string; method: string; target: string },
  ): Promise<SealedState> {
    const codec = await this.#codecOnce();
    let sealed: SealedState;
    try {
      // Unbound codec: verify reads no context (it is only passed to a `bind` callback).
      sealed = await codec.verify(state, undefined as unknown as ServerContext);
    } catch (error: unknown) {
      throw new StaleRequestState(
        error instanceof Error && error.message === 'expired'
          ? 'The requestState has expired: call again without it.'
          : 'The requestState is not one Gatehouse issued, or it was altered: call again without it.',
      );
    }
    if (sealed.c !== binding.client || sealed.m !== binding.method || sealed.t !== binding.target)
      throw new StaleRequestState(
        'The requestState belongs to another client or another request: send it only with the request it came from.',
      );
    return sealed;
  }

  #codecOnce(): Promise<RequestStateCodec<SealedState>> {
    if (!this.#codec) {
      const codec = this.loadKey().then((key) =>
        createRequestStateCodec<SealedState>({ key, ttlSeconds: Math.ceil(this.ttlMs / 1000) }),
      );
      // A key that could not be read is tried again by the next call, not remembered as failed.
      codec.catch(() => (this.#codec = undefined));
      this.#codec = codec;
    }
    return this.#codec;
  }
}
