/**
 * One downstream MCP session: the SDK `Server` that speaks to a client, its transport, and what
 * the gateway remembers about it (who it is, its log level, its resource subscriptions).
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { declaresUiExtension } from '../catalog/app-meta.js';
import { z } from 'zod';
import type { RequestParams, RequestResult } from '../upstream/model.js';
import {
  passesLogLevel,
  type Caller,
  type ClientCapabilityName,
  type LogLevel,
  type RequestId,
} from './caller.js';
import type { HttpSessionTransport } from './session-transport.js';

const PassThroughResultSchema = z.looseObject({});

export type { ClientCapabilityName } from './caller.js';

/** A connected client session (2025 era: opened by `initialize`). */
export class ClientSession implements Caller {
  lastActivityMs: number;
  logLevel: LogLevel | undefined;
  readonly subscriptions = new Set<string>();
  readonly server: Server;

  /** `createServer` receives the session so the server's handlers can reach it. */
  constructor(
    readonly id: string,
    readonly clientName: string,
    createServer: (session: ClientSession) => Server,
    readonly transport: HttpSessionTransport,
    now: number,
    /** The version the client asked for in `initialize`, as the SDK server settles it. */
    readonly protocolVersion: string,
  ) {
    this.lastActivityMs = now;
    this.server = createServer(this);
  }

  /** The level this session set with `logging/setLevel`, for 2026 servers, which take it per request. */
  get upstreamMeta(): Readonly<Record<string, unknown>> | undefined {
    return this.logLevel === undefined ? undefined : { 'io.modelcontextprotocol/logLevel': this.logLevel };
  }

  /** The client's name and version as it introduced itself, for messages. */
  get label(): string {
    const info = this.server.getClientVersion();
    return info ? `${this.clientName} (${info.name})` : this.clientName;
  }

  /** Whether the client declared a capability in its `initialize`. */
  supports(capability: ClientCapabilityName): boolean {
    return Boolean(this.server.getClientCapabilities()?.[capability]);
  }

  showsAppViews(): boolean {
    return declaresUiExtension(this.server.getClientCapabilities());
  }

  /** Whether a log message of `level` passes the level this client asked for. */
  wantsLog(level: unknown): boolean {
    return !this.logLevel || passesLogLevel(level, this.logLevel);
  }

  /** Sends a request to the client, on the stream of the call it belongs to when there is one. */
  request(
    method: string,
    params: RequestParams | undefined,
    relatedRequestId: RequestId | undefined,
    signal: AbortSignal,
  ): Promise<RequestResult> {
    return this.server.request({ method, params } as never, PassThroughResultSchema, {
      relatedRequestId,
      signal,
      // The person answering a sampling or elicitation request may take their time.
      timeout: 10 * 60_000,
    });
  }

  /** Sends a notification, on the stream of a related call when there is one. */
  notify(method: string, params: RequestParams | undefined, relatedRequestId?: RequestId): void {
    this.server
      .notification(
        { method, params } as never,
        relatedRequestId === undefined ? undefined : { relatedRequestId },
      )
      .catch(() => {
        // The client went away; nothing to tell it.
      });
  }

  /** Ends the session and its streams. */
  async close(): Promise<void> {
    await this.server.close().catch(() => {});
  }
}
