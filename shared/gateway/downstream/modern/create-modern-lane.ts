/**
 * Puts the 2026-07-28 lane together: the seal for `requestState`, the calls held between rounds,
 * the listen streams and the lane that serves requests. The gateway hands in what it owns (the
 * catalog, the resource subscriptions, the key) and keeps the parts it must reach later.
 */
import type { Catalog } from '../../catalog/catalog.js';
import type { Logger } from '../../logger.js';
import type { GatewayRequests } from '../gateway-requests.js';
import type { ResourceSubscriptions } from '../resource-subscriptions.js';
import { DEFAULT_HOLD_MS, HeldCalls } from './held-calls.js';
import { ListenStreams } from './listen-streams.js';
import { ModernLane } from './modern-lane.js';
import type { ServerIdentity } from './modern-protocol.js';
import { RequestStateSeal } from './request-state-seal.js';

/** What the lane is built from. */
export interface ModernLaneParts {
  readonly requests: GatewayRequests;
  catalog(): Catalog;
  readonly subscriptions: ResourceSubscriptions;
  /** Reads the key that seals `requestState` (called once, when first needed). */
  loadKey(): Promise<Uint8Array>;
  /** How long a held call waits for its retry; the default is 10 minutes. */
  readonly holdMs?: number | undefined;
  readonly identity: ServerIdentity;
  capabilities(): Record<string, unknown>;
  readonly logger: Logger;
  instructions(): string | undefined;
}

/** The lane, and the parts the gateway stops and reports on. */
export interface ModernLaneSet {
  readonly lane: ModernLane;
  readonly heldCalls: HeldCalls;
  readonly listeners: ListenStreams;
}

/** Builds the 2026-07-28 lane. */
export function createModernLane(parts: ModernLaneParts): ModernLaneSet {
  const holdMs = parts.holdMs ?? DEFAULT_HOLD_MS;
  const seal = new RequestStateSeal(() => parts.loadKey(), holdMs);
  const heldCalls = new HeldCalls(seal, holdMs);
  const listeners = new ListenStreams({
    subscribeResource: async (subscriber, exposedUri) => {
      const route = parts.catalog().resource(exposedUri);
      if (!route) return false;
      await parts.subscriptions.subscribe(subscriber, exposedUri, route);
      return true;
    },
    forgetSubscriber: (subscriber) => parts.subscriptions.forget(subscriber),
  });
  const lane = new ModernLane({
    requests: parts.requests,
    heldCalls,
    seal,
    listeners,
    catalog: () => parts.catalog(),
    identity: parts.identity,
    capabilities: parts.capabilities,
    logger: parts.logger,
    instructions: () => parts.instructions(),
  });
  return { lane, heldCalls, listeners };
}
