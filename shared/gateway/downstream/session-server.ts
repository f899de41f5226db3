/**
 * The SDK server a 2025-era client session talks to: registers the gateway's request handlers
 * (gateway-requests.ts) with the SDK, plus what only sessions have: resource subscriptions and a
 * log level set once for the session.
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
} from '@modelcontextprotocol/sdk/types.js';
import type { UriRoute } from '../catalog/catalog.js';
import type { ClientSession } from './client-session.js';
import type { RequestParams } from '../upstream/model.js';
import type { GatewayRequests, RequestContext, RequestHost } from './gateway-requests.js';
import { ProtocolError } from './protocol-error.js';

/** What a session's server needs from the gateway. */
export interface SessionHost extends RequestHost {
  readonly requests: GatewayRequests;
  subscribe(session: ClientSession, exposedUri: string, route: UriRoute): Promise<void>;
  unsubscribe(session: ClientSession, exposedUri: string): Promise<void>;
  setLogLevel(level: LoggingLevel): Promise<void>;
  /** The capabilities to declare, with the extensions the servers behind Gatehouse declared. */
  capabilities(): Record<string, unknown>;
}

/** The base Protocol's handler registration, without Server's tools/call result parsing. */
const PROTOCOL_SET_REQUEST_HANDLER = (
  Object.getPrototypeOf(Server.prototype) as { setRequestHandler: Server['setRequestHandler'] }
).setRequestHandler;

/** Builds the SDK server for one session. */
export function createSessionServer(host: SessionHost, session: ClientSession): Server {
  const server = new Server(
    { name: 'gatehouse', version: host.version },
    {
      capabilities: host.capabilities(),
      instructions: host.instructions(),
      jsonSchemaValidator: host.schemaValidator,
    },
  );
  const requests = host.requests;

  // The SDK checks params against its own schemas first; the handlers take them as plain objects.
  server.setRequestHandler(ListToolsRequestSchema, () => requests.listTools(session) as never);
  server.setRequestHandler(ListPromptsRequestSchema, () => requests.listPrompts() as never);
  server.setRequestHandler(ListResourcesRequestSchema, () => requests.listResources() as never);
  server.setRequestHandler(
    ListResourceTemplatesRequestSchema,
    () => requests.listResourceTemplates() as never,
  );
  // Registered past Server's own setRequestHandler, which for tools/call re-parses the result with
  // CallToolResultSchema (sdk/dist/esm/server/index.js, "enforce server-side validation for
  // tools/call"): that drops every field of a content block the SDK does not know, reorders the
  // rest, and refuses a server's slightly odd result outright. A gateway passes results through.
  PROTOCOL_SET_REQUEST_HANDLER.call(
    server,
    CallToolRequestSchema,
    (request: { params: RequestParams }, extra: RequestContext) =>
      requests.callTool(session, request.params, extra) as never,
  );
  server.setRequestHandler(
    GetPromptRequestSchema,
    (request, extra) => requests.getPrompt(session, request.params, extra) as never,
  );
  server.setRequestHandler(
    ReadResourceRequestSchema,
    (request, extra) => requests.readResource(session, request.params, extra) as never,
  );
  server.setRequestHandler(
    CompleteRequestSchema,
    (request, extra) => requests.complete(session, request.params, extra) as never,
  );

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

  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    session.logLevel = request.params.level;
    await host.setLogLevel(request.params.level);
    return {};
  });

  return server;
}
