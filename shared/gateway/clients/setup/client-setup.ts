/**
 * One-click client setup: connects each installed AI client to Gatehouse in that client's own
 * config file, shows every change before making it, and keeps what it needs to undo it byte for
 * byte. Tokens come from the caller (which creates a Gatehouse client per kind); this module never
 * touches the client registry.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type {
  ConfigChangeAction,
  ConfigChangePreview,
  ConfigChangeResult,
  DetectedClient,
  DriftFinding,
  SetupClientKind,
  UndoResult,
} from '../../../contracts/client-setup.js';
import { systemClock, type Clock } from '../../clock.js';
import { GatehouseError, describeError } from '../../errors.js';
import { bridgeCommand, connectInstructions, type ConnectTarget } from '../connect-instructions.js';
import { changeDiff } from './change-diff.js';
import { connectSummary, disconnectSummary, removeServersSummary } from './change-summary.js';
import type { BackupSealer } from './backup-sealing.js';
import { ClientBackups } from './client-backups.js';
import {
  readClientConfig,
  withServerEntry,
  withoutServerEntries,
  type ClientConfigDocument,
} from './client-config-edit.js';
import { decodeText, fingerprint, readBytes, writeAtomically } from './client-config-file.js';
import {
  SETUP_CLIENT_KINDS,
  clientConfigLocation,
  currentSystem,
  type ClientConfigLocation,
  type ClientSystem,
} from './client-locations.js';
import { importableServers, type ImportableServers } from './client-servers.js';
import {
  describeClient,
  driftFindings,
  type ExpectedGateway,
  type LoadedClientConfig,
} from './detect-clients.js';
import { GATEHOUSE_ENTRY_NAME, gatehouseEntry, type BridgeCommand } from './gatehouse-entry.js';
import { undoChange } from './undo-change.js';

/** What ClientSetup works with; everything but the data folder has a real default. */
export interface ClientSetupOptions {
  /** Gatehouse's data folder; backups go to `client-backups/` inside it. */
  readonly dataDir: string;
  readonly system?: ClientSystem;
  readonly clock?: Clock;
  /** How Claude Desktop starts `gatehouse connect` (the desktop app passes its own). */
  readonly bridge?: BridgeCommand;
  /** Seals undo backups, which hold the files' credentials (see backup-sealing.ts). */
  readonly sealer?: BackupSealer;
}

/**
 * A change as previewed, with the file's exact text before (null: no file) and after. The texts
 * hold tokens: they stay in the engine; `ConfigChangePreviewSchema.parse` drops them for the UI.
 */
export interface ConfigChange extends ConfigChangePreview {
  readonly before: string | null;
  readonly after: string;
}

/** The servers a client lists besides Gatehouse, in the shape the existing import takes. */
export interface ClientServers extends ImportableServers {
  readonly kind: SetupClientKind;
  readonly path: string;
}

/** A change worked out, with what undo needs. */
interface PlannedChange {
  readonly change: ConfigChange;
  readonly original: Buffer | undefined;
  /** Each server entry the change touches, as it was (null: absent). */
  readonly previous: Record<string, unknown>;
}

/**
 * Detects, connects, disconnects and undoes, one client config file at a time. Each change can be
 * previewed first; applying it re-reads the file, so what is written is computed from what is there.
 */
export class ClientSetup {
  readonly #system: ClientSystem;
  readonly #bridge: BridgeCommand;
  readonly #backups: ClientBackups;

  constructor(options: ClientSetupOptions) {
    this.#system = options.system ?? currentSystem();
    this.#bridge = options.bridge ?? bridgeCommand();
    this.#backups = new ClientBackups(options.dataDir, options.clock ?? systemClock, options.sealer);
  }

  /** Where `kind` keeps its config on this system. */
  location(kind: SetupClientKind): ClientConfigLocation {
    return clientConfigLocation(kind, this.#system);
  }

  /** Every client Gatehouse can set up, installed or not, as found now. */
  detectClients(expected: ExpectedGateway): DetectedClient[] {
    return SETUP_CLIENT_KINDS.map((kind) => {
      const location = this.location(kind);
      return describeClient(
        location,
        titleOf(kind),
        this.#installed(location),
        this.#tryLoad(location),
        expected,
      );
    });
  }

  /** How `kind`'s file has drifted from routing everything through the gateway at `expected.url`. */
  detectDrift(kind: SetupClientKind, expected: ExpectedGateway): DriftFinding[] {
    const location = this.location(kind);
    return driftFindings(location, titleOf(kind), this.#tryLoad(location), expected);
  }

  /** What connecting `kind` would write. @throws GatehouseError for a missing client or a bad file. */
  previewConnect(kind: SetupClientKind, target: ConnectTarget): ConfigChange {
    return this.#planConnect(kind, target).change;
  }

  /**
   * Adds or replaces the `gatehouse` entry, after backing up the file. With `basedOn` (the preview's),
   * refuses when the file changed since that preview.
   * @throws GatehouseError `client_config_changed` when the app rewrote the file meanwhile.
   */
  applyConnect(kind: SetupClientKind, target: ConnectTarget, basedOn?: string): ConfigChangeResult {
    return this.#apply(this.#planConnect(kind, target), basedOn);
  }

  /** What removing the `gatehouse` entry would do. */
  previewDisconnect(kind: SetupClientKind): ConfigChange {
    return this.#planRemoval(kind, 'disconnect', [GATEHOUSE_ENTRY_NAME]).change;
  }

  /** Removes the `gatehouse` entry, after backing up the file (refused as applyConnect is). */
  disconnect(kind: SetupClientKind, basedOn?: string): ConfigChangeResult {
    return this.#apply(this.#planRemoval(kind, 'disconnect', [GATEHOUSE_ENTRY_NAME]), basedOn);
  }

  /**
   * The servers `kind` lists besides Gatehouse, for `planImport({ mcpServers })`. With the
   * gateway's URL, entries that already lead to it are left out too.
   */
  readClientServers(kind: SetupClientKind, expected?: ExpectedGateway): ClientServers {
    const { document } = this.#load(this.location(kind));
    return { kind, path: document.location.path, ...importableServers(document.servers, expected?.url) };
  }

  /** What removing `names` from the client would do (once they are imported into Gatehouse). */
  previewRemoveServers(kind: SetupClientKind, names: readonly string[]): ConfigChange {
    return this.#planRemoval(kind, 'remove-servers', names).change;
  }

  /** Removes `names` from the client, so it reaches them only through Gatehouse. Undoable. */
  removeServersFromClient(
    kind: SetupClientKind,
    names: readonly string[],
    basedOn?: string,
  ): ConfigChangeResult {
    return this.#apply(this.#planRemoval(kind, 'remove-servers', names), basedOn);
  }

  /**
   * Refuses when `kind`'s file no longer holds what a preview with this `basedOn` read.
   * @throws GatehouseError `client_config_changed`.
   */
  assertUnchanged(kind: SetupClientKind, basedOn: string): void {
    const { path } = this.location(kind);
    if (fingerprint(readBytes(path)) !== basedOn) throw changedSincePreview(path, 'preview');
  }

  /** The most recent change that `undo` would reverse, if any. */
  lastChange(kind: SetupClientKind): { action: ConfigChangeAction; at: string } | undefined {
    return this.#backups.lastAction(kind);
  }

  /**
   * Reverses the most recent change: the original bytes exactly when the file still holds what
   * Gatehouse wrote (a file Gatehouse created is removed), else only the entries it touched.
   * @throws GatehouseError `nothing_to_undo`.
   */
  undo(kind: SetupClientKind): UndoResult {
    const entry = this.#backups.last(kind);
    if (!entry) {
      throw new GatehouseError(
        'nothing_to_undo',
        `Gatehouse has no change to ${titleOf(kind)}'s config left to undo.`,
      );
    }
    const result = undoChange(this.location(kind), titleOf(kind), entry, this.#backups);
    this.#backups.dropLast(kind);
    return result;
  }

  #planConnect(kind: SetupClientKind, target: ConnectTarget): PlannedChange {
    const location = this.#requireInstalled(kind);
    const { document, original } = this.#load(location);
    const entry = gatehouseEntry(kind, target, this.#bridge);
    const after = withServerEntry(document, GATEHOUSE_ENTRY_NAME, entry);
    const existing = document.servers.get(GATEHOUSE_ENTRY_NAME);
    const summary = connectSummary(titleOf(kind), document, existing, target.url, after !== document.text);
    return this.#planned('connect', document, original, after, summary, [target.token], {
      [GATEHOUSE_ENTRY_NAME]: existing ?? null,
    });
  }

  #planRemoval(
    kind: SetupClientKind,
    action: 'disconnect' | 'remove-servers',
    names: readonly string[],
  ): PlannedChange {
    const location = this.location(kind);
    const { document, original } = this.#load(location);
    if (action === 'remove-servers') {
      const bad = names.find((name) => name === GATEHOUSE_ENTRY_NAME || !document.servers.has(name));
      if (bad === GATEHOUSE_ENTRY_NAME)
        throw new GatehouseError('name_invalid', 'Disconnect the client to remove its "gatehouse" entry.');
      if (bad !== undefined)
        throw new GatehouseError('server_unknown', `${location.path} lists no server "${bad}".`);
    }
    const after = withoutServerEntries(document, names);
    const previous = Object.fromEntries(names.map((name) => [name, document.servers.get(name) ?? null]));
    const summary =
      action === 'disconnect'
        ? disconnectSummary(titleOf(kind), document, after !== document.text)
        : removeServersSummary(titleOf(kind), document, names);
    return this.#planned(action, document, original, after, summary, [], previous);
  }

  #planned(
    action: ConfigChangeAction,
    document: ClientConfigDocument,
    original: Buffer | undefined,
    after: string,
    summary: string[],
    secrets: readonly string[],
    previous: Record<string, unknown>,
  ): PlannedChange {
    const { location } = document;
    const changed = after !== document.text;
    const change: ConfigChange = {
      kind: location.kind,
      action,
      path: location.path,
      changed,
      createsFile: changed && !document.exists,
      summary,
      diff: changed ? changeDiff(document.text, after, secrets) : [],
      before: document.exists ? document.text : null,
      after,
      basedOn: fingerprint(original),
    };
    return { change, original, previous };
  }

  #apply({ change, original, previous }: PlannedChange, basedOn?: string): ConfigChangeResult {
    const { before: _before, after, ...preview } = change;
    if (basedOn !== undefined && basedOn !== change.basedOn)
      throw changedSincePreview(change.path, 'preview');
    if (!change.changed) return { ...preview, backupPath: null };
    // Compare before write: an app that saved its file while this change was being worked out
    // (Claude Code rewrites ~/.claude.json often) would otherwise lose what it wrote.
    if (fingerprint(readBytes(change.path)) !== change.basedOn)
      throw changedSincePreview(change.path, 'read');
    // The backup is on disk before the file changes, so a crash cannot lose the original.
    const backupPath = original === undefined ? null : this.#backups.saveBackup(change.kind, original);
    const written = Buffer.from(after, 'utf8');
    writeAtomically(change.path, written);
    this.#backups.append(change.kind, {
      action: change.action,
      path: change.path,
      backup: backupPath === null ? null : basename(backupPath),
      written: fingerprint(written),
      previous,
    });
    return { ...preview, backupPath };
  }

  #load(location: ClientConfigLocation): { document: ClientConfigDocument; original: Buffer | undefined } {
    const original = readBytes(location.path);
    const text = original === undefined ? undefined : decodeText(location.path, original);
    return { document: readClientConfig(location, text), original };
  }

  #tryLoad(location: ClientConfigLocation): LoadedClientConfig {
    try {
      return { document: this.#load(location).document };
    } catch (error: unknown) {
      // One unreadable file (permissions, a folder in its place) must not hide the other clients.
      const problem =
        error instanceof GatehouseError
          ? error.message
          : `Cannot read ${location.path} (${describeError(error)}); Gatehouse has not changed it.`;
      return { problem, exists: existsSync(location.path) };
    }
  }

  #installed(location: ClientConfigLocation): boolean {
    return location.presence.some((path) => existsSync(path));
  }

  #requireInstalled(kind: SetupClientKind): ClientConfigLocation {
    const location = this.location(kind);
    if (this.#installed(location)) return location;
    throw new GatehouseError(
      'client_not_installed',
      `${titleOf(kind)} does not seem to be installed: neither ${location.presence.join(' nor ')} exists. ` +
        'Install and open it once, then connect it.',
    );
  }
}

/** The refusal when the app wrote its file after Gatehouse read it; nothing was written. */
function changedSincePreview(path: string, since: 'preview' | 'read'): GatehouseError {
  const when = since === 'preview' ? 'since the preview you saw' : 'while Gatehouse was changing it';
  return new GatehouseError(
    'client_config_changed',
    `${path} was changed by another program ${when}, so Gatehouse did not write it and nothing of ` +
      'that change is lost. Look at the fresh preview and apply again.',
  );
}

/** The client's name as people know it. */
function titleOf(kind: SetupClientKind): string {
  return connectInstructions(kind, { url: '', token: '' }).title;
}
