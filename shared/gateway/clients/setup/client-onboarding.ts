/**
 * Client setup as the CLI and the control API offer it: ClientSetup edits the client's file, and
 * this pairs each edit with the client registry (a token of its own per client, revoked when the
 * client is disconnected) and with Gatehouse's config (servers imported from the client).
 */
import type {
  ClientImportResult,
  ConnectResult,
  DisconnectResult,
  ImportPreview,
  SetupDetection,
} from '../../../contracts/client-onboarding.js';
import {
  ConfigChangePreviewSchema,
  ConfigChangeResultSchema,
  type ConfigChangePreview,
  type ConfigChangeResult,
  type SetupClientKind,
  type UndoResult,
} from '../../../contracts/client-setup.js';
import type { ClientRegistry } from '../../config/client-registry.js';
import type { ConfigStore } from '../../config/config-store.js';
import type { SecretStore } from '../../secrets/secret-store.js';
import { TOKEN_PLACEHOLDER, connectInstructions } from '../connect-instructions.js';
import type { ClientSetup } from './client-setup.js';
import {
  importServers,
  previewServerImport,
  type ImportOptions,
  type ServerImportParts,
} from './client-server-import.js';
import { checkEntry } from './working-connection.js';

/** What onboarding works with. */
export interface ClientOnboardingOptions {
  readonly setup: ClientSetup;
  readonly clients: ClientRegistry;
  readonly configStore: ConfigStore;
  readonly secrets: SecretStore;
  /** The gateway's `/mcp` URL, which every client entry should lead to. */
  readonly gatewayUrl: string;
}

/**
 * Detects, connects, disconnects, undoes and imports, one client at a time. The Gatehouse client
 * each connect creates is named after the kind ("cursor"), so connecting again finds it.
 */
export class ClientOnboarding {
  readonly #setup: ClientSetup;
  readonly #clients: ClientRegistry;
  readonly #url: string;
  readonly #imports: ServerImportParts;

  constructor(options: ClientOnboardingOptions) {
    this.#setup = options.setup;
    this.#clients = options.clients;
    this.#url = options.gatewayUrl;
    this.#imports = {
      setup: options.setup,
      configStore: options.configStore,
      secrets: options.secrets,
      gatewayUrl: options.gatewayUrl,
    };
  }

  /**
   * Every client as found now; drift for the ones that were connected (a `gatehouse` entry, or a
   * Gatehouse client of their kind while installed), so an untouched client raises no alarm.
   */
  detect(): SetupDetection {
    const expected = { url: this.#url };
    const clients = this.#setup.detectClients(expected);
    const registered = this.#registeredNames();
    const drift = clients
      .filter((client) => client.gatehouse !== null || (client.installed && registered.has(client.kind)))
      .flatMap((client) => this.#setup.detectDrift(client.kind, expected));
    const undoable = clients.flatMap(({ kind }) => {
      const last = this.#setup.lastChange(kind);
      return last ? [{ kind, ...last }] : [];
    });
    return { clients, drift, undoable };
  }

  /** What connecting would write, the token shown as a placeholder; unchanged when it works already. */
  previewConnect(kind: SetupClientKind): ConfigChangePreview {
    if (this.#workingClient(kind) !== undefined) return this.#alreadyConnected(kind);
    const preview = ConfigChangePreviewSchema.parse(
      this.#setup.previewConnect(kind, { url: this.#url, token: TOKEN_PLACEHOLDER }),
    );
    const token = this.#registeredNames().has(kind)
      ? `Gatehouse gives its client "${kind}" a new token; the old one stops working.`
      : `Gatehouse creates a client "${kind}" with a token of its own for ${titleOf(kind)}.`;
    return { ...preview, summary: [...preview.summary, token] };
  }

  /**
   * Gives the client a fresh token and writes its entry. When the entry already leads here with a
   * token that works, nothing changes: no new token, no write.
   * @throws GatehouseError `client_not_installed` or `client_config_invalid`, before any token exists.
   */
  connect(kind: SetupClientKind, basedOn?: string): ConnectResult {
    const working = this.#workingClient(kind);
    if (working !== undefined) {
      return { ...this.#alreadyConnected(kind), backupPath: null, client: working, rotatedToken: false };
    }
    // A client that is missing or has a file it cannot read must not cost a token (or rotate one).
    this.#setup.previewConnect(kind, { url: this.#url, token: TOKEN_PLACEHOLDER });
    const rotatedToken = this.#registeredNames().has(kind);
    if (rotatedToken) this.#clients.revoke(kind);
    const { token } = this.#clients.add(kind);
    let result: ConfigChangeResult;
    try {
      result = this.#setup.applyConnect(kind, { url: this.#url, token }, basedOn);
    } catch (error: unknown) {
      // The token reached no file, so nothing could ever use it.
      this.#clients.revoke(kind);
      throw error;
    }
    const rotation = rotatedToken
      ? [
          `The Gatehouse client "${kind}" existed already: it has a new token now, and the old one no longer works.`,
        ]
      : [];
    return {
      ...ConfigChangeResultSchema.parse(result),
      summary: [...result.summary, ...rotation],
      client: kind,
      rotatedToken,
    };
  }

  /** What disconnecting would remove, and whether a token would be revoked with it. */
  previewDisconnect(kind: SetupClientKind): ConfigChangePreview {
    const preview = ConfigChangePreviewSchema.parse(this.#setup.previewDisconnect(kind));
    return { ...preview, summary: [...preview.summary, ...this.#revocationSentence(kind)] };
  }

  /** Removes the `gatehouse` entry, then revokes the Gatehouse client of that kind. */
  disconnect(kind: SetupClientKind, basedOn?: string): DisconnectResult {
    const result = ConfigChangeResultSchema.parse(this.#setup.disconnect(kind, basedOn));
    const revokedClient = this.#registeredNames().has(kind) ? kind : null;
    if (revokedClient === null) return { ...result, revokedClient };
    this.#clients.revoke(revokedClient);
    const revoked = `Revoked the Gatehouse client "${kind}"; its token no longer works.`;
    return { ...result, summary: [...result.summary, revoked], revokedClient };
  }

  /**
   * Reverses the last change to the client's file. Undoing a connect also revokes the token it
   * created, which no file holds any more; an entry brought back with a revoked token is named.
   * @throws GatehouseError `nothing_to_undo`.
   */
  undo(kind: SetupClientKind): UndoResult {
    const result = this.#setup.undo(kind);
    const entry = checkEntry(this.#setup.location(kind), this.#url, this.#clients);
    const notes: string[] = [];
    if (result.undone === 'connect' && entry.client !== kind && this.#registeredNames().has(kind)) {
      this.#clients.revoke(kind);
      notes.push(`Revoked the Gatehouse client "${kind}", whose token only that entry held.`);
    }
    if (entry.pointsHere && entry.client === undefined) {
      notes.push(
        `The restored "gatehouse" entry carries a token Gatehouse no longer accepts; connect ${titleOf(kind)} again to give it a working one.`,
      );
    }
    return { ...result, message: [result.message, ...notes].join(' ') };
  }

  /** The client's servers: which Gatehouse has already, which credentials would move (names only). */
  previewImport(kind: SetupClientKind, servers?: readonly string[]): Promise<ImportPreview> {
    return previewServerImport(kind, this.#imports, servers);
  }

  /**
   * Imports the client's servers into config.json, credentials into the keychain; with
   * `removeFromClient`, takes them out of the client so all its traffic goes through Gatehouse.
   */
  import(kind: SetupClientKind, options: ImportOptions): Promise<ClientImportResult> {
    return importServers(kind, this.#imports, options);
  }

  /** The Gatehouse client whose working token the entry carries, when it leads here. */
  #workingClient(kind: SetupClientKind): string | undefined {
    return checkEntry(this.#setup.location(kind), this.#url, this.#clients).client;
  }

  #alreadyConnected(kind: SetupClientKind): ConfigChangePreview {
    const { path } = this.#setup.location(kind);
    return {
      kind,
      action: 'connect',
      path,
      changed: false,
      createsFile: false,
      summary: [
        `${titleOf(kind)} is already connected to Gatehouse at ${this.#url}; ${path} stays as it is.`,
      ],
      diff: [],
    };
  }

  #revocationSentence(kind: SetupClientKind): string[] {
    return this.#registeredNames().has(kind)
      ? [`Also revokes the Gatehouse client "${kind}", so its token stops working.`]
      : [];
  }

  #registeredNames(): Set<string> {
    return new Set(this.#clients.list().map((client) => client.name));
  }
}

/** The client's name as people know it. */
function titleOf(kind: SetupClientKind): string {
  return connectInstructions(kind, { url: '', token: '' }).title;
}
