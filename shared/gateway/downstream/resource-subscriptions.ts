/**
 * Resource subscriptions shared between client sessions: one upstream subscription per resource,
 * however many sessions asked for it, renewed when the upstream reconnects.
 */
import type { UriRoute } from '../catalog/catalog.js';
import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { UpstreamConnection } from '../upstream/upstream-connection.js';
import type { RequestParams } from '../upstream/model.js';

/** Whoever can hold resource subscriptions: a 2025 session, or a 2026 listen stream. */
export interface ResourceSubscriber {
  /** The exposed URIs it is subscribed to. */
  readonly subscriptions: Set<string>;
  notify(method: string, params: RequestParams | undefined): void;
}

interface Subscription {
  readonly route: UriRoute;
  readonly sessions: Set<ResourceSubscriber>;
}

/** Who is subscribed to which exposed resource URI. */
export class ResourceSubscriptions {
  readonly #byUri = new Map<string, Subscription>();

  constructor(
    private readonly upstream: (name: string) => UpstreamConnection | undefined,
    private readonly logger: Logger,
  ) {}

  /** Subscribes a session or stream; the first subscriber subscribes upstream. */
  async subscribe(session: ResourceSubscriber, exposedUri: string, route: UriRoute): Promise<void> {
    let subscription = this.#byUri.get(exposedUri);
    if (!subscription) {
      await this.upstream(route.server)?.request('resources/subscribe', { uri: route.uri });
      subscription = { route, sessions: new Set() };
      this.#byUri.set(exposedUri, subscription);
    }
    subscription.sessions.add(session);
    session.subscriptions.add(exposedUri);
  }

  /** Unsubscribes a session; the last one out unsubscribes upstream. */
  async unsubscribe(session: ResourceSubscriber, exposedUri: string): Promise<void> {
    session.subscriptions.delete(exposedUri);
    const subscription = this.#byUri.get(exposedUri);
    if (!subscription?.sessions.delete(session) || subscription.sessions.size > 0) return;
    this.#byUri.delete(exposedUri);
    await this.upstream(subscription.route.server)
      ?.request('resources/unsubscribe', { uri: subscription.route.uri })
      .catch(() => {});
  }

  /** Drops every subscription of a session that ended. */
  forget(session: ResourceSubscriber): void {
    for (const uri of [...session.subscriptions]) void this.unsubscribe(session, uri);
  }

  /** The sessions subscribed to an exposed URI. */
  subscribers(exposedUri: string): Iterable<ResourceSubscriber> {
    return this.#byUri.get(exposedUri)?.sessions ?? [];
  }

  /** After an upstream reconnects, renews the subscriptions clients hold on its resources. */
  renew(upstream: UpstreamConnection): void {
    for (const { route } of this.#byUri.values()) {
      if (route.server !== upstream.name) continue;
      upstream.request('resources/subscribe', { uri: route.uri }).catch((error: unknown) => {
        this.logger.warn(
          `${upstream.name}: could not renew the subscription to ${route.uri}: ${describeError(error)}`,
        );
      });
    }
  }
}
