/**
 * Serves one 2026-07-28 request (stateless: everything it needs is in the request) on `/mcp`,
 * after the endpoint has authenticated the client and the classifier has accepted the envelope.
 *
 * Lists, calls, prompts, reads and completions go to the same handlers the 2025 sessions use, so
 * switches, policy, approvals, pins and the audit trail are one code path for both eras. What only
 * this era has lives here: `server/discover`, `resultType` and cache hints on results, questions
 * from upstreams turned into `input_required` rounds, and `subscriptions/listen`.
 */
import type { ServerResponse } from 'node:http';
import {
  CreateMessageResultSchema,
  ElicitResultSchema,
  ErrorCode,
  ListRootsResultSchema,
  McpError,
  type JSONRPCRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { describeError } from '../../errors.js';
import type { Catalog } from '../../catalog/catalog.js';
import type { Logger } from '../../logger.js';
import { paramHeaderDeclarations, paramHeaderProblem } from '../../protocol/mcp-param-headers.js';
import { invalidParamsReason } from '../../protocol/request-params.js';
import type { RequestParams, RequestResult } from '../../upstream/model.js';
import { toolRoute } from '../app-views.js';
import type { GatewayRequests, RequestContext } from '../gateway-requests.js';
import { ProtocolError } from '../protocol-error.js';
import type { ModernRequest } from './modern-classifier.js';
import { INPUT_CAPABLE_METHODS, ModernCall } from './modern-call.js';
import { ModernExchange, type ErrorBody } from './modern-exchange.js';
import type { HeldCalls } from './held-calls.js';
import { StaleRequestState, type RequestStateSeal } from './request-state-seal.js';
import type { ListenFilter, ListenStreams } from './listen-streams.js';
import {
  ALL_PROTOCOL_VERSIONS,
  completeResult,
  ModernErrorCode,
  PRIVATE_NO_CACHE,
  withoutEnvelope,
  type ServerIdentity,
} from './modern-protocol.js';

/** What the lane needs from the gateway. */
export interface ModernLaneHost {
  readonly requests: GatewayRequests;
  readonly heldCalls: HeldCalls;
  readonly seal: RequestStateSeal;
  readonly listeners: ListenStreams;
  /** The aggregate as it is now: who serves what, and the tools' schemas. */
  catalog(): Catalog;
  readonly identity: ServerIdentity;
  capabilities(): Record<string, unknown>;
  readonly logger: Logger;
  instructions(): string | undefined;
}

/** The methods this lane serves: the 2026 era's, less those Gatehouse has no use for. */
const MODERN_METHODS: ReadonlySet<string> = new Set([
  'server/discover',
  'tools/list',
  'prompts/list',
  'resources/list',
  'resources/templates/list',
  'completion/complete',
  'subscriptions/listen',
  ...INPUT_CAPABLE_METHODS,
]);

/** Each answer a client gives must be the result its question asks for. */
const ANSWER_SCHEMAS: Readonly<Record<string, { safeParse(value: unknown): { success: boolean } }>> = {
  'elicitation/create': ElicitResultSchema,
  'sampling/createMessage': CreateMessageResultSchema,
  'roots/list': ListRootsResultSchema,
};

/** The 2026-07-28 lane of `/mcp`. */
export class ModernLane {
  constructor(private readonly host: ModernLaneHost) {}

  /** Answers one request on `res`. Never throws: every failure becomes a JSON-RPC error. */
  async handle(request: ModernRequest, clientName: string, res: ServerResponse): Promise<void> {
    const exchange = new ModernExchange(res, request.id);
    try {
      await this.#dispatch(request, clientName, exchange);
    } catch (error: unknown) {
      exchange.error(this.#errorBody(error));
    }
  }

  async #dispatch(request: ModernRequest, clientName: string, exchange: ModernExchange): Promise<void> {
    const { method } = request;
    if (!MODERN_METHODS.has(method)) {
      // The spec gives an unknown method 404 on this transport (streamable-http, "Protocol
      // Version Header"); `initialize`, `ping`, `logging/setLevel` and `resources/subscribe` are
      // unknown in this era.
      return exchange.error({ code: ErrorCode.MethodNotFound, message: `Method not found: ${method}` }, 404);
    }
    const paramsProblem = invalidParamsReason({
      jsonrpc: '2.0',
      id: request.id,
      method,
      params: request.params,
    } as JSONRPCRequest);
    if (paramsProblem) return exchange.error({ code: ErrorCode.InvalidParams, message: paramsProblem }, 400);
    const params = withoutEnvelope(request.params);
    const requests = this.host.requests;
    const caller = () => new ModernCall(clientName, method, '', request.envelope);
    switch (method) {
      case 'server/discover':
        return exchange.result(this.#complete(this.#discover()));
      case 'tools/list':
        return exchange.result(this.#complete({ ...requests.listTools(caller()), ...PRIVATE_NO_CACHE }));
      case 'prompts/list':
        return exchange.result(this.#complete({ ...requests.listPrompts(), ...PRIVATE_NO_CACHE }));
      case 'resources/list':
        return exchange.result(this.#complete({ ...requests.listResources(), ...PRIVATE_NO_CACHE }));
      case 'resources/templates/list':
        return exchange.result(this.#complete({ ...requests.listResourceTemplates(), ...PRIVATE_NO_CACHE }));
      case 'completion/complete': {
        const result = await requests.complete(caller(), params, contextOf(exchange));
        return exchange.result(this.#complete(result));
      }
      case 'subscriptions/listen':
        return this.host.listeners.open(clientName, exchange, (params.notifications ?? {}) as ListenFilter);
      default:
        return this.#inputCapable({ ...request, params }, clientName, exchange);
    }
  }

  /**
   * tools/call, prompts/get and resources/read: the requests that may need the client's input.
   * A first request starts the work; a retry carrying `requestState` continues the held call.
   */
  async #inputCapable(request: ModernRequest, clientName: string, exchange: ModernExchange): Promise<void> {
    const { method, envelope } = request;
    const { requestState, inputResponses, ...params } = request.params;
    const target = String(method === 'resources/read' ? params.uri : params.name);
    // In search mode the call tool names the tool that really runs; its server owns the rounds.
    const routedTarget =
      method === 'tools/call' ? this.host.requests.routedToolName(clientName, params) : target;
    if (method === 'tools/call') {
      const declarations = paramHeaderDeclarations(
        toolRoute(this.host.catalog(), target)?.definition.inputSchema,
      );
      const problem = paramHeaderProblem(declarations, params.arguments, request.paramHeaders);
      if (problem)
        return exchange.error(
          {
            code: ModernErrorCode.HeaderMismatch,
            message: `Header mismatch: ${problem.sentence}`,
            data: { mismatch: { header: problem.header } },
          },
          400,
        );
    }
    let call = new ModernCall(clientName, method, target, envelope);
    if (requestState === undefined) {
      call.work = this.#start(call, method, params, request.id, false);
    } else {
      if (typeof requestState !== 'string')
        return exchange.error(staleState('requestState must be the string Gatehouse sent.'));
      try {
        const sealed = await this.host.seal.open(requestState, { client: clientName, method, target });
        if (sealed.k === 'held') {
          call = this.host.heldCalls.take(sealed);
          call.answer(inputResponses, ANSWER_SCHEMAS);
        } else {
          // A 2026 server's own round: the retry goes back to it with its state and the answers.
          if (this.#serverFor(method, routedTarget) !== sealed.s)
            throw new StaleRequestState(
              `"${target}" no longer belongs to the server that asked: call again without requestState.`,
            );
          const retry = {
            ...params,
            ...(sealed.u === undefined ? {} : { requestState: sealed.u }),
            inputResponses,
          };
          call.work = this.#start(call, method, retry, request.id, true);
        }
      } catch (error: unknown) {
        if (error instanceof StaleRequestState) return exchange.error(staleState(error.message));
        throw error;
      }
    }
    const work = call.work;
    if (!work)
      return exchange.error({ code: ErrorCode.InternalError, message: 'The held call has no work.' });
    const outcome = await call.runRound(exchange, work, envelope);
    if (outcome.kind !== 'input' && call.missingCapabilities.size > 0) {
      const missing = [...call.missingCapabilities];
      return exchange.error(
        {
          code: ModernErrorCode.MissingRequiredClientCapability,
          message: `A server behind Gatehouse needed ${missing.join(' and ')}, which this client did not declare in io.modelcontextprotocol/clientCapabilities.`,
          data: { requiredCapabilities: Object.fromEntries(missing.map((name) => [name, {}])) },
        },
        400,
      );
    }
    switch (outcome.kind) {
      case 'result':
        if (outcome.result.resultType === 'input_required')
          return exchange.result(
            await this.#passOn(outcome.result, clientName, method, target, routedTarget),
          );
        return exchange.result(
          this.#complete(method === 'resources/read' ? withReadCacheHints(outcome.result) : outcome.result),
        );
      case 'error': {
        const body = this.#errorBody(outcome.error);
        // The spec gives -32021 HTTP 400 wherever it arises (basic/index, "_meta").
        return exchange.error(
          body,
          body.code === ModernErrorCode.MissingRequiredClientCapability ? 400 : 200,
        );
      }
      case 'input': {
        if (exchange.finished) return call.cancel();
        const state = await this.host.heldCalls.hold(call);
        return exchange.result({
          resultType: 'input_required',
          inputRequests: outcome.inputRequests,
          requestState: state,
        });
      }
    }
  }

  /** A 2026 server's `input_required` as the client gets it: its requests as they are, its state sealed in ours. */
  async #passOn(
    result: RequestResult,
    clientName: string,
    method: string,
    target: string,
    routedTarget: string,
  ): Promise<RequestResult> {
    const server = this.#serverFor(method, routedTarget);
    if (!server)
      throw new ProtocolError(ErrorCode.InternalError, `"${target}" left its server during the call.`);
    const upstreamState = typeof result.requestState === 'string' ? result.requestState : undefined;
    const requestState = await this.host.seal.seal({
      k: 'pass',
      s: server,
      ...(upstreamState === undefined ? {} : { u: upstreamState }),
      c: clientName,
      m: method,
      t: target,
    });
    const { _meta: _upstreamMeta, requestState: _theirs, ...rest } = result;
    return { ...rest, resultType: 'input_required', requestState };
  }

  /** Starts the gateway's work for a request; `continuation` marks a later round of an admitted call. */
  #start(
    call: ModernCall,
    method: string,
    params: RequestParams,
    requestId: string | number,
    continuation: boolean,
  ): Promise<RequestResult> {
    const requests = this.host.requests;
    const context: RequestContext = { requestId, signal: call.signal, continuation };
    switch (method) {
      case 'tools/call':
        return requests.callTool(call, params, context);
      case 'prompts/get':
        return requests.getPrompt(call, params, context);
      default:
        return requests.readResource(call, params, context);
    }
  }

  /** The server a tool, prompt or resource belongs to now, by the name clients use. */
  #serverFor(method: string, target: string): string | undefined {
    const catalog = this.host.catalog();
    if (method === 'tools/call') return toolRoute(catalog, target)?.server;
    if (method === 'prompts/get') return catalog.prompt(target)?.server;
    return catalog.resource(target)?.server;
  }

  #discover(): RequestResult {
    const instructions = this.host.instructions();
    return {
      supportedVersions: [...ALL_PROTOCOL_VERSIONS],
      capabilities: this.host.capabilities(),
      ...(instructions ? { instructions } : {}),
      ...PRIVATE_NO_CACHE,
    };
  }

  /** An error as the client gets it; one Gatehouse did not expect is logged, never sent whole. */
  #errorBody(error: unknown): ErrorBody {
    const body = errorBody(error);
    if (
      body.code === ErrorCode.InternalError &&
      !(error instanceof ProtocolError || error instanceof McpError)
    )
      this.host.logger.error(`A 2026-07-28 request failed unexpectedly: ${describeError(error)}`);
    return body;
  }

  #complete(result: RequestResult): RequestResult {
    return completeResult(result, this.host.identity);
  }
}

/** A requestState that continues nothing, as the client gets told. */
function staleState(message: string): ErrorBody {
  return { code: ErrorCode.InvalidParams, message, data: { reason: 'invalid_request_state' } };
}

/** The context for a request answered within one exchange: closing it cancels the request. */
function contextOf(exchange: ModernExchange): RequestContext {
  return { requestId: exchange.requestId, signal: exchange.abandoned };
}

/** A resource read keeps the upstream's freshness hint, if it gave one, and is private to the caller. */
function withReadCacheHints(result: RequestResult): RequestResult {
  const ttlMs = typeof result.ttlMs === 'number' && result.ttlMs >= 0 ? result.ttlMs : 0;
  return { ...result, ttlMs, cacheScope: 'private' };
}

/**
 * An error as this era may send it. Codes the 2026-07-28 spec retired or reserves are not passed
 * on from 2025-era upstreams: "resource not found" (-32002) became -32602, and the range -32020 to
 * -32099 is the spec's alone (basic/index, "Error Codes").
 */
function errorBody(error: unknown): ErrorBody {
  if (error instanceof ProtocolError || error instanceof McpError) {
    const message =
      error instanceof McpError ? error.message.replace(/^MCP error -?\d+: /, '') : error.message;
    const data = error.data === undefined ? {} : { data: error.data };
    if (error.code === -32002) return { code: ErrorCode.InvalidParams, message, ...data };
    // A 2026 server's -32021 names what the client lacks (its envelope travelled upstream); the
    // other reserved codes describe Gatehouse's own hop to that server, not the client's.
    if (error.code === ModernErrorCode.MissingRequiredClientCapability)
      return { code: error.code, message, ...data };
    if (error.code <= -32020 && error.code >= -32099)
      return { code: ErrorCode.InternalError, message, ...data };
    return { code: error.code, message, ...data };
  }
  return { code: ErrorCode.InternalError, message: 'Internal error' };
}
