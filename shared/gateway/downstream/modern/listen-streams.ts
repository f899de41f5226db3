/**
 * `subscriptions/listen`: the 2026 era's one long-lived stream, on which a client receives the
 * change notifications it opted in to (basic/patterns/subscriptions). The stream is the response
 * to the listen request: acknowledged first, every notification tagged with the request's id,
 * and ended with a result when Gatehouse closes it.
 */
import type { RequestParams } from '../../upstream/model.js';
import type { RequestId } from '../caller.js';
import type { ResourceSubscriber } from '../resource-subscriptions.js';
import type { ModernExchange } from './modern-exchange.js';
import { SUBSCRIPTION_ID_META_KEY } from './modern-protocol.js';

/** What a client may ask to hear about. */
export interface ListenFilter {
  readonly toolsListChanged?: boolean;
  readonly promptsListChanged?: boolean;
  readonly resourcesListChanged?: boolean;
  readonly resourceSubscriptions?: readonly string[];
}

/** Which list changed. */
export type ListKind = 'tools' | 'prompts' | 'resources';

const LIST_FLAG: Readonly<Record<ListKind, keyof ListenFilter>> = {
  tools: 'toolsListChanged',
  prompts: 'promptsListChanged',
  resources: 'resourcesListChanged',
};

/** How often an idle stream gets a comment, so proxies and client timeouts leave it open. */
const KEEP_ALIVE_MS = 25_000;

/** What listening needs from the gateway. */
export interface ListenHost {
  /** Subscribes the stream to an exposed resource URI; false when no server offers it. */
  subscribeResource(subscriber: ResourceSubscriber, exposedUri: string): Promise<boolean>;
  /** Drops every resource subscription of a stream that ended. */
  forgetSubscriber(subscriber: ResourceSubscriber): void;
}

/** One open `subscriptions/listen` stream. */
export class ListenStream implements ResourceSubscriber {
  readonly subscriptions = new Set<string>();

  constructor(
    readonly clientName: string,
    private readonly exchange: ModernExchange,
    readonly filter: ListenFilter,
  ) {}

  get subscriptionId(): RequestId {
    return this.exchange.requestId;
  }

  get open(): boolean {
    return !this.exchange.finished;
  }

  /** Sends a notification the client asked for, tagged with its subscription. */
  notify(method: string, params: RequestParams | undefined): void {
    const meta = params?._meta as Record<string, unknown> | undefined;
    this.exchange.notify(method, {
      ...params,
      _meta: { ...meta, [SUBSCRIPTION_ID_META_KEY]: this.subscriptionId },
    });
  }

  /** Tells the client a list changed, if it asked to hear about that list. */
  listChanged(kind: ListKind): void {
    if (this.filter[LIST_FLAG[kind]] === true) this.notify(`notifications/${kind}/list_changed`, undefined);
  }

  keepAlive(): void {
    this.exchange.keepAlive();
  }

  /** Ends the subscription gracefully: the listen request's result, then the end of the stream. */
  close(): void {
    this.exchange.result({
      resultType: 'complete',
      _meta: { [SUBSCRIPTION_ID_META_KEY]: this.subscriptionId },
    });
  }
}

/** Every open listen stream. */
export class ListenStreams {
  readonly #streams = new Set<ListenStream>();
  #keepAlive: NodeJS.Timeout | undefined;

  constructor(private readonly host: ListenHost) {}

  /** How many streams are open. */
  get size(): number {
    return this.#streams.size;
  }

  /**
   * Opens a stream: acknowledges the part of the filter Gatehouse honours (every list, and the
   * resources some server offers), then keeps it until the client or Gatehouse ends it.
   */
  async open(clientName: string, exchange: ModernExchange, requested: ListenFilter): Promise<void> {
    const honoredUris: string[] = [];
    const stream = new ListenStream(clientName, exchange, {
      ...requested,
      resourceSubscriptions: honoredUris,
    });
    for (const uri of requested.resourceSubscriptions ?? []) {
      if (await this.host.subscribeResource(stream, uri)) honoredUris.push(uri);
    }
    if (exchange.finished) return this.host.forgetSubscriber(stream);
    exchange.startStreaming();
    stream.notify('notifications/subscriptions/acknowledged', {
      notifications: honoredFilter(requested, honoredUris),
    });
    this.#streams.add(stream);
    exchange.abandoned.addEventListener(
      'abort',
      () => {
        this.#streams.delete(stream);
        this.host.forgetSubscriber(stream);
        if (this.#streams.size === 0) this.#stopKeepAlive();
      },
      { once: true },
    );
    this.#startKeepAlive();
  }

  /** Tells every stream (or one client's streams) that a list changed. */
  listChanged(kind: ListKind, clientName?: string): void {
    for (const stream of this.#streams) {
      if (clientName === undefined || stream.clientName === clientName) stream.listChanged(kind);
    }
  }

  /** Closes every stream gracefully (the gateway is stopping) or a revoked client's. */
  closeAll(clientName?: string): void {
    for (const stream of [...this.#streams]) {
      if (clientName !== undefined && stream.clientName !== clientName) continue;
      this.#streams.delete(stream);
      this.host.forgetSubscriber(stream);
      stream.close();
    }
    if (this.#streams.size === 0) this.#stopKeepAlive();
  }

  #startKeepAlive(): void {
    if (this.#keepAlive) return;
    this.#keepAlive = setInterval(() => {
      for (const stream of this.#streams) stream.keepAlive();
    }, KEEP_ALIVE_MS);
    this.#keepAlive.unref();
  }

  #stopKeepAlive(): void {
    clearInterval(this.#keepAlive);
    this.#keepAlive = undefined;
  }
}

/** The acknowledged filter: what was asked, with only the resources that could be subscribed. */
function honoredFilter(requested: ListenFilter, honoredUris: readonly string[]): ListenFilter {
  return {
    ...(requested.toolsListChanged ? { toolsListChanged: true } : {}),
    ...(requested.promptsListChanged ? { promptsListChanged: true } : {}),
    ...(requested.resourcesListChanged ? { resourcesListChanged: true } : {}),
    ...(requested.resourceSubscriptions ? { resourceSubscriptions: [...honoredUris] } : {}),
  };
}
