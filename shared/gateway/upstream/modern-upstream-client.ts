/**
 * A 2026-07-28 upstream, spoken to with the official SDK's v2 client pinned to that revision.
 *
 * The SDK does what the era asks of a client: the `_meta` envelope on every request, and the
 * rounds of an `input_required` answer, which it fulfils through the handlers registered here (so
 * an upstream's question reaches the calling client exactly as a 2025 server's request does).
 * This wrapper gives the connection the same shape as the 1.x client (`SdkClient`), turning the
 * v2 errors into the 1.x ones the rest of the gateway tells apart, and maps what this era does
 * differently: no ping (`server/discover` answers instead), no `logging/setLevel` (the calling
 * session's level rides on each of its requests), no `resources/subscribe` (a
 * `subscriptions/listen` stream instead).
 */
import {
  Client,
  ProtocolError as V2ProtocolError,
  SdkError,
  SdkErrorCode,
  type DiscoverResult,
  type McpSubscription,
  type Transport as V2Transport,
} from '@modelcontextprotocol/client';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ClientEventTargets } from './client-handlers.js';
import type { RequestParams, RequestResult } from './model.js';
import type { SdkClient, SdkRequestOptions, ServerCapabilitiesLike } from './sdk-client.js';
import { UI_EXTENSION_CLIENT_SETTINGS, UI_EXTENSION_ID } from '../catalog/app-meta.js';

/** The revision this client speaks. */
export const MODERN_UPSTREAM_VERSION = '2026-07-28';

/** How to open one. */
export interface ModernClientOptions {
  readonly clientVersion: string;
  /** The server's `server/discover` answer from the era probe, so connecting sends nothing. */
  readonly discover?: DiscoverResult | undefined;
  readonly connectTimeoutMs: number;
  readonly targets: ClientEventTargets;
}

/** A connected 2026-07-28 upstream client. */
export class ModernUpstreamClient implements SdkClient {
  readonly #subscribedUris = new Set<string>();
  #listen: McpSubscription | undefined;
  #listChanged = false;

  private constructor(private readonly client: Client) {}

  /** Connects over `transport` (already guarded); the handlers go on before the first message. */
  static async open(transport: Transport, options: ModernClientOptions): Promise<ModernUpstreamClient> {
    const client = new Client(
      { name: 'gatehouse', version: options.clientVersion },
      {
        capabilities: {
          sampling: {},
          elicitation: { form: {}, url: {} },
          roots: {},
          extensions: { [UI_EXTENSION_ID]: UI_EXTENSION_CLIENT_SETTINGS },
        },
        versionNegotiation: { mode: { pin: MODERN_UPSTREAM_VERSION } },
      },
    );
    installModernHandlers(client, options.targets);
    const wrapper = new ModernUpstreamClient(client);
    try {
      await client.connect(
        // The 1.x transports carry the same messages through the same methods.
        transport as unknown as V2Transport,
        {
          timeout: options.connectTimeoutMs,
          ...(options.discover ? { prior: { kind: 'modern' as const, discover: options.discover } } : {}),
        },
      );
    } catch (error: unknown) {
      await client.close().catch(() => {});
      throw asLegacyError(error);
    }
    await wrapper.#listenForChanges();
    return wrapper;
  }

  get onclose(): (() => void) | undefined {
    return this.client.onclose;
  }

  set onclose(handler: (() => void) | undefined) {
    this.client.onclose = handler;
  }

  get onerror(): ((error: Error) => void) | undefined {
    return this.client.onerror;
  }

  set onerror(handler: ((error: Error) => void) | undefined) {
    this.client.onerror = handler;
  }

  getServerCapabilities(): ServerCapabilitiesLike | undefined {
    return this.client.getServerCapabilities();
  }

  getInstructions(): string | undefined {
    return this.client.getInstructions();
  }

  async request(
    request: { method: string; params?: RequestParams | undefined },
    resultSchema: unknown,
    options: SdkRequestOptions = {},
  ): Promise<RequestResult> {
    switch (request.method) {
      case 'logging/setLevel':
        // The level travels with each request instead (each session's own; see the router).
        return {};
      case 'resources/subscribe':
      case 'resources/unsubscribe':
        return this.#changeSubscription(request.method, String(request.params?.uri));
      default:
        break;
    }
    try {
      const params = this.#withMeta(request.params, options.clientMeta);
      // With the gateway's pass-through schema, not the SDK's method-keyed one: that one parses
      // results into the SDK's shapes, dropping fields it does not know (unknown content-block
      // and tool fields, MCP Apps hints) and reordering the rest. The SDK still decodes the era's
      // envelope (`resultType`, input_required) before the schema is applied.
      return (await this.client.request(
        { method: request.method, params } as never,
        resultSchema as never,
        {
          signal: options.signal,
          timeout: options.timeout,
          ...(options.passInputRequired ? { allowInputRequired: true } : {}),
          ...(options.headers && Object.keys(options.headers).length > 0 ? { headers: options.headers } : {}),
        } as never,
      )) as RequestResult;
    } catch (error: unknown) {
      throw asLegacyError(error);
    }
  }

  async notification(notification: { method: string; params?: RequestParams | undefined }): Promise<void> {
    await this.client.notification(notification as never);
  }

  /** This era has no ping: a `server/discover` answer shows the server is alive. */
  async ping(options: SdkRequestOptions = {}): Promise<unknown> {
    try {
      return await this.client.discover({ timeout: options.timeout });
    } catch (error: unknown) {
      throw asLegacyError(error);
    }
  }

  async close(): Promise<void> {
    await this.#listen?.close().catch(() => {});
    await this.client.close();
  }

  /** The `_meta` a request carries upstream: the client's envelope keys win over the SDK's own. */
  #withMeta(
    params: RequestParams | undefined,
    clientMeta: Readonly<Record<string, unknown>> | undefined,
  ): RequestParams | undefined {
    if (clientMeta === undefined) return params;
    const meta = params?._meta as Record<string, unknown> | undefined;
    return { ...params, _meta: { ...meta, ...clientMeta } };
  }

  /** Opens the stream on which the server announces list changes, when it has any to announce. */
  async #listenForChanges(): Promise<void> {
    const capabilities = this.client.getServerCapabilities() ?? {};
    this.#listChanged = Boolean(
      (capabilities.tools as { listChanged?: boolean } | undefined)?.listChanged ||
      (capabilities.prompts as { listChanged?: boolean } | undefined)?.listChanged ||
      (capabilities.resources as { listChanged?: boolean } | undefined)?.listChanged,
    );
    await this.#reopenListen();
  }

  /** A resource subscription becomes part of the listen stream's filter (2026 has no subscribe). */
  async #changeSubscription(method: string, uri: string): Promise<RequestResult> {
    if (method === 'resources/subscribe') this.#subscribedUris.add(uri);
    else this.#subscribedUris.delete(uri);
    await this.#reopenListen();
    return {};
  }

  async #reopenListen(): Promise<void> {
    const previous = this.#listen;
    this.#listen = undefined;
    await previous?.close().catch(() => {});
    if (!this.#listChanged && this.#subscribedUris.size === 0) return;
    try {
      this.#listen = await this.client.listen({
        ...(this.#listChanged
          ? { toolsListChanged: true, promptsListChanged: true, resourcesListChanged: true }
          : {}),
        ...(this.#subscribedUris.size > 0 ? { resourceSubscriptions: [...this.#subscribedUris] } : {}),
      });
    } catch (error: unknown) {
      throw asLegacyError(error);
    }
  }
}

/** Wires what the upstream sends on its own to the connection, as the 1.x handlers do. */
function installModernHandlers(client: Client, targets: ClientEventTargets): void {
  const current = (run: () => void) => {
    if (targets.isCurrent()) run();
  };
  client.setNotificationHandler('notifications/progress', (notification) =>
    current(() => targets.onProgress(notification.params as RequestParams)),
  );
  client.setNotificationHandler('notifications/message', (notification) =>
    current(() => targets.onLogMessage(notification.params as RequestParams)),
  );
  client.setNotificationHandler('notifications/resources/updated', (notification) =>
    current(() => targets.onResourceUpdated(notification.params.uri)),
  );
  client.setNotificationHandler('notifications/tools/list_changed', () => targets.refresh('tools'));
  client.setNotificationHandler('notifications/prompts/list_changed', () => targets.refresh('prompts'));
  client.setNotificationHandler('notifications/resources/list_changed', async () => {
    await Promise.all([targets.refresh('resources'), targets.refresh('resourceTemplates')]);
  });
  // The SDK fulfils an `input_required` round through these, then retries the request upstream.
  for (const method of ['sampling/createMessage', 'elicitation/create', 'roots/list'] as const) {
    client.setRequestHandler(
      method,
      (request, context) =>
        targets.onServerRequest(
          { method, params: request.params as RequestParams },
          (context as { mcpReq?: { signal?: AbortSignal } }).mcpReq?.signal ?? new AbortController().signal,
        ) as never,
    );
  }
}

/**
 * A v2 failure as the 1.x error the gateway's checks know: JSON-RPC errors keep their code,
 * message and data; the SDK's own timeout and closed-connection errors get the 1.x codes.
 */
export function asLegacyError(error: unknown): unknown {
  if (error instanceof V2ProtocolError) return new McpError(error.code, error.message, error.data);
  if (error instanceof SdkError) {
    switch (error.code) {
      case SdkErrorCode.RequestTimeout:
        return new McpError(ErrorCode.RequestTimeout, error.message);
      case SdkErrorCode.ConnectionClosed:
      case SdkErrorCode.NotConnected:
      case SdkErrorCode.SendFailed:
        return new McpError(ErrorCode.ConnectionClosed, error.message);
      default:
        return new McpError(ErrorCode.InternalError, error.message);
    }
  }
  return error;
}
