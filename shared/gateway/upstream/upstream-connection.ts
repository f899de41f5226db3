/**
 * One upstream MCP server: connects, keeps its lists fresh, reconnects with backoff when it
 * drops, and forwards requests. This and the downstream endpoint are the only places that know
 * SDK types; the rest of the engine sees the plain shapes in `model.ts`.
 */
import type { SdkClient, SdkRequestOptions } from './sdk-client.js';
import { EraChoice, type EraDecision } from './era-choice.js';
import type { ClientEventTargets } from './client-handlers.js';
import { MODERN_UPSTREAM_VERSION, ModernUpstreamClient } from './modern-upstream-client.js';
import { isStdioServer, type ServerConfig } from '../../contracts/config.js';
import { findSignInRequired, type UpstreamAuthorizer } from '../oauth/upstream-authorizer.js';
import type { UpstreamState, UpstreamStatus } from '../../contracts/upstream-status.js';
import { describeError } from '../errors.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import {
  EMPTY_LISTS,
  type RequestParams,
  type RequestResult,
  type UpstreamFeatures,
  type UpstreamLists,
} from './model.js';
import type { Resolution } from '../secrets/secret-resolver.js';
import { openLegacyClient } from './legacy-upstream-client.js';
import { paramHeaderDeclarations, paramHeaders } from '../protocol/mcp-param-headers.js';
import type { UpstreamHooks, UpstreamOptions } from './upstream-options.js';
import { StderrTail } from './stderr-tail.js';
import {
  connectionLostMessage,
  explainConnectFailure,
  isConnectionLost,
  isRequestTimeout,
  seconds,
  timeoutError,
  unavailableMessage,
} from './upstream-failures.js';
import {
  listAll,
  listEverything,
  NO_FEATURES,
  PassThroughResultSchema,
  readFeatures,
} from './upstream-lists.js';
import { answersPing, endStuckChild, pingDeadlineMs } from './stuck-server.js';
import {
  createModernHttpTransport,
  createRemoteTransport,
  createStdioTransport,
  hasConfiguredAuthorization,
  remoteTransportKinds,
  type UpstreamTransport,
} from './transports.js';
import { guardUpstreamMessages, isOversizedStdioMessage, OVERSIZED_MESSAGE } from './message-guard.js';

/** A request sent to an upstream that is not connected. */
export class UpstreamUnavailableError extends Error {
  override readonly name = 'UpstreamUnavailableError';
}

/** How long connecting (the handshake and the first lists) may take, unless told otherwise. */
const CONNECT_TIMEOUT_MS = 60_000;

// The gateway and the CLI take these from here, with the connection they describe.
export type { UpstreamHooks, UpstreamOptions };

/** A live (or reconnecting) connection to one upstream server. */
export class UpstreamConnection {
  #state: UpstreamState = 'stopped';
  #message: string | undefined;
  #missingSecrets: string[] = [];
  #authorizer: UpstreamAuthorizer | undefined;
  #retryAt: Date | undefined;
  #transportKind: UpstreamTransport['kind'] | undefined;
  #client: SdkClient | undefined;
  #pid: (() => number | null) | undefined;
  #lists: UpstreamLists = EMPTY_LISTS;
  #features: UpstreamFeatures = NO_FEATURES;
  #stderr = new StderrTail();
  /** Why the connection is about to close, when the transport said so before it closed. */
  #closeReason: string | undefined;
  #attempt = 0;
  #connectedAt = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  #stopping = false;
  /** Bumped on every (re)connection so late events of an old connection are ignored. */
  #generation = 0;
  #settled: Promise<void>;
  #markSettled: () => void = () => {};
  #refreshing = new Map<keyof UpstreamLists, Promise<void>>();
  /** The ping that checks a server after a timeout, one at a time. */
  #checking: Promise<void> | undefined;
  /** Clients of replaced connections still closing; `stop()` waits for them. */
  readonly #closing = new Set<Promise<void>>();
  readonly #backoff: BackoffOptions;
  readonly #era: EraChoice;
  /** The era and version the live connection speaks, for the status. */
  #protocol: UpstreamStatus['protocol'];

  constructor(
    readonly name: string,
    private readonly config: ServerConfig,
    private readonly hooks: UpstreamHooks,
    private readonly options: UpstreamOptions,
  ) {
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#era = new EraChoice(name, config, options.clientVersion, options.eraVerdicts);
    this.#settled = new Promise((resolve) => (this.#markSettled = resolve));
  }

  /** Starts connecting in the background; failures turn into status and retries, never throws. */
  start(): void {
    this.#stopping = false;
    void this.#connect();
  }

  /** Stops and connects again: after its secrets changed or the person signed in, say. */
  async restart(): Promise<void> {
    await this.stop();
    this.#attempt = 0;
    // Another process may have signed in or out: read the keychain afresh.
    this.#authorizer = undefined;
    this.start();
  }

  /** Resolves once the first connection attempt succeeded or failed. */
  settled(): Promise<void> {
    return this.#settled;
  }

  /** Closes the connection (ending a stdio child) and stops reconnecting. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#retryTimer);
    this.#generation++;
    const client = this.#client;
    this.#client = undefined;
    this.#lists = EMPTY_LISTS;
    this.#setState('stopped', undefined);
    this.#markSettled();
    await client?.close().catch(() => {});
    // A stop means no child of this server outlives it, replaced ones included.
    await Promise.all(this.#closing);
  }

  get state(): UpstreamState {
    return this.#state;
  }

  get lists(): UpstreamLists {
    return this.#lists;
  }

  get features(): UpstreamFeatures {
    return this.#features;
  }

  /** The child's process id, for stdio servers that are running. */
  get pid(): number | null {
    return this.#pid?.() ?? null;
  }

  /** A snapshot for the UI and the CLI. */
  status(): UpstreamStatus {
    return {
      name: this.name,
      state: this.#state,
      ...(this.#message ? { message: this.#message } : {}),
      ...(this.#transportKind ? { transport: this.#transportKind } : {}),
      ...(this.#protocol && this.#state === 'ready' ? { protocol: this.#protocol } : {}),
      ...(this.#retryAt ? { retryAt: this.#retryAt.toISOString() } : {}),
      ...(this.#state === 'needs-secret' ? { missingSecrets: this.#missingSecrets } : {}),
      ...this.#signInStatus(),
      toolCount: this.#lists.tools.length,
      promptCount: this.#lists.prompts.length,
      resourceCount: this.#lists.resources.length,
      stderrTail: this.#stderr.lines(),
    };
  }

  /**
   * Sends a request and returns the upstream's result as is.
   * @throws UpstreamUnavailableError when the upstream is not ready.
   * @throws McpError when the upstream answers with a JSON-RPC error.
   */
  async request(
    method: string,
    params: RequestParams | undefined,
    signal?: AbortSignal,
    /** What a 2026-era client's request takes upstream (see `SdkRequestOptions`). */
    forClient: Pick<SdkRequestOptions, 'passInputRequired' | 'clientMeta'> = {},
  ): Promise<RequestResult> {
    const client = this.#client;
    if (!client || this.#state !== 'ready') {
      throw new UpstreamUnavailableError(this.#unavailableMessage());
    }
    const generation = this.#generation;
    const timeoutMs = this.#requestTimeoutMs();
    try {
      return await client.request({ method, params } as never, PassThroughResultSchema, {
        signal,
        timeout: timeoutMs,
        ...forClient,
        // A 2026 server reached over HTTP expects the call's x-mcp-header arguments as headers;
        // the 1.x client and stdio ignore them.
        ...(method === 'tools/call' ? { headers: this.#paramHeadersFor(params) } : {}),
      });
    } catch (error: unknown) {
      if (isRequestTimeout(error, signal)) {
        this.#checkStillAnswers(client, generation);
        throw timeoutError(this.name, method, timeoutMs);
      }
      if (isConnectionLost(error) && !signal?.aborted) {
        // The connection's close handler has run by now: the state says why, and what next.
        const state: UpstreamState = this.#state;
        throw new UpstreamUnavailableError(connectionLostMessage(this.name, method, state, this.#message));
      }
      const signIn = findSignInRequired(error);
      if (!signIn) throw error;
      // The tokens are gone for good (revoked, refresh refused): every later call would fail the
      // same way, so the server waits for the person instead.
      await this.#waitForSignIn(signIn.message);
      throw new UpstreamUnavailableError(this.#unavailableMessage());
    }
  }

  /** The `Mcp-Param-*` headers of a call to one of this server's tools (SEP-2243). */
  #paramHeadersFor(params: RequestParams | undefined): Record<string, string> {
    const tool = this.#lists.tools.find((candidate) => candidate.name === params?.name);
    return tool ? paramHeaders(paramHeaderDeclarations(tool.inputSchema), params?.arguments) : {};
  }

  /** The server's own limit, else the gateway-wide setting. */
  #requestTimeoutMs(): number {
    const fallback = this.options.requestTimeoutMs;
    return this.config.requestTimeoutMs ?? (typeof fallback === 'number' ? fallback : fallback());
  }

  /**
   * The handshake and the first lists. Not the request limit: a server may answer every call in
   * a second and still take half a minute to start (`npx` fetching it, say).
   */
  #connectTimeoutMs(): number {
    return this.options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  }

  /**
   * A request timed out: the server may be slow at that one thing, or stuck altogether. A ping
   * tells which; a server that does not answer it is replaced, since every later request would
   * only wait out its timeout too.
   */
  #checkStillAnswers(client: SdkClient, generation: number): void {
    if (this.#checking) return;
    const deadlineMs = pingDeadlineMs(this.#requestTimeoutMs());
    this.#checking = answersPing(client, deadlineMs)
      .then((answers) => {
        if (!answers) this.#replaceUnresponsive(client, generation, deadlineMs);
        else if (generation === this.#generation)
          this.options.logger.warn(`${this.name}: a request timed out; the server still answers a ping.`);
      })
      .catch((error: unknown) => this.options.logger.warn(`${this.name}: ${describeError(error)}`))
      .finally(() => (this.#checking = undefined));
  }

  #replaceUnresponsive(client: SdkClient, generation: number, deadlineMs: number): void {
    if (generation !== this.#generation || this.#stopping) return;
    this.#generation++;
    this.#client = undefined;
    this.#lists = EMPTY_LISTS;
    const pid = this.pid;
    this.#closeInBackground(client);
    if (pid !== null) endStuckChild(pid);
    this.#scheduleReconnect(
      `it stopped responding (no answer to a ping within ${seconds(deadlineMs)} after a request timed out), so Gatehouse ended it`,
    );
    this.hooks.onListsChanged(this);
  }

  #closeInBackground(client: SdkClient): void {
    const closing: Promise<void> = closeQuietly(client).finally(() => this.#closing.delete(closing));
    this.#closing.add(closing);
  }

  async #waitForSignIn(message: string): Promise<void> {
    this.#generation++;
    clearTimeout(this.#retryTimer);
    const client = this.#client;
    this.#client = undefined;
    this.#lists = EMPTY_LISTS;
    this.#setState('needs-sign-in', message);
    this.hooks.onListsChanged(this);
    if (client) await closeQuietly(client);
  }

  #signInStatus(): { signIn?: 'signed-in' | 'signed-out' } {
    if (this.#state === 'needs-sign-in') return { signIn: 'signed-out' };
    const signedIn = this.#authorizer?.signedIn;
    return signedIn === undefined ? {} : { signIn: signedIn ? 'signed-in' : 'signed-out' };
  }

  /** Sends a notification (cancellation is handled by the SDK through the request's signal). */
  async notify(method: string, params?: RequestParams): Promise<void> {
    await this.#client?.notification({ method, params } as never);
  }

  #unavailableMessage(): string {
    return unavailableMessage(this.name, this.#state, this.#message);
  }

  async #connect(): Promise<void> {
    const generation = ++this.#generation;
    this.#setState('connecting', undefined);
    let client: SdkClient | undefined;
    try {
      const resolution = await this.#resolve();
      if (generation !== this.#generation) return;
      if (!resolution.ok) {
        // Retrying cannot help until the person sets the value; restart() runs when they do.
        this.#missingSecrets = resolution.missing;
        this.#setState('needs-secret', resolution.message);
        return;
      }
      client = await this.#openClient(resolution.server, generation);
      if (generation !== this.#generation) {
        await closeQuietly(client);
        return;
      }
      this.#client = client;
      this.#features = readFeatures(client);
      this.#connectedAt = Date.now();
      await this.#refreshAll(client, generation);
      if (generation !== this.#generation) return;
      this.#setState('ready', undefined);
      this.hooks.onListsChanged(this);
    } catch (error: unknown) {
      if (client) await closeQuietly(client);
      if (generation !== this.#generation || this.#stopping) return;
      this.#client = undefined;
      const signIn = findSignInRequired(error);
      if (signIn) this.#setState('needs-sign-in', signIn.message);
      else
        this.#scheduleReconnect(
          explainConnectFailure(error, {
            command: isStdioServer(this.config) ? this.config.command : undefined,
            lastWords: this.#stderr.lastLine(),
          }),
        );
    } finally {
      this.#markSettled();
    }
  }

  async #resolve(): Promise<Resolution> {
    const resolveServer = this.options.resolveServer;
    return resolveServer ? resolveServer(this.config) : { ok: true, server: this.config };
  }

  /**
   * Opens a client in the server's era (pinned, remembered or probed), on the first transport that
   * works (Streamable HTTP, then SSE, for remotes). A failure in a probed era makes the next
   * attempt probe again.
   */
  async #openClient(server: ServerConfig, generation: number): Promise<SdkClient> {
    const era = await this.#era.choose(server);
    try {
      return era.verdict.era === 'modern'
        ? await this.#openModernClient(server, era, generation)
        : await this.#openLegacyClient(server, era, generation);
    } catch (error: unknown) {
      if (era.detected) this.#era.forget();
      throw error;
    }
  }

  /** A 2026-07-28 server, through the v2 SDK client (see modern-upstream-client.ts). */
  async #openModernClient(server: ServerConfig, era: EraDecision, generation: number): Promise<SdkClient> {
    const upstream = isStdioServer(server) ? createStdioTransport(server) : createModernHttpTransport(server);
    this.#follow(upstream);
    const client = await ModernUpstreamClient.open(
      guardUpstreamMessages(upstream.transport, this.name, this.options.logger),
      {
        clientVersion: this.options.clientVersion,
        discover: era.verdict.era === 'modern' ? era.verdict.discover : undefined,
        connectTimeoutMs: this.#connectTimeoutMs(),
        targets: this.#eventTargets(() => client, generation),
      },
    );
    client.onerror = (error) => this.#onClientError(error, generation);
    client.onclose = () => this.#onClosed(generation);
    this.#protocol = { era: 'modern', version: MODERN_UPSTREAM_VERSION, detected: era.detected };
    return client;
  }

  async #openLegacyClient(server: ServerConfig, era: EraDecision, generation: number): Promise<SdkClient> {
    this.#protocol = { era: 'legacy', detected: era.detected };
    if (isStdioServer(server)) {
      return this.#openClientOver(createStdioTransport(server), generation);
    }
    if (!hasConfiguredAuthorization(server)) this.#authorizer ??= this.options.createAuthorizer?.(server);
    const kinds = remoteTransportKinds(server);
    let firstError: unknown;
    for (const kind of kinds) {
      try {
        return await this.#openClientOver(
          createRemoteTransport(server, kind as 'streamable-http' | 'sse', this.#authorizer),
          generation,
        );
      } catch (error: unknown) {
        // Signing in is needed whatever the transport: trying the legacy one would only hide it.
        if (findSignInRequired(error)) throw error;
        firstError ??= error;
      }
    }
    throw firstError;
  }

  /** Takes note of a transport about to connect: its kind, its child's pid and stderr. */
  #follow(upstream: UpstreamTransport): void {
    this.#transportKind = upstream.kind;
    this.#pid = upstream.pid;
    if (upstream.stderr) {
      this.#stderr = new StderrTail();
      this.#stderr.follow(upstream.stderr);
    }
  }

  /** Where a client's unsolicited messages go; `client` is read only once messages arrive. */
  #eventTargets(client: () => SdkClient, generation: number): ClientEventTargets {
    return {
      isCurrent: () => generation === this.#generation,
      onProgress: (params) => this.hooks.onProgress(this, params),
      onLogMessage: (params) => this.hooks.onLogMessage(this, params),
      onResourceUpdated: (uri) => this.hooks.onResourceUpdated(this, uri),
      refresh: (which) => this.#refreshOne(client(), generation, which),
      onServerRequest: (request, signal) => this.hooks.onServerRequest(this, request, signal),
    };
  }

  #onClientError(error: Error, generation: number): void {
    // The SDK closes a stdio connection whose message outgrew its buffer; say so when it does.
    if (generation === this.#generation && isOversizedStdioMessage(error))
      this.#closeReason = `it ${OVERSIZED_MESSAGE}`;
    // While connecting, the failure is reported once, explained, by the caller.
    if (generation === this.#generation && this.#state === 'ready') {
      this.options.logger.warn(`${this.name}: ${describeError(error)}`);
    }
  }

  async #openClientOver(upstream: UpstreamTransport, generation: number): Promise<SdkClient> {
    this.#follow(upstream);
    const client: SdkClient = await openLegacyClient(
      guardUpstreamMessages(upstream.transport, this.name, this.options.logger),
      {
        clientVersion: this.options.clientVersion,
        schemaValidator: this.options.schemaValidator,
        connectTimeoutMs: this.#connectTimeoutMs(),
        targets: this.#eventTargets(() => client, generation),
        onError: (error) => this.#onClientError(error, generation),
        onVersion: (version) => {
          if (generation === this.#generation && this.#protocol)
            this.#protocol = { ...this.#protocol, version };
        },
      },
    );
    // Only a connection that was up can drop; a failed attempt is handled by the caller.
    client.onclose = () => this.#onClosed(generation);
    return client;
  }

  async #refreshAll(client: SdkClient, generation: number): Promise<void> {
    const lists = await listEverything(client, this.#features, this.#connectTimeoutMs());
    if (generation === this.#generation) this.#lists = lists;
  }

  /** Re-fetches one list after a `list_changed`; concurrent notifications share one refresh. */
  async #refreshOne(client: SdkClient, generation: number, which: keyof UpstreamLists): Promise<void> {
    if (generation !== this.#generation || this.#state !== 'ready') return;
    const running = this.#refreshing.get(which);
    if (running) {
      // A refresh in flight may have read the list before the change: run once more after it.
      await running;
      return this.#refreshOne(client, generation, which);
    }
    const methods = {
      tools: 'tools/list',
      prompts: 'prompts/list',
      resources: 'resources/list',
      resourceTemplates: 'resources/templates/list',
    } as const;
    const refresh = listAll(client, methods[which], which, this.#requestTimeoutMs())
      .then((items) => {
        if (generation !== this.#generation) return;
        this.#lists = { ...this.#lists, [which]: items };
        this.hooks.onListsChanged(this);
      })
      .catch((error: unknown) =>
        this.options.logger.warn(`${this.name}: could not refresh ${which}: ${describeError(error)}`),
      )
      .finally(() => this.#refreshing.delete(which));
    this.#refreshing.set(which, refresh);
    await refresh;
  }

  #onClosed(generation: number): void {
    if (generation !== this.#generation || this.#stopping) return;
    this.#generation++;
    this.#client = undefined;
    this.#lists = EMPTY_LISTS;
    const lastWords = this.#stderr.lastLine();
    const reason = this.#closeReason ?? 'the connection closed';
    this.#closeReason = undefined;
    this.#scheduleReconnect(`${reason}${lastWords ? ` (last output: ${lastWords})` : ''}`);
    this.hooks.onListsChanged(this);
  }

  #scheduleReconnect(message: string): void {
    if (this.#stopping) return;
    if (this.#connectedAt && Date.now() - this.#connectedAt >= this.#backoff.healthyAfterMs)
      this.#attempt = 0;
    this.#connectedAt = 0;
    const delay = backoffDelay(this.#attempt++, this.#backoff);
    this.#retryAt = new Date(Date.now() + delay);
    this.#setState('error', message);
    this.options.logger.warn(`${this.name}: ${message}; retrying in ${Math.round(delay / 1000)} s.`);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => void this.#connect(), delay);
    this.#retryTimer.unref();
  }

  #setState(state: UpstreamState, message: string | undefined): void {
    if (state !== 'error') this.#retryAt = undefined;
    if (this.#state === state && this.#message === message) return;
    this.#state = state;
    this.#message = message;
    this.hooks.onStatusChanged(this);
  }
}

/** Closes a client whose failure is already being handled, so its close is not a second event. */
async function closeQuietly(client: SdkClient): Promise<void> {
  client.onclose = undefined;
  await client.close().catch(() => {});
}
