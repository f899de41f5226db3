/**
 * The gateway's one HTTP server, on plain `node:http`: every request passes the Host and Origin
 * checks and must arrive within the time limits of request-timeouts.ts, then goes to the handler
 * mounted at its path (`/mcp`, `/control/…`, `/ui/…`). It knows none of them: the composition root
 * mounts them, so the part that speaks MCP never imports the control API or the engine.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatehouseError } from '../errors.js';
import type { Logger } from '../logger.js';
import { isAllowedHost, isAllowedOrigin } from './request-guards.js';
import { DEFAULT_REQUEST_TIMEOUTS, type RequestTimeouts } from './request-timeouts.js';
import { refuse, sendJsonRpcError } from './jsonrpc-error-response.js';

/** JSON-RPC's "invalid request" and "internal error" codes, for answers outside any MCP exchange. */
const INVALID_REQUEST = -32600;
const INTERNAL_ERROR = -32603;

/** A handler for the paths it claims. */
export interface Mount {
  /** Whether this handler serves `path` (the URL's path, without the query). */
  serves(path: string): boolean;
  handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<void>;
}

/** Where and how the server listens. */
export interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
  /** The path a request for anything else is told to use instead. */
  readonly mainPath: string;
  /** How long a client may take to send a request; tests shorten them. */
  readonly timeouts?: Partial<RequestTimeouts>;
}

/** The HTTP server behind `http://127.0.0.1:<port>/`. */
export class GatewayHttpServer {
  readonly #server: Server;
  readonly #mounts: Mount[] = [];
  #port = 0;
  #extraHosts = new Set<string>();

  constructor(private readonly options: HttpServerOptions) {
    const timeouts = { ...DEFAULT_REQUEST_TIMEOUTS, ...options.timeouts };
    this.#server = createServer(
      {
        headersTimeout: timeouts.headersMs,
        requestTimeout: timeouts.requestMs,
        connectionsCheckingInterval: timeouts.checkIntervalMs,
      },
      (request, response) => {
        this.#handle(request, response).catch((error: unknown) => {
          // A client that went away (or was timed out) mid-body has nobody left to answer.
          if (request.destroyed || response.destroyed) return void response.destroy();
          options.logger.error(
            `Unexpected failure answering ${request.method} ${request.url}: ${String(error)}`,
          );
          if (!response.headersSent) sendJsonRpcError(response, 500, INTERNAL_ERROR, 'Internal error');
          else response.end();
        });
      },
    );
  }

  /** Adds a handler; the first whose `serves` says yes answers. */
  mount(mount: Mount): this {
    this.#mounts.push(mount);
    return this;
  }

  /** Starts listening; resolves with the server's base URL. */
  async listen(): Promise<URL> {
    const { host, port } = this.options;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'EADDRINUSE'
            ? new GatehouseError(
                'port_in_use',
                `Port ${port} on ${host} is in use. Stop what uses it or pick another with --port.`,
              )
            : error,
        );
      };
      this.#server.once('error', onError);
      this.#server.listen(port, host, () => {
        this.#server.off('error', onError);
        resolve();
      });
    });
    this.#port = (this.#server.address() as AddressInfo).port;
    if (!isLoopback(host)) this.#extraHosts = new Set([host.toLowerCase()]);
    return this.baseUrl;
  }

  /** `http://host:port/`. */
  get baseUrl(): URL {
    const hostname = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return new URL(`http://${hostname}:${this.#port}/`);
  }

  /** Stops accepting connections and closes open ones. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isAllowedHost(request.headers.host, this.#port, this.#extraHosts))
      return refuse(
        request,
        response,
        403,
        INVALID_REQUEST,
        'Forbidden: the Host header does not name this gateway.',
      );
    if (!isAllowedOrigin(request.headers.origin, this.#port, this.#extraHosts))
      return refuse(
        request,
        response,
        403,
        INVALID_REQUEST,
        'Forbidden: requests from other web origins are refused.',
      );
    const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
    const mount = this.#mounts.find((candidate) => candidate.serves(path));
    if (mount) return mount.handle(request, response, path);
    return refuse(
      request,
      response,
      404,
      INVALID_REQUEST,
      `Not found: MCP lives at ${this.options.mainPath}.`,
    );
  }
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}
