/**
 * `/mcp`: Streamable HTTP for MCP clients of both eras, mounted on the gateway's HTTP server
 * (which has already checked Host, Origin and the time limits). Every request must carry a
 * client's token, and bodies have a size limit, before any MCP parsing happens.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ErrorCode,
  LATEST_PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
  type JSONRPCMessage,
  type JSONRPCRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { ClientSession } from './client-session.js';
import { parseJsonRpcBody } from '../protocol/jsonrpc-body.js';
import { invalidParamsReason } from '../protocol/request-params.js';
import { TooManySessionsError } from './session-table.js';
import { classifyPost, type ModernRequest } from './modern/modern-classifier.js';
import { MODERN_PROTOCOL_VERSIONS } from './modern/modern-protocol.js';
import { bearerToken, BodyTooLargeError, readBody } from '../http/request-guards.js';
import { refuse, sendJsonRpcError } from '../http/jsonrpc-error-response.js';
import type { Mount } from '../http/gateway-http-server.js';

/** What the endpoint needs from the gateway. */
export interface EndpointHost {
  /** The client holding a token, or undefined. */
  authenticate(token: string): string | undefined;
  /** Creates a session for a client that sent `initialize`, at the version it asked for. */
  createSession(clientName: string, protocolVersion: string): ClientSession;
  session(id: string): ClientSession | undefined;
  closeSession(id: string): Promise<void>;
  /** Answers a 2026-07-28 request (stateless: no session) on `response`. */
  serveModern(request: ModernRequest, clientName: string, response: ServerResponse): Promise<void>;
}

/** The endpoint's limits. */
export interface EndpointOptions {
  readonly maxRequestBytes: number;
  readonly now?: () => number;
}

/** The path clients connect to. */
export const MCP_PATH = '/mcp';

/** `/mcp`, as a mount of the gateway's HTTP server. */
export class McpHttpEndpoint implements Mount {
  readonly #now: () => number;

  constructor(
    private readonly host: EndpointHost,
    private readonly options: EndpointOptions,
  ) {
    this.#now = options.now ?? Date.now;
  }

  serves(path: string): boolean {
    return path === MCP_PATH;
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const token = bearerToken(request);
    const clientName = token ? this.host.authenticate(token) : undefined;
    if (!clientName) {
      response.setHeader('www-authenticate', 'Bearer realm="gatehouse"');
      const message = token
        ? 'Unauthorized: this token is not valid (revoked or mistyped). Create one with `gatehouse client add NAME`.'
        : 'Unauthorized: send the client token as `Authorization: Bearer <token>`. Create one with `gatehouse client add NAME`.';
      return refuse(request, response, 401, ErrorCode.InvalidRequest, message);
    }

    // The 2026 era has no GET stream and no sessions to delete (streamable-http, "Backward Compatibility").
    if (
      request.method !== 'POST' &&
      MODERN_PROTOCOL_VERSIONS.includes(headerValue(request, 'mcp-protocol-version') ?? '')
    ) {
      response.setHeader('allow', 'POST');
      return refuse(
        request,
        response,
        405,
        ErrorCode.InvalidRequest,
        'Method not allowed: protocol 2026-07-28 uses POST only.',
      );
    }
    switch (request.method) {
      case 'POST':
        return this.#handlePost(request, response, clientName);
      case 'GET':
        return this.#handleGet(request, response, clientName);
      case 'DELETE':
        return this.#handleDelete(request, response, clientName);
      default:
        response.setHeader('allow', 'GET, POST, DELETE');
        return refuse(request, response, 405, ErrorCode.InvalidRequest, 'Method not allowed.');
    }
  }

  async #handlePost(request: IncomingMessage, response: ServerResponse, clientName: string): Promise<void> {
    if (!acceptsBoth(request.headers.accept)) {
      return refuse(
        request,
        response,
        406,
        ErrorCode.InvalidRequest,
        'Not Acceptable: accept both application/json and text/event-stream.',
      );
    }
    if (!(request.headers['content-type'] ?? '').includes('application/json')) {
      return refuse(
        request,
        response,
        415,
        ErrorCode.InvalidRequest,
        'Unsupported Media Type: send application/json.',
      );
    }
    let body: Buffer;
    try {
      body = await readBody(request, this.options.maxRequestBytes);
    } catch (error: unknown) {
      if (error instanceof BodyTooLargeError) {
        response.setHeader('connection', 'close');
        return sendJsonRpcError(
          response,
          413,
          ErrorCode.InvalidRequest,
          `Request too large: the limit is ${this.options.maxRequestBytes} bytes.`,
        );
      }
      throw error;
    }
    const parsed = parseJsonRpcBody(body);
    if (!parsed.ok) return sendJsonRpcError(response, 400, parsed.code, parsed.message, { id: parsed.id });
    const message = parsed.message;
    // A request with the 2026 `_meta` envelope is served statelessly; `initialize` and requests
    // without one belong to 2025-era sessions (basic/versioning, "Backward Compatibility").
    const era = classifyPost(mcpHeaders(request), message);
    switch (era.kind) {
      case 'reject': {
        const { status, code, message: sentence, data, id } = era.refusal;
        return sendJsonRpcError(response, status, code, sentence, { id, data });
      }
      case 'modern-notification':
        // No client notification means anything over HTTP in this era (cancelling is closing).
        return void response.writeHead(202).end();
      case 'modern-request':
        return this.host.serveModern(era.request, clientName, response);
      case 'legacy':
        break;
    }
    const rpcRequest = isRequest(message) ? message : undefined;
    const paramsProblem = rpcRequest && invalidParamsReason(rpcRequest);

    const sessionId = headerValue(request, 'mcp-session-id');
    let session: ClientSession | undefined;
    if ('method' in message && message.method === 'initialize') {
      // Checked before a session exists, so a broken initialize leaves none behind.
      if (rpcRequest && paramsProblem)
        return sendJsonRpcError(response, 200, ErrorCode.InvalidParams, paramsProblem, { id: rpcRequest.id });
      try {
        session = this.host.createSession(clientName, initializeVersion(rpcRequest));
      } catch (error: unknown) {
        if (!(error instanceof TooManySessionsError)) throw error;
        return sendJsonRpcError(response, 429, ErrorCode.InvalidRequest, error.message);
      }
    } else {
      if (!this.#checkProtocolVersion(request, response)) return;
      // A notification outside any session (a 2026 client's, say: that era has no sessions)
      // needs no answer and changes nothing; refusing it would only make the client log an error.
      if (!sessionId && !rpcRequest && 'method' in message) return void response.writeHead(202).end();
      session = this.#sessionFor(sessionId, clientName, response);
      if (!session) return;
    }
    session.lastActivityMs = this.#now();
    if (rpcRequest && paramsProblem) {
      return sendJsonRpcError(response, 200, ErrorCode.InvalidParams, paramsProblem, {
        id: rpcRequest.id,
        headers: { 'mcp-session-id': session.id },
      });
    }
    session.transport.handlePost(response, [message]);
  }

  async #handleGet(request: IncomingMessage, response: ServerResponse, clientName: string): Promise<void> {
    if (!(request.headers.accept ?? '').includes('text/event-stream')) {
      return sendJsonRpcError(
        response,
        406,
        ErrorCode.InvalidRequest,
        'Not Acceptable: accept text/event-stream.',
      );
    }
    if (!this.#checkProtocolVersion(request, response)) return;
    const session = this.#sessionFor(headerValue(request, 'mcp-session-id'), clientName, response);
    if (!session) return;
    session.lastActivityMs = this.#now();
    if (!session.transport.handleGet(response)) {
      sendJsonRpcError(
        response,
        409,
        ErrorCode.InvalidRequest,
        'Conflict: this session already has an open stream.',
      );
    }
  }

  async #handleDelete(request: IncomingMessage, response: ServerResponse, clientName: string): Promise<void> {
    const session = this.#sessionFor(headerValue(request, 'mcp-session-id'), clientName, response);
    if (!session) return;
    await this.host.closeSession(session.id);
    response.writeHead(200).end();
  }

  /** The session a request names, or undefined after answering 400/404. */
  #sessionFor(
    sessionId: string | undefined,
    clientName: string,
    response: ServerResponse,
  ): ClientSession | undefined {
    if (!sessionId) {
      sendJsonRpcError(
        response,
        400,
        ErrorCode.InvalidRequest,
        'Bad Request: the Mcp-Session-Id header is required after initialize.',
      );
      return undefined;
    }
    const session = this.host.session(sessionId);
    // Another client's session looks exactly like one that does not exist.
    if (!session || session.clientName !== clientName) {
      sendJsonRpcError(
        response,
        404,
        ErrorCode.InvalidRequest,
        'Session not found: initialize a new session.',
      );
      return undefined;
    }
    return session;
  }

  #checkProtocolVersion(request: IncomingMessage, response: ServerResponse): boolean {
    const version = headerValue(request, 'mcp-protocol-version');
    if (version === undefined || SUPPORTED_PROTOCOL_VERSIONS.includes(version)) return true;
    sendJsonRpcError(
      response,
      400,
      ErrorCode.InvalidRequest,
      `Bad Request: unsupported protocol version ${version} (supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}).`,
    );
    return false;
  }
}

function acceptsBoth(accept: string | undefined): boolean {
  if (!accept) return false;
  return (
    (accept.includes('application/json') || accept.includes('*/*')) &&
    (accept.includes('text/event-stream') || accept.includes('*/*'))
  );
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The standard MCP request headers the era classification reads. */
function mcpHeaders(request: IncomingMessage) {
  return {
    'mcp-protocol-version': headerValue(request, 'mcp-protocol-version'),
    'mcp-method': headerValue(request, 'mcp-method'),
    'mcp-name': headerValue(request, 'mcp-name'),
    params: Object.fromEntries(
      Object.entries(request.headers).flatMap(([name, value]) =>
        name.startsWith('mcp-param-') && typeof value === 'string' ? [[name, value]] : [],
      ),
    ),
  };
}

/** The version an `initialize` settles on: the one asked for when supported, else the latest (as the SDK server answers). */
function initializeVersion(request: JSONRPCRequest | undefined): string {
  const asked = request?.params?.protocolVersion;
  return typeof asked === 'string' && SUPPORTED_PROTOCOL_VERSIONS.includes(asked)
    ? asked
    : LATEST_PROTOCOL_VERSION;
}

function isRequest(message: JSONRPCMessage): message is JSONRPCRequest {
  return 'method' in message && 'id' in message;
}
