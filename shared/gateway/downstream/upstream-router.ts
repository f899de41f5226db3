/**
 * Forwards client requests to upstreams and routes what comes back outside a result: progress,
 * log messages, and requests the upstream sends to the client side (sampling, elicitation,
 * roots).
 *
 * Those upstream requests carry no link to the call that caused them (over stdio there is none at
 * all), so the router tracks which client sessions have calls in flight on each upstream. With
 * exactly one, the request goes to that session, on that call's stream; with several, guessing
 * could hand one client's question to another, so the request is refused with a clear error.
 */
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { RequestParams, RequestResult, ServerInitiatedRequest } from '../upstream/model.js';
import type { UpstreamConnection } from '../upstream/upstream-connection.js';
import type { Caller, ClientCapabilityName, RequestId } from './caller.js';
import { ProtocolError } from './protocol-error.js';

/** One client request waiting on an upstream. */
interface InFlight {
  readonly session: Caller;
  readonly requestId: RequestId;
}

/** Where an upstream progress token leads back to. */
interface ProgressRoute extends InFlight {
  readonly clientToken: string | number;
}

/** What a client request carries that forwarding needs. */
export interface ForwardContext {
  readonly requestId: RequestId;
  readonly signal: AbortSignal;
}

const CAPABILITY_FOR_METHOD: Record<string, ClientCapabilityName> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
  'roots/list': 'roots',
};

/** Whether a protocol version is of the stateless era (2026-07-28 and later; dates sort as text). */
function isModernVersion(version: string): boolean {
  return version >= '2026-07-28';
}

/** Routes traffic between client sessions and upstreams. */
export class UpstreamRouter {
  readonly #inFlight = new Map<string, Set<InFlight>>();
  readonly #progress = new Map<string, ProgressRoute>();
  #nextProgressToken = 0;

  /** Sends a client's request to an upstream, relaying its progress, and returns the result. */
  async forward(
    session: Caller,
    upstream: UpstreamConnection,
    method: string,
    params: RequestParams | undefined,
    context: ForwardContext,
  ): Promise<RequestResult> {
    const entry: InFlight = { session, requestId: context.requestId };
    const inFlight = this.#inFlightOn(upstream.name);
    inFlight.add(entry);
    const { params: upstreamParams, progressToken } = this.#withUpstreamProgressToken(params, entry);
    try {
      // A 2026 client answers a 2026 server's input_required itself; a 2025 client is asked
      // through its session (routeServerRequest) while the SDK drives the rounds upstream.
      return await upstream.request(method, upstreamParams, context.signal, {
        passInputRequired: isModernVersion(session.protocolVersion),
        clientMeta: session.upstreamMeta,
      });
    } finally {
      inFlight.delete(entry);
      if (progressToken !== undefined) {
        // A progress notification read in the same chunk as the result is dispatched just after
        // it: keep its route a moment longer so the last one is not lost.
        setImmediate(() => this.#progress.delete(progressToken));
      }
    }
  }

  /** Relays an upstream's progress notification to the client whose call it belongs to. */
  relayProgress(params: RequestParams): void {
    const route = this.#progress.get(String(params.progressToken));
    if (!route) return;
    route.session.notify(
      'notifications/progress',
      { ...params, progressToken: route.clientToken },
      route.requestId,
    );
  }

  /**
   * Sends an upstream's log message to the client whose call is in flight there, on that call's
   * stream; when the upstream is idle or shared by several calls, to every session that listens.
   */
  relayLogMessage(upstream: UpstreamConnection, params: RequestParams, sessions: Iterable<Caller>): void {
    const message = { ...params, logger: params.logger ?? upstream.name };
    const owner = this.#soleCaller(upstream.name);
    if (owner) {
      if (owner.session.wantsLog(params.level))
        owner.session.notify('notifications/message', message, owner.requestId);
      return;
    }
    for (const session of sessions)
      if (session.wantsLog(params.level)) session.notify('notifications/message', message);
  }

  /** Routes a request an upstream sends to the client side, or refuses it with a clear error. */
  async routeServerRequest(
    upstream: UpstreamConnection,
    request: ServerInitiatedRequest,
    signal: AbortSignal,
  ): Promise<RequestResult> {
    const callers = this.#inFlight.get(upstream.name);
    const sessions = new Set([...(callers ?? [])].map((entry) => entry.session));
    if (sessions.size === 0) {
      throw new ProtocolError(
        ErrorCode.InvalidRequest,
        `Gatehouse cannot forward ${request.method}: no client call to "${upstream.name}" is in progress.`,
      );
    }
    if (sessions.size > 1) {
      throw new ProtocolError(
        ErrorCode.InvalidRequest,
        `Gatehouse cannot tell which of ${sessions.size} clients with calls in progress ${request.method} is meant for, so it refused it.`,
      );
    }
    const owner = this.#soleCaller(upstream.name);
    if (!owner) throw new ProtocolError(ErrorCode.InternalError, 'The calling client went away.');
    const capability = CAPABILITY_FOR_METHOD[request.method];
    if (capability && !owner.session.supports(capability)) {
      owner.session.missingCapability?.(capability);
      throw new ProtocolError(
        ErrorCode.InvalidRequest,
        `The client ${owner.session.label} does not support ${capability}, which ${request.method} needs.`,
      );
    }
    return owner.session.request(request.method, request.params, owner.requestId, signal);
  }

  /** How many client requests are waiting on upstreams, for tests and diagnostics. */
  get inFlightCount(): number {
    let count = 0;
    for (const entries of this.#inFlight.values()) count += entries.size;
    return count;
  }

  /** The only session with calls in flight on an upstream (its latest call), if exactly one. */
  #soleCaller(upstreamName: string): InFlight | undefined {
    const entries = this.#inFlight.get(upstreamName);
    if (!entries || entries.size === 0) return undefined;
    let last: InFlight | undefined;
    for (const entry of entries) {
      if (last && last.session !== entry.session) return undefined;
      last = entry;
    }
    return last;
  }

  #inFlightOn(upstreamName: string): Set<InFlight> {
    let entries = this.#inFlight.get(upstreamName);
    if (!entries) {
      entries = new Set();
      this.#inFlight.set(upstreamName, entries);
    }
    return entries;
  }

  /**
   * Replaces a client's progress token by one unique across the gateway: two clients may both
   * use token 1 on the same upstream.
   */
  #withUpstreamProgressToken(
    params: RequestParams | undefined,
    entry: InFlight,
  ): { params: RequestParams | undefined; progressToken?: string } {
    const meta = params?._meta as Record<string, unknown> | undefined;
    const clientToken = meta?.progressToken;
    if (typeof clientToken !== 'string' && typeof clientToken !== 'number') return { params };
    const progressToken = `gh-${++this.#nextProgressToken}`;
    this.#progress.set(progressToken, { ...entry, clientToken });
    return { params: { ...params, _meta: { ...meta, progressToken } }, progressToken };
  }
}
