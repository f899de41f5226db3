/**
 * Importing servers from a pasted client config (Claude Desktop, Cursor, Claude Code, VS Code),
 * with the plain-text credentials in their `env` and `headers` moved into the keychain and the
 * entries rewritten as `${secret:NAME}` references. Planning and applying are separate so the CLI
 * (or the UI) can show the plan and ask before anything is stored or written.
 */
import {
  RemoteServerConfigSchema,
  SERVER_NAME_PATTERN,
  ServerConfigSchema,
  StdioServerConfigSchema,
  isStdioServer,
  type GatewayConfig,
  type ServerConfig,
} from '../../contracts/config.js';
import { isCredentialKey } from '../audit/redact.js';
import type { ConfigStore } from '../config/config-store.js';
import { formatIssues } from '../config/json-file-store.js';
import { GatehouseError } from '../errors.js';
import { referencesIn } from './secret-references.js';
import { assertSecretName, type SecretStore } from './secret-store.js';

/** How a plan is made. */
export interface ImportOptions {
  /** Overwrite servers whose name exists already; otherwise they are skipped. */
  readonly replace: boolean;
  /** What the input is called in messages, usually its file path. */
  readonly source?: string;
}

/** `move` stores credentials in the keychain and writes references; `keep-plaintext` writes entries as pasted. */
export type ImportMode = 'move' | 'keep-plaintext';

/** A server the import will write. */
export interface PlannedServer {
  readonly name: string;
  /** Whether it overwrites a server of the same name. */
  readonly replaces: boolean;
}

/** Why a pasted server is left out: `exists` means config.json has one of that name. */
export type SkipReason = 'exists';

export interface SkippedServer {
  readonly name: string;
  readonly reason: SkipReason;
}

/** Where a plain-text credential sits in a pasted server entry. */
export interface CredentialLocation {
  readonly server: string;
  readonly field: 'env' | 'headers';
  readonly key: string;
}

/** A credential the import moves into the keychain under `secretName`. */
export interface CredentialMove extends CredentialLocation {
  readonly secretName: string;
  /** The keychain held this very value under `secretName` already, so nothing new is stored. */
  readonly alreadyStored: boolean;
}

/** What an import will do. Holds names only: printing or serialising it never shows a value. */
export interface ImportPlan {
  readonly servers: readonly PlannedServer[];
  readonly skipped: readonly SkippedServer[];
  readonly moves: readonly CredentialMove[];
}

/** What an import did. */
export interface ImportResult {
  readonly mode: ImportMode;
  readonly configPath: string;
  readonly added: readonly string[];
  readonly replaced: readonly string[];
  readonly skipped: readonly SkippedServer[];
  /** Credentials now referred to as `${secret:NAME}` (empty with `keep-plaintext`). */
  readonly moved: readonly CredentialMove[];
  /** Credentials left in config.json in plain text (empty with `move`). */
  readonly plaintext: readonly CredentialLocation[];
  /** Secret names written to the keychain by this import. */
  readonly stored: readonly string[];
}

/** The values behind a plan, kept out of the plan object itself. */
interface PlanContents {
  readonly entries: ReadonlyMap<string, { pasted: ServerConfig; withReferences: ServerConfig }>;
  /** Secret name → value, for the names the keychain does not hold yet. */
  readonly secretsToStore: ReadonlyMap<string, string>;
  /** Set when the keychain could not be asked which names are taken. */
  readonly keychainProblem: GatehouseError | undefined;
}

// Values live beside the plan rather than in it, so no log line, `--json` output or UI message
// built from a plan can ever carry a credential.
const planContents = new WeakMap<ImportPlan, PlanContents>();

/** The longest secret name SECRET_NAME_PATTERN allows. */
const MAX_SECRET_NAME_CHARS = 128;

/**
 * A `${…}` anywhere in a value: Gatehouse's own `${secret:…}`/`${env:…}`, VS Code's `${input:…}`
 * or Claude Code's `${VAR}`. Such a value refers to a credential elsewhere; it is not one.
 */
const PLACEHOLDER = /\$\{[^}]*\}/;

/** `Bearer abc`, `Basic xyz`, `token abc`, `Bot abc`: only the part after the scheme is the secret. */
const AUTH_SCHEME = /^(bearer|basic|token|bot)(\s+)(\S+)\s*$/i;

/**
 * Plans importing a pasted config: `{ "mcpServers": … }`, `{ "servers": … }` or a bare map of
 * servers. Checks every entry before anything else, so bad input changes nothing. Looks names up
 * in the keychain to avoid overwriting a different value; an unreachable keychain is remembered,
 * not thrown, so a `keep-plaintext` import still works without one.
 * @throws GatehouseError `import_invalid` naming the server and field at fault.
 */
export async function planImport(
  raw: unknown,
  existing: GatewayConfig,
  store: SecretStore,
  options: ImportOptions,
): Promise<ImportPlan> {
  const source = options.source ?? 'the imported file';
  const pasted = validatedServers(pastedServers(raw, source), source);

  const servers: PlannedServer[] = [];
  const skipped: SkippedServer[] = [];
  for (const name of pasted.keys()) {
    const replaces = Object.hasOwn(existing.mcpServers, name);
    if (replaces && !options.replace) skipped.push({ name, reason: 'exists' });
    else servers.push({ name, replaces });
  }

  const namer = new SecretNamer(store, namesStillReferenced(existing, servers));
  const moves: CredentialMove[] = [];
  const entries = new Map<string, { pasted: ServerConfig; withReferences: ServerConfig }>();
  for (const { name } of servers) {
    const server = pasted.get(name)!;
    const rewritten = await moveCredentials(name, server, namer, moves);
    entries.set(name, { pasted: server, withReferences: rewritten });
  }

  const plan: ImportPlan = Object.freeze({ servers, skipped, moves });
  planContents.set(plan, {
    entries,
    secretsToStore: namer.secretsToStore(),
    keychainProblem: namer.keychainProblem,
  });
  return plan;
}

/**
 * Carries out a plan. With `move`, every secret is stored first and config.json is written after,
 * in one update, so the config never refers to a secret that failed to store. A secret stored
 * before a later failure stays in the keychain unused; importing again finds it and reuses it.
 * @throws GatehouseError `keychain_unavailable` (config.json untouched), or `config_invalid`.
 */
export async function applyImport(
  plan: ImportPlan,
  configStore: ConfigStore,
  store: SecretStore,
  mode: ImportMode,
): Promise<ImportResult> {
  const contents = planContents.get(plan);
  if (!contents) throw new Error('applyImport needs a plan made by planImport');

  const stored: string[] = [];
  if (mode === 'move' && plan.moves.length > 0) {
    // Names were chosen without seeing the keychain, so storing now could overwrite a secret.
    if (contents.keychainProblem) throw contents.keychainProblem;
    for (const [name, value] of contents.secretsToStore) {
      await store.set(name, value);
      stored.push(name);
    }
  }

  if (plan.servers.length > 0) {
    const written = Object.fromEntries(
      [...contents.entries].map(([name, entry]) => [
        name,
        mode === 'move' ? entry.withReferences : entry.pasted,
      ]),
    );
    configStore.update((raw) => ({ ...raw, mcpServers: { ...asRecord(raw.mcpServers), ...written } }));
  }

  return {
    mode,
    configPath: configStore.path,
    added: plan.servers.filter((server) => !server.replaces).map((server) => server.name),
    replaced: plan.servers.filter((server) => server.replaces).map((server) => server.name),
    skipped: plan.skipped,
    moved: mode === 'move' ? plan.moves : [],
    plaintext: mode === 'move' ? [] : plan.moves.map(({ server, field, key }) => ({ server, field, key })),
    stored,
  };
}

/** The map of servers inside whichever of the accepted shapes `raw` has. */
function pastedServers(raw: unknown, source: string): Record<string, unknown> {
  const shapes =
    'expected "mcpServers" (Claude Desktop, Cursor, Claude Code), "servers" (VS Code) or a map of servers';
  if (!isRecord(raw)) throw importInvalid(`${source} is not a server config: ${shapes}`);
  let servers: unknown = raw;
  if ('mcpServers' in raw) servers = raw.mcpServers;
  // A bare map may hold a server called "servers"; VS Code's wrapper is not itself a server.
  else if (isRecord(raw.servers) && !looksLikeServer(raw.servers)) servers = raw.servers;
  if (!isRecord(servers)) throw importInvalid(`The servers in ${source} are not a map of names to entries`);
  if (Object.keys(servers).length === 0) throw importInvalid(`${source} lists no servers: ${shapes}`);
  return servers;
}

/** Every name and entry checked; the first fault is reported and nothing is imported. */
function validatedServers(servers: Record<string, unknown>, source: string): Map<string, ServerConfig> {
  const valid = new Map<string, ServerConfig>();
  for (const [name, entry] of Object.entries(servers)) {
    if (!SERVER_NAME_PATTERN.test(name)) {
      throw importInvalid(
        `${JSON.stringify(name.slice(0, 80))} in ${source} is not a usable server name: ` +
          'use letters, digits, ".", "_" and "-" (at most 64)',
      );
    }
    const parsed = ServerConfigSchema.safeParse(entry);
    if (!parsed.success) {
      throw importInvalid(`Server "${name}" in ${source} is not valid (${describeFault(entry)})`);
    }
    valid.set(name, parsed.data);
  }
  return valid;
}

/**
 * The union's own message only says "command or url"; checking against the branch the entry is
 * meant to be names the field at fault (`env.TOKEN: expected string`).
 */
function describeFault(entry: unknown): string {
  const branch = !isRecord(entry)
    ? ServerConfigSchema
    : 'command' in entry
      ? StdioServerConfigSchema
      : 'url' in entry
        ? RemoteServerConfigSchema
        : ServerConfigSchema;
  const parsed = branch.safeParse(entry);
  return parsed.success ? 'needs either a "command" or a "url"' : formatIssues(parsed.error);
}

/** Rewrites one entry's credentials as references, recording each move. */
async function moveCredentials(
  serverName: string,
  server: ServerConfig,
  namer: SecretNamer,
  moves: CredentialMove[],
): Promise<ServerConfig> {
  const field = isStdioServer(server) ? 'env' : 'headers';
  const values = isStdioServer(server) ? server.env : server.headers;
  if (!values) return server;
  const rewritten: Record<string, string> = { ...values };
  for (const [key, value] of Object.entries(values)) {
    if (!isCredentialKey(key) || value.trim() === '' || PLACEHOLDER.test(value)) continue;
    const scheme = field === 'headers' ? AUTH_SCHEME.exec(value) : null;
    const secret = scheme ? scheme[3]! : value;
    const base = field === 'env' ? secretNameFrom(key) : secretNameFrom(serverName, key);
    const { name, alreadyStored } = await namer.choose(candidateNames(base, serverName), secret);
    const reference = `\${secret:${name}}`;
    rewritten[key] = scheme ? `${scheme[1]}${scheme[2]}${reference}` : reference;
    moves.push({ server: serverName, field, key, secretName: name, alreadyStored });
  }
  return { ...server, [field]: rewritten };
}

/** `GITHUB_TOKEN`, then `GITHUB_GITHUB_TOKEN` (server prefix), then `…_2`, `…_3` and so on. */
function* candidateNames(base: string, serverName: string): Generator<string> {
  const prefixed = base.startsWith(secretNameFrom(serverName) + '_')
    ? base
    : secretNameFrom(serverName, base);
  yield base;
  if (prefixed !== base) yield prefixed;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    yield prefixed.slice(0, MAX_SECRET_NAME_CHARS - suffix.length) + suffix;
  }
}

/** Upper case, runs of other characters as one "_", never a leading digit, at most 128 chars. */
function secretNameFrom(...parts: string[]): string {
  const joined = parts.map((part) => part.toUpperCase().replace(/[^A-Z0-9_]+/g, '_')).join('_');
  return (/^[A-Z_]/.test(joined) ? joined : `_${joined}`).slice(0, MAX_SECRET_NAME_CHARS);
}

/**
 * Secret names that servers staying in config.json refer to. One that the keychain lacks is
 * still spoken for: filling it with a pasted value would hand that server someone else's key.
 */
function namesStillReferenced(existing: GatewayConfig, replacing: readonly PlannedServer[]): Set<string> {
  const replaced = new Set(replacing.filter((server) => server.replaces).map((server) => server.name));
  const names = new Set<string>();
  for (const [name, server] of Object.entries(existing.mcpServers)) {
    if (replaced.has(name)) continue;
    for (const reference of referencesIn(server))
      if (reference.source === 'secret') names.add(reference.name);
  }
  return names;
}

/**
 * Picks a free secret name for each value: one nobody uses, or one that already holds the same
 * value (two servers sharing a token share one secret).
 */
class SecretNamer {
  /** Name → value for every name this plan uses. */
  readonly #planned = new Map<string, string>();
  readonly #alreadyStored = new Set<string>();
  readonly #keychain = new Map<string, string | undefined>();
  #keychainProblem: GatehouseError | undefined;

  constructor(
    private readonly store: SecretStore,
    private readonly referenced: ReadonlySet<string>,
  ) {}

  get keychainProblem(): GatehouseError | undefined {
    return this.#keychainProblem;
  }

  async choose(
    candidates: Iterable<string>,
    value: string,
  ): Promise<{ name: string; alreadyStored: boolean }> {
    for (const name of candidates) {
      assertSecretName(name);
      const planned = this.#planned.get(name);
      if (planned !== undefined) {
        if (planned === value) return { name, alreadyStored: this.#alreadyStored.has(name) };
        continue;
      }
      const stored = await this.#storedValue(name);
      if (stored !== undefined && stored !== value) continue;
      if (stored === undefined && this.referenced.has(name)) continue;
      this.#planned.set(name, value);
      if (stored !== undefined) this.#alreadyStored.add(name);
      return { name, alreadyStored: stored !== undefined };
    }
    throw new Error('candidateNames never ends');
  }

  secretsToStore(): Map<string, string> {
    return new Map([...this.#planned].filter(([name]) => !this.#alreadyStored.has(name)));
  }

  async #storedValue(name: string): Promise<string | undefined> {
    if (this.#keychainProblem) return undefined;
    if (this.#keychain.has(name)) return this.#keychain.get(name);
    try {
      const value = await this.store.get(name);
      this.#keychain.set(name, value);
      return value;
    } catch (error: unknown) {
      if (!(error instanceof GatehouseError) || error.code !== 'keychain_unavailable') throw error;
      this.#keychainProblem = error;
      return undefined;
    }
  }
}

function looksLikeServer(value: Record<string, unknown>): boolean {
  return 'command' in value || 'url' in value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? { ...value } : {};
}

function importInvalid(sentence: string): GatehouseError {
  return new GatehouseError('import_invalid', `${sentence}; nothing was imported.`);
}
