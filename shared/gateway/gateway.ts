/**
 * The gateway engine's composition: configuration, client tokens, upstream connections, the
 * aggregate catalog, client sessions and the `/mcp` endpoint. Plain Node: the desktop shell and
 * the headless CLI both start the engine through this class.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import type { ApprovalVerdict, PendingApproval } from '../contracts/approvals.js';
import type { PolicySet } from '../contracts/policy.js';
import { isServerEnabled, type GatewayConfig, type ServerConfig } from '../contracts/config.js';
import type { AuditOutcome } from '../contracts/audit.js';
import type { CallSummary, ConfigArea } from '../contracts/control-events.js';
import { ToolAccess } from './access/tool-access.js';
import { heldToolRefusal, switchedOffRefusal, type ToolRefusal } from './access/tool-refusal.js';
import { ControlEventHub } from './control/control-event-hub.js';
import { GatewayStateReporter } from './control/gateway-state.js';
import { PauseFile } from './control/pause-file.js';
import type { GrantRegistry } from './grants/grant-registry.js';
import { SignInFlows } from './oauth/sign-in-flows.js';
import { defaultUiDirectory, UI_PATH, UiFiles } from './control/ui-files.js';
import type { ApprovalQueue } from './approvals/approval-queue.js';
import type { AuditLog } from './audit/audit-log.js';
import { backlogBounds } from './audit/audit-health.js';
import { openAuditTrail } from './audit/open-audit-trail.js';
import { describePrivacyReport, makeDataDirPrivate } from './config/private-files.js';
import { configuredSecrets } from './config/configured-secrets.js';
import { ControlHttpAdapter } from './control/control-http.js';
import type { CallGate } from './policy/call-gate.js';
import type { ToolFacts, ToolHints } from './policy/policy-engine.js';
import { PolicyState } from './policy/policy-state.js';
import { POLICY_TEMPLATE } from './policy/policy-template.js';
import { createControlHandlers } from './control/control-service.js';
import { systemClock, type Clock } from './clock.js';
import type { ToolDefinition } from './upstream/model.js';
import type { UpstreamStatus } from '../contracts/upstream-status.js';
import { Catalog, type UriRoute } from './catalog/catalog.js';
import { ListSignatures } from './catalog/list-signatures.js';
import { ClientCatalogs } from './catalog/search/client-catalogs.js';
import { ClientRegistry } from './config/client-registry.js';
import { ConfigStore } from './config/config-store.js';
import { serversToRestart } from './config/server-changes.js';
import type { JsonFileOpener } from './config/json-file-store.js';
import { GatehouseError } from './errors.js';
import { silentLogger, type Logger } from './logger.js';
import type { ClientSession } from './downstream/client-session.js';
import { MCP_PATH, McpHttpEndpoint, type EndpointHost } from './downstream/mcp-http-endpoint.js';
import { GatewayHttpServer } from './http/gateway-http-server.js';
import { GatewayRequests } from './downstream/gateway-requests.js';
import { noAudit, type AuditSink } from './downstream/request-auditor.js';
import { ResourceSubscriptions } from './downstream/resource-subscriptions.js';
import { declaredCapabilities } from './downstream/server-capabilities.js';
import { createSessionServer, type SessionHost } from './downstream/session-server.js';
import type { ModernRequest } from './downstream/modern/modern-classifier.js';
import { createModernLane } from './downstream/modern/create-modern-lane.js';
import type { HeldCalls } from './downstream/modern/held-calls.js';
import type { ListenStreams } from './downstream/modern/listen-streams.js';
import type { ModernLane } from './downstream/modern/modern-lane.js';
import { loadRequestStateKey } from './secrets/request-state-key.js';
import { EraVerdictFile } from './upstream/era-verdicts.js';
import { SessionTable } from './downstream/session-table.js';
import { UpstreamRouter } from './downstream/upstream-router.js';
import type { BackoffOptions } from './upstream/backoff.js';
import { UpstreamConnection, type UpstreamHooks } from './upstream/upstream-connection.js';
import { combinedInstructions, setLogLevelEverywhere } from './upstream/upstream-fanout.js';
import { FlowGuard } from './flow/flow-guard.js';
import { flowSecrets, serverDataClass } from './flow/flow-sources.js';
import { classifyTool } from './integrity/tool-classifier.js';
import { ToolIntegrity } from './integrity/tool-integrity.js';
import { ToolPinStore } from './integrity/tool-pins.js';
import { defaultSecretStore } from './secrets/default-secret-store.js';
import { createOAuthAuthorizer } from './oauth/oauth-authorizer.js';
import { serversBySecret } from './secrets/secret-inventory.js';
import { SecretResolver } from './secrets/secret-resolver.js';
import type { SecretStore } from './secrets/secret-store.js';
import { GATEHOUSE_VERSION } from './version.js';

/** How to start a gateway. Unset fields come from the config file. */
export interface GatewayOptions {
  readonly dataDir: string;
  readonly host?: string;
  readonly port?: number;
  readonly logger?: Logger;
  readonly backoff?: BackoffOptions;
  /** A session with no request and no open stream for this long is closed. */
  readonly sessionIdleMs?: number;
  readonly clock?: Clock;
  /**
   * Where audit entries go: by default the SQLite audit log in the data directory; `false` keeps
   * none (tests of other parts, tools that only read).
   */
  readonly audit?: AuditSink | false;
  /** The control API's token; a random one when absent. */
  readonly adminToken?: string;
  /** Where `${secret:…}` values and OAuth tokens live: the OS keychain by default. */
  readonly secretStore?: SecretStore;
  /** The built UI served under `/ui/`; `false` serves none. Default: this installation's. */
  readonly uiDirectory?: string | false;
  /** Opens config.json and clients.json (`conf` by default; tests pass their own). */
  readonly openJsonFile?: JsonFileOpener;
  /** Where `${env:…}` values come from: the process environment by default. */
  readonly environment?: NodeJS.ProcessEnv;
  /** How long a 2026-era call waiting for the client's input is held for its retry (tests shorten it). */
  readonly heldCallMs?: number;
}

const HOUSEKEEPING_INTERVAL_MS = 2000;

/** A running gateway. */
export class Gateway implements EndpointHost, SessionHost {
  readonly version = GATEHOUSE_VERSION;
  readonly router = new UpstreamRouter();
  /** The answers to client requests, for both protocol eras. */
  readonly requests: GatewayRequests = new GatewayRequests(this);
  readonly approvals: ApprovalQueue;
  readonly gate: CallGate;
  readonly #policyState: PolicyState;
  /** Sign-in and sign-out started from the window. */
  readonly signIns: SignInFlows;
  /** The bearer token of the control API; lives only in memory and in the runtime file. */
  readonly adminToken: string;
  readonly audit: AuditSink;
  /** The audit log this gateway opened and must close (none when the caller supplied a sink). */
  readonly #auditLog: AuditLog | undefined;
  // One validator for every session: building Ajv per session would make each initialize slow.
  readonly schemaValidator = new AjvJsonSchemaValidator();
  /** The keychain (or the store the caller supplied): secrets by name and OAuth tokens. */
  readonly secrets: SecretStore;
  readonly #resolver: SecretResolver;
  readonly #logger: Logger;
  readonly #registry: ClientRegistry;
  readonly #upstreams = new Map<string, UpstreamConnection>();
  readonly #sessions: SessionTable;
  readonly #subscriptions: ResourceSubscriptions;
  readonly #http: GatewayHttpServer;
  /** The 2026-07-28 lane: stateless requests, their held rounds and their listen streams. */
  readonly #modern: ModernLane;
  readonly heldCalls: HeldCalls;
  readonly listeners: ListenStreams;
  readonly #sessionIdleMs: number;
  /** The engine's time, for checks that depend on it (policy validation, rate limits). */
  readonly clock: Clock;
  #catalog: Catalog;
  readonly #listSignatures = new ListSignatures();
  #housekeeping: NodeJS.Timeout | undefined;

  /** Everything the UI listens to: calls, approvals, server status, configuration changes. */
  readonly events: ControlEventHub;
  /** Which tools each client may use. */
  readonly access: ToolAccess;
  /** Each client's catalog mode (full or search) and its search index. */
  readonly catalogs = new ClientCatalogs({
    catalog: () => this.#catalog,
    visibleTools: (client) => this.visibleTools(client),
    catalogSettings: () => this.#config.catalogs,
  });
  /** Paused or not, and how many calls wait for approval. */
  readonly state: GatewayStateReporter;
  /** Pinned tool definitions, and the tools held back until the person reviews them. */
  readonly integrity: ToolIntegrity;
  /** The data-flow guard: what each client was given, found again in its later calls. */
  readonly flowGuard: FlowGuard;
  #config: GatewayConfig;
  /** The file the configuration lives in, for the control API's changes. */
  readonly configStore: ConfigStore;
  readonly #hooks: UpstreamHooks;
  /** Which era each server speaks, kept across restarts. */
  readonly #eraVerdicts: EraVerdictFile;

  private constructor(
    config: GatewayConfig,
    configStore: ConfigStore,
    private readonly options: GatewayOptions,
    auditLog: AuditLog | undefined,
  ) {
    this.#config = config;
    this.configStore = configStore;
    this.#logger = options.logger ?? silentLogger;
    this.events = new ControlEventHub(this.#logger);
    this.#hooks = this.#upstreamHooks();
    this.#eraVerdicts = new EraVerdictFile(options.dataDir);
    this.clock = options.clock ?? systemClock;
    this.#subscriptions = new ResourceSubscriptions((name) => this.#upstreams.get(name), this.#logger);
    const listsChanged = () => {
      this.#sessions.notifyAll('notifications/tools/list_changed', undefined);
      this.listeners.listChanged('tools');
    };
    const riskOf = (server: string, tool: string) => this.integrity.classification(server, tool)?.risk;
    const auditRefusal = () => this.#auditLog?.refusal();
    this.#policyState = new PolicyState(
      config.policies,
      configStore,
      this.clock,
      listsChanged,
      riskOf,
      auditRefusal,
    );
    this.approvals = this.#policyState.approvals;
    this.gate = this.#policyState.gate;
    // A pause outlives a restart: the person resumes it, never a reboot.
    const pauseFile = new PauseFile(options.dataDir, this.#logger);
    this.state = new GatewayStateReporter(
      this.approvals,
      this.gate,
      this.events,
      this.clock,
      this.#logger,
      () => this.#auditLog?.health(),
      (pausedSince, by) => pauseFile.save(pausedSince, by),
    );
    const pausedSince = pauseFile.load(() => this.clock.now());
    if (pausedSince) this.gate.pause(pausedSince);
    this.#policyState.grants.onChange(() => this.events.emit({ type: 'grants.changed' }));
    this.#registry = new ClientRegistry(options.dataDir, undefined, options.openJsonFile);
    this.#sessionIdleMs = options.sessionIdleMs ?? 30 * 60_000;
    this.#sessions = new SessionTable(
      (session) => createSessionServer(this, session),
      (session) => this.#subscriptions.forget(session),
    );
    this.#catalog = new Catalog([], config.settings.namespacing);
    this.adminToken = options.adminToken ?? randomBytes(32).toString('base64url');
    this.secrets = options.secretStore ?? defaultSecretStore();
    this.#resolver = new SecretResolver(this.secrets, options.environment ?? process.env);
    this.signIns = new SignInFlows({
      secrets: this.secrets,
      environment: options.environment ?? process.env,
      logger: this.#logger,
      server: (name) => this.#config.mcpServers[name],
      restart: (name) => this.restartUpstream(name),
      progress: (progress) => this.events.emit({ type: 'server.signIn', progress }),
    });
    this.#auditLog = auditLog;
    this.audit = this.#auditLog ?? (options.audit || noAudit);
    this.integrity = new ToolIntegrity({
      pins: new ToolPinStore(options.dataDir, options.openJsonFile),
      audit: this.audit,
      clock: this.clock,
      logger: this.#logger,
      newToolsMode: (server) => this.#config.mcpServers[server]?.newTools ?? 'available',
      classify: classifyTool,
    });
    this.flowGuard = new FlowGuard({
      settings: () => this.#config.settings.flowGuard,
      secrets: () => flowSecrets(this.#config, this.#resolver.named()),
      dataClassOf: (server) => serverDataClass(this.#config, this.#catalog, riskOf, server),
      clock: this.clock,
    });
    const suspicious = (server: string, tool: string) =>
      this.integrity.classification(server, tool)?.suspicious;
    this.access = new ToolAccess(config.toolAccess, (server, tool) => suspicious(server, tool) === true);
    const modern = createModernLane({
      requests: this.requests,
      catalog: () => this.#catalog,
      subscriptions: this.#subscriptions,
      loadKey: async () => (await loadRequestStateKey(this.secrets, options.dataDir, this.#logger)).key,
      holdMs: options.heldCallMs,
      identity: { name: 'gatehouse', version: this.version },
      capabilities: () => this.capabilities(),
      logger: this.#logger,
      instructions: () => this.instructions(),
    });
    this.#modern = modern.lane;
    this.heldCalls = modern.heldCalls;
    this.listeners = modern.listeners;
    // The composition root is the one place that knows every part the HTTP server mounts.
    this.#http = new GatewayHttpServer({
      host: options.host ?? config.settings.host,
      port: options.port ?? config.settings.port,
      logger: this.#logger,
      mainPath: MCP_PATH,
    })
      .mount(new McpHttpEndpoint(this, { maxRequestBytes: config.settings.maxRequestBytes }))
      .mount(new ControlHttpAdapter(this.adminToken, createControlHandlers(this), this.events, this.#logger));
    if (options.uiDirectory !== false)
      this.#http.mount(new UiFiles(options.uiDirectory ?? defaultUiDirectory()));
  }

  /**
   * Loads the config, starts listening and starts connecting every enabled upstream in parallel.
   * Resolves once the endpoint listens; upstreams keep connecting in the background.
   * @throws GatehouseError when the config or clients file is invalid or the port is taken.
   */
  static async start(options: GatewayOptions): Promise<Gateway> {
    const logger = options.logger ?? silentLogger;
    const tightened = describePrivacyReport(options.dataDir, makeDataDirPrivate(options.dataDir));
    if (tightened) logger.warn(tightened);
    const configStore = new ConfigStore(options.dataDir, options.openJsonFile);
    configStore.createIfMissing({ mcpServers: {}, policies: POLICY_TEMPLATE });
    const config = configStore.load();
    const secretStore = options.secretStore ?? defaultSecretStore();
    // The audit log's callbacks reach the gateway built just after it; nothing is appended before.
    let built: Gateway | undefined;
    const trail =
      options.audit === undefined
        ? openAuditTrail({
            dataDir: options.dataDir,
            logger,
            ...(options.clock ? { clock: options.clock } : {}),
            secrets: secretStore,
            knownSecrets: () => (built ? built.#knownSecrets() : []),
            backlog: backlogBounds(config.settings),
            failurePolicy: () => (built?.config ?? config).settings.auditFailure,
            onHealthChange: (health) => built?.state.auditChanged(health),
          })
        : undefined;
    const auditLog = trail?.log;
    const gateway = (built = new Gateway(config, configStore, { ...options, secretStore }, auditLog));
    try {
      gateway.#registry.refresh();
      await gateway.#http.listen();
    } catch (error: unknown) {
      gateway.#auditLog?.close();
      throw error;
    }
    // Drops records older or more numerous than the settings allow, keeping the chain verifiable.
    // Retention checks the records it deletes, keyed ones with the key: it waits for the key, in
    // the background, so a slow keychain does not hold up the start.
    if (trail) void trail.keyed.then(() => trail.log.applyRetentionSettings(gateway.config.settings));
    gateway.#startUpstreams();
    gateway.#housekeeping = setInterval(() => gateway.#sweep(), HOUSEKEEPING_INTERVAL_MS);
    gateway.#housekeeping.unref();
    return gateway;
  }

  /** The configuration in force (config.json as last loaded or changed through the gateway). */
  get config(): GatewayConfig {
    return this.#config;
  }

  /** The client registry (tokens), for the control API. */
  get clients(): ClientRegistry {
    return this.#registry;
  }

  /**
   * Takes a configuration written through `configStore`: starts, stops or restarts the servers
   * whose entries changed and applies access and settings. Policies have their own reload.
   */
  async configChanged(next: GatewayConfig, area: ConfigArea): Promise<void> {
    const previous = this.#config;
    this.#config = next;
    this.access.replace(next.toolAccess);
    const changed = serversToRestart(previous.mcpServers, next.mcpServers, (name) =>
      this.#upstreams.has(name),
    );
    await Promise.all(
      changed.map(async (name) => {
        const after = next.mcpServers[name];
        await this.#upstreams.get(name)?.stop();
        this.#upstreams.delete(name);
        if (after && isServerEnabled(after)) this.#startUpstream(name, after);
      }),
    );
    this.#rebuildCatalog();
    if (area === 'access') {
      // Access is per client: every session re-reads its list.
      this.#sessions.notifyAll('notifications/tools/list_changed', undefined);
      this.listeners.listChanged('tools');
    }
    this.events.emit({ type: 'config.changed', area });
    // Switching settings.auditFailure while the trail is not written starts or stops refusals.
    if (this.#auditLog && previous.settings.auditFailure !== next.settings.auditFailure) {
      this.state.auditChanged(this.#auditLog.health());
    }
  }

  /** Why a client may not call a tool (held for review, or switched off), or undefined. */
  toolRefusal(client: string, server: string, tool: string): ToolRefusal | undefined {
    const held = this.integrity.held(server, tool);
    if (held) return heldToolRefusal(held);
    return this.access.isEnabled(client, server, tool) ? undefined : switchedOffRefusal(client);
  }

  /** The person accepts a held tool's current definition; clients see it again. */
  acceptTool(server: string, tool: string, hash: string, by: string): void {
    this.integrity.accept(server, tool, hash, by);
    this.#rebuildCatalog();
  }

  /** The URL clients connect to. */
  get url(): URL {
    return new URL(MCP_PATH, this.#http.baseUrl);
  }

  /** The UI's address, with the admin token in the fragment (never sent to any server, as Jupyter does with its query). */
  get uiUrl(): URL {
    const url = new URL(UI_PATH, this.url);
    url.hash = `token=${this.adminToken}`;
    return url;
  }

  /** Resolves once every upstream has finished its first connection attempt. */
  async whenUpstreamsSettled(): Promise<void> {
    await Promise.all([...this.#upstreams.values()].map((upstream) => upstream.settled()));
  }

  /** Every upstream's status, in config order. */
  upstreamStatuses(): UpstreamStatus[] {
    return [...this.#upstreams.values()].map((upstream) => upstream.status());
  }

  /** How many client sessions are open. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Stops everything: sessions, the endpoint, and every upstream (ending stdio children). */
  async stop(): Promise<void> {
    clearInterval(this.#housekeeping);
    this.approvals.denyAll('shutdown', 'Gatehouse is shutting down.');
    this.signIns.cancelAll();
    this.heldCalls.cancelAll();
    this.listeners.closeAll();
    await this.#sessions.closeAll();
    await this.#http.close();
    await Promise.all([...this.#upstreams.values()].map((upstream) => upstream.stop()));
    // Requests ended by the shutdown hand their records over on the next turn: let them land.
    await new Promise((resolve) => setImmediate(resolve));
    this.#auditLog?.close();
  }

  /** Every secret value Gatehouse holds now, for the audit log's redaction. */
  #knownSecrets(): string[] {
    return [...configuredSecrets(this.config), ...this.#resolver.values()];
  }

  /** The audit log, when this gateway keeps one. */
  get auditLog(): AuditLog | undefined {
    return this.#auditLog;
  }

  /**
   * Connects a server again from scratch (after its secret was set or the person signed in).
   * @throws GatehouseError `server_unknown` when no enabled server has that name.
   */
  async restartUpstream(name: string): Promise<UpstreamStatus> {
    const upstream = this.#upstreams.get(name);
    if (!upstream) {
      throw new GatehouseError('server_unknown', `No enabled server is called "${name}".`);
    }
    await upstream.restart();
    // Its old tools leave the catalog now; they come back when it is ready again (signed out, say).
    this.#rebuildCatalog();
    await upstream.settled();
    return upstream.status();
  }

  /** Restarts every server that refers to the secret, so it picks up the new value (or its loss). */
  async secretChanged(name: string): Promise<string[]> {
    const users = (serversBySecret(this.config).get(name) ?? []).filter((server) =>
      this.#upstreams.has(server),
    );
    await Promise.all(users.map((server) => this.#upstreams.get(server)?.restart()));
    return users;
  }

  // EndpointHost

  authenticate(token: string): string | undefined {
    return this.#registry.authenticate(token);
  }

  createSession(clientName: string, protocolVersion: string): ClientSession {
    return this.#sessions.open(clientName, protocolVersion);
  }

  session(id: string): ClientSession | undefined {
    return this.#sessions.get(id);
  }

  async closeSession(id: string): Promise<void> {
    await this.#sessions.get(id)?.close();
  }

  serveModern(request: ModernRequest, clientName: string, response: ServerResponse): Promise<void> {
    return this.#modern.handle(request, clientName, response);
  }

  /** Applies the person's answer to a pending approval (see PolicyState). */
  decideApproval(id: string, verdict: ApprovalVerdict, decidedBy: string): PendingApproval {
    return this.#policyState.decideApproval(id, verdict, decidedBy);
  }

  /** Re-reads the policies from config.json. @throws GatehouseError when they are invalid. */
  reloadPolicies(): PolicySet {
    return this.#policyState.reload();
  }

  /** What "remember" on approvals let through, narrowed and timed; revoked from the window. */
  get grants(): GrantRegistry {
    return this.#policyState.grants;
  }

  /** The policies in force. */
  get policies(): PolicySet {
    return this.#policyState.policies;
  }

  /** What policy may match on besides names: the tool's annotations and risk as listed now. */
  toolFacts(server: string, tool: string): ToolFacts {
    const definition = this.#upstreams.get(server)?.lists.tools.find((candidate) => candidate.name === tool);
    const risk = this.integrity.classification(server, tool)?.risk;
    return { annotations: definition?.annotations as ToolHints | undefined, ...(risk ? { risk } : {}) };
  }

  // SessionHost

  visibleTools(clientName: string): readonly ToolDefinition[] {
    const catalog = this.#catalog;
    return this.#policyState.visibleTools(catalog, clientName).filter((tool) => {
      const route = catalog.tool(tool.name);
      return route !== undefined && !this.toolRefusal(clientName, route.server, route.name);
    });
  }

  watchingCalls(): boolean {
    return this.events.listenerCount > 0;
  }

  callStarted(call: CallSummary): void {
    this.events.emit({ type: 'call.started', call });
  }

  callFinished(call: CallSummary, outcome: AuditOutcome, durationMs: number): void {
    this.events.emit({ type: 'call.finished', call: { ...call, outcome, durationMs } });
  }

  catalog(): Catalog {
    return this.#catalog;
  }

  upstream(name: string): UpstreamConnection | undefined {
    return this.#upstreams.get(name);
  }

  capabilities(): Record<string, unknown> {
    return declaredCapabilities(this.#upstreams.values(), this.#catalog);
  }

  instructions(): string | undefined {
    return combinedInstructions(this.#upstreams.values());
  }

  subscribe(session: ClientSession, exposedUri: string, route: UriRoute): Promise<void> {
    return this.#subscriptions.subscribe(session, exposedUri, route);
  }

  unsubscribe(session: ClientSession, exposedUri: string): Promise<void> {
    return this.#subscriptions.unsubscribe(session, exposedUri);
  }

  setLogLevel(level: LoggingLevel): Promise<void> {
    return setLogLevelEverywhere(this.#upstreams.values(), level);
  }

  // Upstreams

  #upstreamHooks(): UpstreamHooks {
    return {
      onStatusChanged: (upstream) => {
        const status = upstream.status();
        if (status.state === 'ready')
          this.#logger.info(`${upstream.name}: ready (${status.toolCount} tools).`);
        this.events.emit({ type: 'server.status', status });
      },
      onListsChanged: (upstream) => {
        this.#rebuildCatalog();
        if (upstream.state === 'ready') this.#subscriptions.renew(upstream);
      },
      onProgress: (_upstream, params) => this.router.relayProgress(params),
      onLogMessage: (upstream, params) => this.router.relayLogMessage(upstream, params, this.#sessions.all()),
      onResourceUpdated: (upstream, uri) => this.#relayResourceUpdated(upstream.name, uri),
      onServerRequest: (upstream, request, signal) =>
        this.router.routeServerRequest(upstream, request, signal),
    };
  }

  #startUpstreams(): void {
    for (const [name, server] of Object.entries(this.config.mcpServers)) {
      if (isServerEnabled(server)) this.#startUpstream(name, server);
    }
  }

  #startUpstream(name: string, server: ServerConfig): void {
    const upstream = new UpstreamConnection(name, server, this.#hooks, {
      backoff: this.options.backoff,
      requestTimeoutMs: () => this.config.settings.upstreamRequestTimeoutMs,
      logger: this.#logger,
      clientVersion: this.version,
      schemaValidator: this.schemaValidator,
      resolveServer: (entry) => this.#resolver.resolve(entry),
      createAuthorizer: (remote) =>
        createOAuthAuthorizer(this.secrets, name, remote.url, undefined, remote.oauth),
      eraVerdicts: this.#eraVerdicts,
    });
    this.#upstreams.set(name, upstream);
    upstream.start();
  }

  /** Rebuilds the aggregate and tells sessions which of its lists changed. */
  #rebuildCatalog(): void {
    const sources = [...this.#upstreams.values()]
      .filter((upstream) => upstream.state === 'ready')
      .map((upstream) => ({
        server: upstream.name,
        lists: upstream.lists,
        servesResources: upstream.features.resources,
      }));
    for (const source of sources) this.integrity.observe(source.server, source.lists.tools);
    this.#catalog = new Catalog(sources, this.config.settings.namespacing);
    this.#policyState.catalogChanged();
    const changed = this.#listSignatures.changes(this.#catalog, String(this.integrity.version));
    if (changed.tools) this.events.emit({ type: 'catalog.changed' });
    for (const session of this.#sessions.all()) {
      if (changed.tools) session.notify('notifications/tools/list_changed', undefined);
      if (changed.prompts) session.notify('notifications/prompts/list_changed', undefined);
      if (changed.resources) session.notify('notifications/resources/list_changed', undefined);
    }
    if (changed.tools) this.listeners.listChanged('tools');
    if (changed.prompts) this.listeners.listChanged('prompts');
    if (changed.resources) this.listeners.listChanged('resources');
  }

  #relayResourceUpdated(server: string, uri: string): void {
    const exposed = this.#catalog.exposedResourceUri(server, uri);
    for (const session of this.#subscriptions.subscribers(exposed)) {
      session.notify('notifications/resources/updated', { uri: exposed });
    }
  }

  /** Closes sessions of revoked clients and sessions left idle. */
  #sweep(): void {
    this.#sessions.sweep(this.#registry.names(), Date.now() - this.#sessionIdleMs);
  }
}
