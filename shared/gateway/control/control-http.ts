/**
 * The control API over loopback HTTP: `POST /control/<method>` with the arguments as JSON and
 * `Authorization: Bearer <admin token>`, answered with the `{ ok, value | error }` envelope.
 * No business logic here: parse, call, wrap.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import {
  controlMethods,
  isControlMethod,
  type ControlMethod,
  type ControlResponse,
} from '../../contracts/control-api.js';
import { formatIssues } from '../config/json-file-store.js';
import { GatehouseError, describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { bearerToken, BodyTooLargeError, readBody } from '../http/request-guards.js';
import type { ControlHandlers } from './control-service.js';
import type { ControlEventHub } from './control-event-hub.js';
import { writeEventOrDrop } from '../protocol/event-stream-writer.js';
import { decodeJsonBody, MAX_JSON_DEPTH } from '../protocol/json-body.js';
import { CONTROL_EVENTS_PATH } from '../../contracts/control-events.js';

/** Paths under this prefix belong to the control API. */
export const CONTROL_PATH_PREFIX = '/control/';

const MAX_CONTROL_BODY_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

/** Serves control calls for one gateway. */
export class ControlHttpAdapter {
  /** The control API lives under `/control/`. */
  serves(path: string): boolean {
    return path.startsWith(CONTROL_PATH_PREFIX);
  }

  readonly #adminToken: Buffer;

  constructor(
    adminToken: string,
    private readonly handlers: ControlHandlers,
    private readonly events: ControlEventHub,
    private readonly logger: Logger,
  ) {
    this.#adminToken = Buffer.from(adminToken);
  }

  /** Answers one request whose path starts with `/control/` (Host and Origin already checked). */
  async handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    if (!this.#authorized(request)) {
      // Drain the unread body so the client sees the answer rather than a reset connection.
      request.resume();
      return send(response, 401, failure('unauthorized', 'The admin token is missing or wrong.'));
    }
    if (path === CONTROL_EVENTS_PATH) return this.#stream(request, response);
    if (request.method !== 'POST') {
      request.resume();
      response.setHeader('allow', 'POST');
      return send(response, 405, failure('method_not_allowed', 'Control calls are POST requests.'));
    }
    const method = path.slice(CONTROL_PATH_PREFIX.length);
    if (!isControlMethod(method)) {
      request.resume();
      return send(response, 404, failure('unknown_method', `There is no control method "${method}".`));
    }

    let body: Buffer;
    try {
      body = await readBody(request, MAX_CONTROL_BODY_BYTES);
    } catch (error: unknown) {
      if (error instanceof BodyTooLargeError) {
        response.setHeader('connection', 'close');
        return send(response, 413, failure('too_large', 'The request is too large.'));
      }
      throw error;
    }
    const parsed = parseControlArguments(method, body);
    if (!parsed.ok) return send(response, 400, parsed);
    try {
      const handler = this.handlers[method] as (args: unknown, caller: string) => Promise<unknown>;
      const value = await handler(parsed.args, 'admin');
      return send(response, 200, { ok: true, value });
    } catch (error: unknown) {
      if (error instanceof GatehouseError) return send(response, 409, failure(error.code, error.message));
      this.logger.error(`control ${method} failed: ${describeError(error)}`);
      return send(response, 500, failure('internal', `The gateway could not complete ${method}.`));
    }
  }

  /** The event stream: one server-sent event per ControlEvent, until the client goes away. */
  #stream(request: IncomingMessage, response: ServerResponse): void {
    request.resume();
    if (request.method !== 'GET') {
      response.setHeader('allow', 'GET');
      return send(response, 405, failure('method_not_allowed', 'The event stream is a GET request.'));
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    // A comment first, so the client knows the stream is open before any event happens.
    response.write(': connected\n\n');
    // A reader that stopped reading loses the stream rather than have every event kept for it.
    const unsubscribe = this.events.subscribe((event) =>
      writeEventOrDrop(response, `data: ${JSON.stringify(event)}\n\n`),
    );
    // Keeps idle connections from being dropped by anything in between, and notices dead ones.
    const heartbeat = setInterval(() => writeEventOrDrop(response, ': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    response.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  }

  #authorized(request: IncomingMessage): boolean {
    const token = bearerToken(request);
    if (!token) return false;
    const given = Buffer.from(token);
    return given.length === this.#adminToken.length && timingSafeEqual(given, this.#adminToken);
  }
}

/** A control call's arguments, or the refusal to answer with (status 400). */
export type ParsedControlArguments =
  | { readonly ok: true; readonly args: unknown }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

/**
 * Reads a control call's body: UTF-8 JSON, not nested absurdly deep, valid for the method's
 * argument schema. An empty body means `{}`. Never throws, whatever the bytes.
 */
export function parseControlArguments(method: ControlMethod, body: Uint8Array): ParsedControlArguments {
  let raw: unknown = {};
  if (body.length > 0) {
    const decoded = decodeJsonBody(body);
    if (!decoded.ok) {
      return decoded.problem === 'depth'
        ? failure('invalid_arguments', `The arguments nest more than ${MAX_JSON_DEPTH} levels deep.`)
        : failure('bad_json', 'The request body is not UTF-8 JSON.');
    }
    raw = decoded.value;
  }
  const parsed = controlMethods[method].args.safeParse(raw);
  if (parsed.success) return { ok: true, args: parsed.data };
  return failure('invalid_arguments', `Invalid arguments for ${method}: ${formatIssues(parsed.error)}.`);
}

function failure(code: string, message: string): ControlResponse<never> & { ok: false } {
  return { ok: false, error: { code, message } };
}

function send(response: ServerResponse, status: number, body: ControlResponse<unknown>): void {
  response
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(JSON.stringify(body));
}
