/**
 * A 2025-era upstream, spoken to with the 1.x SDK's client: the `initialize` handshake, then
 * requests on the session it opens. The counterpart of modern-upstream-client.ts.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation';
import { installClientHandlers, type ClientEventTargets } from './client-handlers.js';
import { UI_EXTENSION_CLIENT_SETTINGS, UI_EXTENSION_ID } from '../catalog/app-meta.js';

/** How to open one. */
export interface LegacyClientOptions {
  readonly clientVersion: string;
  /** Shared by every connection: each SDK client would otherwise build its own Ajv. */
  readonly schemaValidator: jsonSchemaValidator;
  readonly connectTimeoutMs: number;
  readonly targets: ClientEventTargets;
  readonly onError: (error: Error) => void;
  /** Told the version `initialize` settled on. */
  readonly onVersion: (version: string) => void;
}

/** Connects over `transport` (already guarded); closes the client again when that fails. */
export async function openLegacyClient(transport: Transport, options: LegacyClientOptions): Promise<Client> {
  const client = new Client(
    { name: 'gatehouse', version: options.clientVersion },
    {
      capabilities: {
        sampling: {},
        elicitation: { form: {}, url: {} },
        roots: { listChanged: true },
        // Gatehouse passes views through to the hosts that show them (catalog/app-meta.ts).
        extensions: { [UI_EXTENSION_ID]: UI_EXTENSION_CLIENT_SETTINGS },
      },
      jsonSchemaValidator: options.schemaValidator,
    },
  );
  installClientHandlers(client, options.targets);
  client.onerror = options.onError;
  // The 1.x client tells the transport the version `initialize` settled on, and nobody else.
  const setProtocolVersion = transport.setProtocolVersion?.bind(transport);
  transport.setProtocolVersion = (version: string) => {
    options.onVersion(version);
    setProtocolVersion?.(version);
  };
  try {
    await client.connect(transport, { timeout: options.connectTimeoutMs });
  } catch (error: unknown) {
    await client.close().catch(() => {});
    throw error;
  }
  return client;
}
