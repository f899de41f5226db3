/**
 * The MCP server a client session talks to: answers lists from the aggregate catalog and
 * forwards everything else to the upstream that owns it.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type LoggingLevel,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation';
import type { Catalog, UriRoute } from '../catalog/catalog.js';
import { randomUUID } from 'node:crypto';
import type { AuditOutcome } from '../../contracts/audit.js';
import type { CallSummary } from '../../contracts/control-events.js';
import type { ToolRefusal } from '../access/tool-refusal.js';
import type { ToolIntegrity } from '../integrity/tool-integrity.js';
import type { Admission, CallGate } from '../policy/call-gate.js';
import type { ToolHints } from '../policy/policy-engine.js';
import type { RequestParams, RequestResult, ToolDefinition } from '../upstream/model.js';
import { UpstreamUnavailableError, type UpstreamConnection } from '../upstream/upstream-connection.js';
import type { ClientSession } from './client-session.js';
import { ProtocolError, relayable } from './protocol-error.js';
import { RequestAudit, type AuditSink, type AuditStart } from './request-auditor.js';
import type { UpstreamRouter } from './upstream-router.js';

/** What a session's server needs from the gateway. */
export interface SessionHost {
  readonly version: string;
  readonly router: UpstreamRouter;
  readonly gate: CallGate;
  readonly audit: AuditSink;
  /** The tools this client may see: the catalog less those policy denies it outright. */
  visibleTools(clientName: string): readonly ToolDefinition[];
  readonly schemaValidator: jsonSchemaValidator;
  catalog(): Catalog;
  upstream(name: string): UpstreamConnection | undefined;
  instructions(): string | undefined;
  subscribe(session: ClientSession, exposedUri: string, route: UriRoute): Promise<void>;
  unsubscribe(session: ClientSession, exposedUri: string): Promise<void>;
  setLogLevel(level: LoggingLevel): Promise<void>;
  /** Pinned tools and their classification (risk level), for policy. */
  readonly integrity: Pick<ToolIntegrity, 'classification'>;
  /** Why this client may not use this tool at all (held for review, switched off), or undefined. */
  toolRefusal(client: string, server: string, tool: string): ToolRefusal | undefined;
  /** Live call events for the UI, when anyone listens. */
  watchingCalls(): boolean;
  callStarted(call: CallSummary): void;
  callFinished(call: CallSummary, outcome: AuditOutcome, durationMs: number): void;
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

/** The request context the SDK hands to a handler, reduced to what forwarding uses. */
interface HandlerExtra {
  readonly requestId: RequestId;
  readonly signal: AbortSignal;
}

/** Builds the SDK server for one session. */
export function createSessionServer(host: SessionHost, session: ClientSession): Server {
  const server = new Server(
    { name: 'gatehouse', version: host.version },
    {
      capabilities: {
        tools: { listChanged: true },
        prompts: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        logging: {},
        completions: {},
      },
      instructions: host.instructions(),
      jsonSchemaValidator: host.schemaValidator,
    },
  );

  const forward = (server: string, method: string, params: RequestParams, extra: HandlerExtra) => {
    const upstream = host.upstream(server);
    if (!upstream)
      throw new ProtocolError(ErrorCode.InvalidParams, `The server "${server}" is not configured.`);
    return host.router.forward(session, upstream, method, params, extra).catch(explainUpstreamFailure);
  };

  server.setRequestHandler(
    ListToolsRequestSchema,
    () => ({ tools: host.visibleTools(session.clientName) }) as never,
  );
  server.setRequestHandler(
    ListPromptsRequestSchema,
    () => ({ prompts: [...host.catalog().prompts] }) as never,
  );
  server.setRequestHandler(
    ListResourcesRequestSchema,
    () => ({ resources: [...host.catalog().resources] }) as never,
  );
  server.setRequestHandler(
    ListResourceTemplatesRequestSchema,
    () => ({ resourceTemplates: [...host.catalog().resourceTemplates] }) as never,
  );

  /** Runs a request's handler and records how it ended in the audit trail. */
  const audited = async <T>(
    start: Omit<AuditStart, 'client' | 'sessionId'>,
    signal: AbortSignal,
    onFinished: ((outcome: AuditOutcome, durationMs: number) => void) | undefined,
    run: (audit: RequestAudit) => Promise<T>,
  ) => {
    const audit = new RequestAudit(
      host.audit,
      { ...start, client: session.clientName, sessionId: session.id },
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
  };

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const exposedTool = request.params.name;
    const route = host.catalog().tool(exposedTool);
    const args = request.params.arguments ?? {};
    const start = {
      method: 'tools/call' as const,
      server: route?.server,
      target: route?.name ?? exposedTool,
      arguments: args,
    };
    // Live call events cost an id and a timestamp per call: only when someone is watching.
    const call: CallSummary | undefined = host.watchingCalls()
      ? {
          id: randomUUID(),
          client: session.clientName,
          server: route?.server ?? '',
          tool: route?.name ?? exposedTool,
          startedAt: new Date().toISOString(),
        }
      : undefined;
    if (call) host.callStarted(call);
    const finished =
      call && ((outcome: AuditOutcome, durationMs: number) => host.callFinished(call, outcome, durationMs));
    return audited(start, extra.signal, finished, async (audit) => {
      if (!route) throw new ProtocolError(ErrorCode.InvalidParams, `Unknown tool: ${exposedTool}`);
      const refusal = host.toolRefusal(session.clientName, route.server, route.name);
      if (refusal) {
        const admission = refusedAdmission(refusal, exposedTool);
        audit.admitted(admission);
        return { isError: true, content: [{ type: 'text', text: admission.refusal }] };
      }
      const progressToken = request.params._meta?.progressToken;
      const admission = await host.gate.admit({
        client: session.clientName,
        sessionId: session.id,
        server: route.server,
        tool: route.name,
        exposedTool,
        annotations: route.definition.annotations as ToolHints | undefined,
        risk: host.integrity.classification(route.server, route.name)?.risk,
        arguments: args,
        signal: extra.signal,
        onWaiting:
          progressToken === undefined
            ? undefined
            : (message, elapsedMs) =>
                session.notify(
                  'notifications/progress',
                  { progressToken, progress: Math.round(elapsedMs / 1000), message },
                  extra.requestId,
                ),
      });
      audit.admitted(admission);
      if (!admission.admitted) {
        return {
          isError: true,
          content: [{ type: 'text', text: admission.refusal ?? 'Gatehouse refused this call.' }],
        };
      }
      try {
        return await forward(route.server, 'tools/call', { ...request.params, name: route.name }, extra);
      } catch (error: unknown) {
        // A crash or a timeout is the tool failing: the model reads why in the result, while the
        // audit keeps the failure (outcome and sentence) as it was.
        if (!isToolFailure(error, extra.signal)) throw error;
        audit.failedAsToolError(error, extra.signal);
        return { isError: true, content: [{ type: 'text', text: error.message }] };
      }
    }) as never;
  });

  server.setRequestHandler(GetPromptRequestSchema, async (request, extra) => {
    const route = host.catalog().prompt(request.params.name);
    const start = {
      method: 'prompts/get' as const,
      server: route?.server,
      target: route?.name ?? request.params.name,
      arguments: request.params.arguments,
    };
    return audited(start, extra.signal, undefined, async () => {
      if (!route) throw new ProtocolError(ErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}`);
      return forward(route.server, 'prompts/get', { ...request.params, name: route.name }, extra);
    }) as never;
  });

  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
    const catalog = host.catalog();
    const route = catalog.resource(request.params.uri);
    const start = {
      method: 'resources/read' as const,
      server: route?.server,
      target: route?.uri ?? request.params.uri,
    };
    return audited(start, extra.signal, undefined, async () => {
      if (!route) throw new ProtocolError(ErrorCode.InvalidParams, `Unknown resource: ${request.params.uri}`);
      const result = await forward(
        route.server,
        'resources/read',
        { ...request.params, uri: route.uri },
        extra,
      );
      return withExposedContentUris(result, (uri) =>
        uri === route.uri ? request.params.uri : catalog.exposedResourceUri(route.server, uri),
      );
    }) as never;
  });

  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const route = host.catalog().resource(request.params.uri);
    if (!route) throw new ProtocolError(ErrorCode.InvalidParams, `Unknown resource: ${request.params.uri}`);
    await host.subscribe(session, request.params.uri, route);
    return {};
  });

  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    await host.unsubscribe(session, request.params.uri);
    return {};
  });

  server.setRequestHandler(CompleteRequestSchema, async (request, extra) => {
    const { ref } = request.params;
    const catalog = host.catalog();
    if (ref.type === 'ref/prompt') {
      const route = catalog.prompt(ref.name);
      if (!route) throw new ProtocolError(ErrorCode.InvalidParams, `Unknown prompt: ${ref.name}`);
      return (await forward(
        route.server,
        'completion/complete',
        { ...request.params, ref: { ...ref, name: route.name } },
        extra,
      )) as never;
    }
    const route = catalog.template(ref.uri) ?? catalog.resource(ref.uri);
    if (!route) throw new ProtocolError(ErrorCode.InvalidParams, `Unknown resource template: ${ref.uri}`);
    return (await forward(
      route.server,
      'completion/complete',
      { ...request.params, ref: { ...ref, uri: route.uri } },
      extra,
    )) as never;
  });

  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    session.logLevel = request.params.level;
    await host.setLogLevel(request.params.level);
    return {};
  });

  return server;
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

/** Rewrites `contents[].uri` of a `resources/read` result into the URIs the client knows. */
function withExposedContentUris(result: RequestResult, expose: (uri: string) => string): RequestResult {
  const contents = result.contents;
  if (!Array.isArray(contents)) return result;
  return {
    ...result,
    contents: contents.map((content: unknown) =>
      content && typeof content === 'object' && typeof (content as { uri?: unknown }).uri === 'string'
        ? { ...content, uri: expose((content as { uri: string }).uri) }
        : content,
    ),
  };
}
