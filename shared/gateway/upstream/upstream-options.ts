/**
 * What an upstream connection is told at birth: whom to report to, and its tunables.
 */
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation';
import type { RemoteServerConfig, ServerConfig } from '../../contracts/config.js';
import type { Logger } from '../logger.js';
import type { UpstreamAuthorizer } from '../oauth/upstream-authorizer.js';
import type { Resolution } from '../secrets/secret-resolver.js';
import type { BackoffOptions } from './backoff.js';
import type { EraVerdictStore } from './era-verdicts.js';
import type { RequestParams, RequestResult, ServerInitiatedRequest } from './model.js';
import type { UpstreamConnection } from './upstream-connection.js';

/** What an upstream connection reports back to the gateway. */
export interface UpstreamHooks {
  onStatusChanged(upstream: UpstreamConnection): void;
  onListsChanged(upstream: UpstreamConnection): void;
  onProgress(upstream: UpstreamConnection, params: RequestParams): void;
  onLogMessage(upstream: UpstreamConnection, params: RequestParams): void;
  onResourceUpdated(upstream: UpstreamConnection, uri: string): void;
  /** A request the upstream sends back (sampling, elicitation, roots), to be routed to a client. */
  onServerRequest(
    upstream: UpstreamConnection,
    request: ServerInitiatedRequest,
    signal: AbortSignal,
  ): Promise<RequestResult>;
}

/** Tunables, with defaults fit for production. */
export interface UpstreamOptions {
  readonly backoff?: BackoffOptions;
  /**
   * How long a request may take when the server's entry sets no `requestTimeoutMs`. A function is
   * asked at every request, so a settings change applies to running servers at once.
   */
  readonly requestTimeoutMs: number | (() => number);
  /** How long connecting may take (default 60 s); longer when a person signs in along the way. */
  readonly connectTimeoutMs?: number;
  readonly logger: Logger;
  readonly clientVersion: string;
  /** Shared by every connection: each SDK client would otherwise build its own Ajv. */
  readonly schemaValidator: jsonSchemaValidator;
  /** Fills in `${secret:…}` and `${env:…}` references just before each spawn or connect. */
  readonly resolveServer?: (server: ServerConfig) => Promise<Resolution>;
  /** Where each server's era verdict outlives a restart; without it, each start probes again. */
  readonly eraVerdicts?: EraVerdictStore;
  /** OAuth for a remote server that carries no credentials of its own; created once. */
  readonly createAuthorizer?: (server: RemoteServerConfig) => UpstreamAuthorizer;
}
