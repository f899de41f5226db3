/**
 * An upstream connection outside a running gateway, for the CLI's `server login` and `server
 * check`: the same UpstreamConnection the gateway uses, with nobody listening to its events.
 */
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { ServerConfig } from '../../contracts/config.js';
import { silentLogger } from '../logger.js';
import { GATEHOUSE_VERSION } from '../version.js';
import type { UpstreamHooks, UpstreamOptions } from './upstream-options.js';
import { UpstreamConnection } from './upstream-connection.js';

const NO_HOOKS: UpstreamHooks = {
  onStatusChanged() {},
  onListsChanged() {},
  onProgress() {},
  onLogMessage() {},
  onResourceUpdated() {},
  onServerRequest: async (_upstream, request) => {
    throw new Error(`${request.method} needs a client session; there is none here.`);
  },
};

/** Connects once (no reconnection once the first attempt settled) and resolves when it settled. */
export async function connectOnce(
  name: string,
  server: ServerConfig,
  options: Pick<UpstreamOptions, 'resolveServer' | 'createAuthorizer' | 'connectTimeoutMs'> & {
    readonly requestTimeoutMs?: number;
  },
): Promise<UpstreamConnection> {
  const connection = new UpstreamConnection(name, server, NO_HOOKS, {
    requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
    logger: silentLogger,
    clientVersion: GATEHOUSE_VERSION,
    schemaValidator: new AjvJsonSchemaValidator(),
    ...options,
  });
  connection.start();
  await connection.settled();
  return connection;
}
