/**
 * What the gateway does with each client request, whichever protocol era it came in on: lists
 * answered from the aggregate catalog, everything else forwarded to the upstream that owns it,
 * tool calls through switches, policy, approvals and the audit trail.
 *
 * Both downstream lanes call these: the 2025-era session server (session-server.ts) registers
 * them with the SDK, and the 2026-era lane (modern/) calls them for each stateless request.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation';
import type { AuditOutcome } from '../../contracts/audit.js';
import type { CallSummary } from '../../contracts/control-events.js';
import { TOOL_ACCESS_RULE_ID } from '../access/tool-access.js';
import type { ToolRefusal } from '../access/tool-refusal.js';
import type { Catalog } from '../catalog/catalog.js';
import {
  exposePromptResultUris,
  exposeReadResultUris,
  exposeToolResultUris,
  type ExposeUri,
} from '../catalog/content-uris.js';
import { exposedUri } from '../catalog/naming.js';
import { ResultUriRoutes } from '../catalog/result-uri-routes.js';
import type { ClientCatalogs } from '../catalog/search/client-catalogs.js';
import type { FlowGuard } from '../flow/flow-guard.js';
import type { ToolIntegrity } from '../integrity/tool-integrity.js';
import type { Admission, CallGate } from '../policy/call-gate.js';
import type { ToolHints } from '../policy/policy-engine.js';
import type { RequestParams, RequestResult, ToolDefinition } from '../upstream/model.js';
import { UpstreamUnavailableError, type UpstreamConnection } from '../upstream/upstream-connection.js';
import type { Caller, RequestId } from './caller.js';
import {
  resolveToolCall,
  toolsForCaller,
  viewOfCall,
  viewReadRefusal,
  withoutViewHint,
} from './app-views.js';
import { ProtocolError, relayable } from './protocol-error.js';
import { RequestAudit, type AuditSink, type AuditStart } from './request-auditor.js';
import type { UpstreamRouter } from './upstream-router.js';

/** What the request handlers need from the gateway. */
export interface RequestHost {
  readonly version: string;
  readonly router: UpstreamRouter;
  readonly gate: CallGate;
  readonly audit: AuditSink;
  /** The tools this client may see: the catalog less those policy denies it outright. */
  visibleTools(clientName: string): readonly ToolDefinition[];
  /** Each client's catalog mode: what its tools/list holds, and its search and call tools. */
  readonly catalogs: Pick<ClientCatalogs, 'listedTools' | 'route'>;
  readonly schemaValidator: jsonSchemaValidator;
  catalog(): Catalog;
  upstream(name: string): UpstreamConnection | undefined;
  instructions(): string | undefined;
  /** Pinned tools and their classification (risk level), for policy. */
  readonly integrity: Pick<ToolIntegrity, 'classification'>;
  /** Why this client may not use this tool at all (held for review, switched off), or undefined. */
  toolRefusal(client: string, server: string, tool: string): ToolRefusal | undefined;
  /** Live call events for the UI, when anyone listens. */
  watchingCalls(): boolean;
  callStarted(call: CallSummary): void;
  callFinished(call: CallSummary, outcome: AuditOutcome, durationMs: number): void;
  /** The data-flow guard: remembers what results held, finds it again in later arguments. */
  readonly flowGuard?: Pick<FlowGuard, 'trace' | 'remember'>;
}

/** What a handler knows about the request besides its params. */
export interface RequestContext {
  readonly requestId: RequestId;
  readonly signal: AbortSignal;
  /**
   * A later round of a 2026-era call the gate already admitted (the client answered its server's
   * `input_required`): the person is not asked again, but a deny or a pause made since applies.
   */
  readonly continuation?: boolean | undefined;
}

/** The answers to client requests, shared by both protocol eras. */
export class GatewayRequests {
  /** Where URIs servers named in answers, without listing them, lead back to. */
  readonly #resultUris = new ResultUriRoutes();

  constructor(private readonly host: RequestHost) {}

  listTools(caller: Caller): RequestResult {
    return { tools: toolsForCaller(this.host.catalogs.listedTools(caller.clientName), caller) };
  }

  listPrompts(): RequestResult {
    return { prompts: [...this.host.catalog().prompts] };
  }

  listResources(): RequestResult {
    return { resources: [...this.host.catalog().resources] };
  }

  listResourceTemplates(): RequestResult {
    return { resourceTemplates: [...this.host.catalog().resourceTemplates] };
  }

  /** The exposed name of the tool a tools/call runs (the named one, for the search-mode call tool). */
  routedToolName(clientName: string, params: RequestParams): string {
    const routed = this.host.catalogs.route(clientName, params);
    return String(routed.kind === 'call' ? routed.params.name : params.name);
  }

  async callTool(caller: Caller, requested: RequestParams, context: RequestContext): Promise<RequestResult> {
    const host = this.host;
    // Search mode: a search is answered here; a call through the call tool continues below as the
    // call of the tool it names, so every check and the audit see the real tool.
    const routed = host.catalogs.route(caller.clientName, requested);
    if (routed.kind === 'answered') return routed.result;
    const params = routed.params;
    const exposedTool = String(params.name);
    const catalog = host.catalog();
    const resolved = resolveToolCall(catalog, caller, exposedTool, params._meta);
    const route = resolved?.route;
    const args = (params.arguments as Record<string, unknown> | undefined) ?? {};
    const start = {
      method: 'tools/call' as const,
      server: route?.server,
      target: route?.name ?? exposedTool,
      arguments: args,
      ...(resolved?.fromView ? { origin: 'view' as const } : {}),
    };
    // Live call events cost an id and a timestamp per call: only when someone is watching.
    const call: CallSummary | undefined = host.watchingCalls()
      ? {
          id: randomUUID(),
          client: caller.clientName,
          server: route?.server ?? '',
          tool: route?.name ?? exposedTool,
          startedAt: new Date().toISOString(),
        }
      : undefined;
    if (call) host.callStarted(call);
    const finished =
      call && ((outcome: AuditOutcome, durationMs: number) => host.callFinished(call, outcome, durationMs));
    return this.#audited(caller, start, context.signal, finished, async (audit) => {
      if (!route) throw new ProtocolError(ErrorCode.InvalidParams, `Unknown tool: ${exposedTool}`);
      const refusal = host.toolRefusal(caller.clientName, route.server, route.name);
      if (refusal) {
        const admission = refusedAdmission(refusal, exposedTool);
        audit.admitted(admission);
        return toolError(admission.refusal ?? 'Gatehouse refused this call.');
      }
      const progressToken = (params._meta as { progressToken?: unknown } | undefined)?.progressToken;
      const admission = await host.gate.admit({
        client: caller.clientName,
        sessionId: caller.id,
        server: route.server,
        tool: route.name,
        exposedTool,
        annotations: route.definition.annotations as ToolHints | undefined,
        risk: host.integrity.classification(route.server, route.name)?.risk,
        arguments: args,
        flows: host.flowGuard?.trace(caller.clientName, args),
        signal: context.signal,
        continuesAdmitted: context.continuation === true,
        onWaiting:
          typeof progressToken !== 'string' && typeof progressToken !== 'number'
            ? undefined
            : (message, elapsedMs) =>
                caller.notify(
                  'notifications/progress',
                  { progressToken, progress: Math.round(elapsedMs / 1000), message },
                  context.requestId,
                ),
      });
      audit.admitted(admission);
      if (!admission.admitted) return toolError(admission.refusal ?? 'Gatehouse refused this call.');
      try {
        const result = await this.#forward(
          caller,
          route.server,
          'tools/call',
          { ...params, name: route.name, _meta: withoutViewHint(params._meta) },
          context,
        );
        host.flowGuard?.remember(
          caller.clientName,
          { method: 'tools/call', server: route.server, name: route.name },
          result,
        );
        return exposeToolResultUris(result, this.#answerUris(catalog, route.server));
      } catch (error: unknown) {
        // A crash or a timeout is the tool failing: the model reads why in the result, while the
        // audit keeps the failure (outcome and sentence) as it was.
        if (!isToolFailure(error, context.signal)) throw error;
        audit.failedAsToolError(error, context.signal);
        return toolError(error.message);
      }
    });
  }

  async getPrompt(caller: Caller, params: RequestParams, context: RequestContext): Promise<RequestResult> {
    const name = String(params.name);
    const catalog = this.host.catalog();
    const route = catalog.prompt(name);
    const start = {
      method: 'prompts/get' as const,
      server: route?.server,
      target: route?.name ?? name,
      arguments: params.arguments,
    };
    return this.#audited(caller, start, context.signal, undefined, async () => {
      if (!route) throw new ProtocolError(ErrorCode.InvalidParams, `Unknown prompt: ${name}`);
      const result = await this.#forward(
        caller,
        route.server,
        'prompts/get',
        { ...params, name: route.name },
        context,
      );
      this.host.flowGuard?.remember(
        caller.clientName,
        { method: 'prompts/get', server: route.server, name: route.name },
        result,
      );
      return exposePromptResultUris(result, this.#answerUris(catalog, route.server));
    });
  }

  async readResource(caller: Caller, params: RequestParams, context: RequestContext): Promise<RequestResult> {
    const uri = String(params.uri);
    const catalog = this.host.catalog();
    const route = catalog.resource(uri, (bare) => this.#resultUris.route(bare));
    const start = {
      method: 'resources/read' as const,
      server: route?.server,
      target: route?.uri ?? uri,
      ...(viewOfCall(params._meta) ? { origin: 'view' as const } : {}),
    };
    return this.#audited(caller, start, context.signal, undefined, async (audit) => {
      if (!route) throw new ProtocolError(ErrorCode.InvalidParams, `Unknown resource: ${uri}`);
      const refusal = viewReadRefusal(catalog, route, () => this.host.visibleTools(caller.clientName));
      if (refusal) {
        audit.admitted({
          admitted: false,
          decision: { action: 'deny', ruleId: TOOL_ACCESS_RULE_ID, explanation: refusal },
          refusal,
        });
        throw new ProtocolError(ErrorCode.InvalidParams, refusal);
      }
      const result = await this.#forward(
        caller,
        route.server,
        'resources/read',
        { ...params, uri: route.uri, _meta: withoutViewHint(params._meta) },
        context,
      );
      this.host.flowGuard?.remember(
        caller.clientName,
        { method: 'resources/read', server: route.server, name: route.uri },
        result,
      );
      const answerUris = this.#answerUris(catalog, route.server);
      return exposeReadResultUris(result, (contentUri) =>
        contentUri === route.uri ? uri : answerUris(contentUri),
      );
    });
  }

  async complete(caller: Caller, params: RequestParams, context: RequestContext): Promise<RequestResult> {
    const ref = (params.ref ?? {}) as { type?: unknown; name?: unknown; uri?: unknown };
    const catalog = this.host.catalog();
    if (ref.type === 'ref/prompt') {
      const route = catalog.prompt(String(ref.name));
      if (!route) throw new ProtocolError(ErrorCode.InvalidParams, `Unknown prompt: ${String(ref.name)}`);
      return this.#forward(
        caller,
        route.server,
        'completion/complete',
        { ...params, ref: { ...ref, name: route.name } },
        context,
      );
    }
    const uri = String(ref.uri);
    const route = catalog.template(uri) ?? catalog.resource(uri);
    if (!route) throw new ProtocolError(ErrorCode.InvalidParams, `Unknown resource template: ${uri}`);
    return this.#forward(
      caller,
      route.server,
      'completion/complete',
      { ...params, ref: { ...ref, uri: route.uri } },
      context,
    );
  }

  /**
   * How URIs a server names in an answer reach the client: as the catalog exposes them, and a
   * bare URI nobody listed is learned so reading it returns to this server; one that would lead
   * to another server is prefixed instead.
   */
  #answerUris(catalog: Catalog, server: string): ExposeUri {
    return (uri) => {
      const exposed = catalog.exposedResourceUri(server, uri);
      if (exposed !== uri) return exposed;
      const known = catalog.resource(uri, (bare) => this.#resultUris.route(bare));
      if (known?.server === server) return uri;
      if (known === undefined && this.#resultUris.learn(server, uri)) return uri;
      return exposedUri(server, uri, true);
    };
  }

  #forward(
    caller: Caller,
    server: string,
    method: string,
    params: RequestParams,
    context: RequestContext,
  ): Promise<RequestResult> {
    const upstream = this.host.upstream(server);
    if (!upstream)
      throw new ProtocolError(ErrorCode.InvalidParams, `The server "${server}" is not configured.`);
    return this.host.router.forward(caller, upstream, method, params, context).catch(explainUpstreamFailure);
  }

  /** Runs a request's handler and records how it ended in the audit trail. */
  async #audited(
    caller: Caller,
    start: Omit<AuditStart, 'client' | 'sessionId' | 'protocolVersion'>,
    signal: AbortSignal,
    onFinished: ((outcome: AuditOutcome, durationMs: number) => void) | undefined,
    run: (audit: RequestAudit) => Promise<RequestResult>,
  ): Promise<RequestResult> {
    const audit = new RequestAudit(
      this.host.audit,
      { ...start, client: caller.clientName, sessionId: caller.id, protocolVersion: caller.protocolVersion },
      onFinished,
    );
    try {
      const result = await run(audit);
      audit.finished(result);
      return result;
    } catch (error: unknown) {
      audit.failed(error, signal);
      throw error;
    }
  }
}

/** A refusal made before policy: the tool is held for review or switched off for this client. */
function refusedAdmission(refusal: ToolRefusal, exposedTool: string): Admission {
  const explanation = `${exposedTool}: ${refusal.explanation}`;
  return {
    admitted: false,
    decision: { action: 'deny', ruleId: refusal.ruleId, explanation },
    refusal: `Gatehouse refused this call. ${explanation}`,
  };
}

function toolError(text: string): RequestResult {
  return { isError: true, content: [{ type: 'text', text }] };
}

/**
 * Whether a tools/call failed because its server did not answer (it is down, crashed or ran out
 * of time), as opposed to a protocol error the client made or a call it withdrew.
 */
function isToolFailure(error: unknown, signal: AbortSignal): error is ProtocolError {
  if (!(error instanceof ProtocolError) || signal.aborted) return false;
  return error.code === ErrorCode.InternalError || error.code === ErrorCode.RequestTimeout;
}

/** Gives an unreachable upstream a clear JSON-RPC error; passes upstream errors through. */
function explainUpstreamFailure(error: unknown): never {
  if (error instanceof UpstreamUnavailableError)
    throw new ProtocolError(ErrorCode.InternalError, error.message);
  throw relayable(error);
}
