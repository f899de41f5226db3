/**
 * Taking over the MCP servers a client lists: the ones Gatehouse runs already are set aside, the
 * rest go through the existing import (credentials moved into the keychain), and, when asked,
 * they leave the client's file so that it reaches them only through Gatehouse.
 */
import type {
  ClientImportResult,
  CredentialMoveSummary,
  ImportCandidate,
  ImportPreview,
} from '../../../contracts/client-onboarding.js';
import {
  ConfigChangePreviewSchema,
  ConfigChangeResultSchema,
  type SetupClientKind,
} from '../../../contracts/client-setup.js';
import type { GatewayConfig } from '../../../contracts/config.js';
import type { ConfigStore } from '../../config/config-store.js';
import {
  applyImport,
  planImport,
  type CredentialMove,
  type ImportPlan,
} from '../../secrets/secret-import.js';
import type { SecretStore } from '../../secrets/secret-store.js';
import type { ClientServers, ClientSetup } from './client-setup.js';
import { withoutDuplicates, type DuplicateServer } from './client-servers.js';

/** What an import of a client's servers works with. */
export interface ServerImportParts {
  readonly setup: ClientSetup;
  readonly configStore: ConfigStore;
  readonly secrets: SecretStore;
  readonly gatewayUrl: string;
}

/** How an import runs: whether the servers leave the client, and which of them are taken. */
export interface ImportOptions {
  readonly removeFromClient: boolean;
  /** Only these of the client's servers; every one when absent. */
  readonly servers?: readonly string[];
  /** The removal preview's `basedOn`: refused if the client's file changed since. */
  readonly basedOn?: string;
}

/** The client's servers sorted out against Gatehouse's config. */
interface ClientImportPlan {
  readonly listed: ClientServers;
  readonly duplicates: readonly DuplicateServer[];
  /** Undefined when nothing is left to import (planImport refuses an empty map). */
  readonly plan: ImportPlan | undefined;
}

/** What importing `kind`'s servers would do; reads the keychain for names, stores nothing. */
export async function previewServerImport(
  kind: SetupClientKind,
  parts: ServerImportParts,
  only?: readonly string[],
): Promise<ImportPreview> {
  const { listed, duplicates, plan } = await planClientImport(kind, parts, only);
  const removable = removableNames(plan, duplicates);
  return {
    kind,
    path: listed.path,
    servers: candidates(listed, duplicates, plan),
    credentials: (plan?.moves ?? []).map(summarizeMove),
    removal:
      removable.length === 0
        ? null
        : ConfigChangePreviewSchema.parse(parts.setup.previewRemoveServers(kind, removable)),
  };
}

/**
 * Imports `kind`'s servers with their credentials moved into the keychain; then, when asked,
 * removes the imported and duplicate ones from the client (an undoable change).
 * @throws GatehouseError `keychain_unavailable` before anything is written.
 */
export async function importServers(
  kind: SetupClientKind,
  parts: ServerImportParts,
  options: ImportOptions,
): Promise<ClientImportResult> {
  const { listed, duplicates, plan } = await planClientImport(kind, parts, options.servers);
  const removable = removableNames(plan, duplicates);
  // A client that rewrote its file since the preview is refused before anything is imported.
  if (options.removeFromClient && removable.length > 0 && options.basedOn !== undefined)
    parts.setup.assertUnchanged(kind, options.basedOn);
  const applied = plan && (await applyImport(plan, parts.configStore, parts.secrets, 'move'));
  const removal =
    options.removeFromClient && removable.length > 0
      ? ConfigChangeResultSchema.parse(parts.setup.removeServersFromClient(kind, removable, options.basedOn))
      : null;
  return {
    kind,
    path: listed.path,
    added: [...(applied?.added ?? [])],
    duplicates: duplicates.map(({ name, sameAs }) => ({ name, sameAs })),
    skipped: candidates(listed, duplicates, plan).flatMap(skippedSentence),
    moved: (applied?.moved ?? []).map(summarizeMove),
    removal,
  };
}

async function planClientImport(
  kind: SetupClientKind,
  parts: ServerImportParts,
  only?: readonly string[],
): Promise<ClientImportPlan> {
  const listed = chosen(parts.setup.readClientServers(kind, { url: parts.gatewayUrl }), only);
  const existing: GatewayConfig = parts.configStore.load();
  const { mcpServers, duplicates } = withoutDuplicates(listed.mcpServers, existing);
  const plan =
    Object.keys(mcpServers).length === 0
      ? undefined
      : await planImport({ mcpServers }, existing, parts.secrets, { replace: false, source: listed.path });
  return { listed, duplicates, plan };
}

/** The listing narrowed to the servers a person chose (names the client lacks are ignored). */
function chosen(listed: ClientServers, only: readonly string[] | undefined): ClientServers {
  if (only === undefined) return listed;
  const keep = new Set(only);
  return {
    ...listed,
    mcpServers: Object.fromEntries(Object.entries(listed.mcpServers).filter(([name]) => keep.has(name))),
    unsupported: listed.unsupported.filter((server) => keep.has(server.name)),
  };
}

/** The servers Gatehouse runs once the import is done: safe to take out of the client. */
function removableNames(plan: ImportPlan | undefined, duplicates: readonly DuplicateServer[]): string[] {
  return [...(plan?.servers ?? []).map((server) => server.name), ...duplicates.map((server) => server.name)];
}

/** Every server the client lists, in file order, with what the import does with it. */
function candidates(
  listed: ClientServers,
  duplicates: readonly DuplicateServer[],
  plan: ImportPlan | undefined,
): ImportCandidate[] {
  const sameAs = new Map(duplicates.map((duplicate) => [duplicate.name, duplicate.sameAs]));
  const taken = new Set((plan?.skipped ?? []).map((skipped) => skipped.name));
  const found: ImportCandidate[] = Object.keys(listed.mcpServers).map((name) => {
    const original = sameAs.get(name);
    if (original !== undefined) return { name, outcome: 'duplicate', sameAs: original };
    return { name, outcome: taken.has(name) ? 'name-taken' : 'import' };
  });
  const unsupported = listed.unsupported.map(({ name, reason }): ImportCandidate => ({
    name,
    outcome: 'unsupported',
    reason,
  }));
  return [...found, ...unsupported];
}

function skippedSentence(candidate: ImportCandidate): { name: string; reason: string }[] {
  const { name } = candidate;
  switch (candidate.outcome) {
    case 'name-taken':
      return [{ name, reason: `Gatehouse has a different server called "${name}"; it was left as it is.` }];
    case 'unsupported':
      return [
        { name, reason: `Gatehouse cannot take "${name}" over: ${candidate.reason ?? 'unknown entry'}.` },
      ];
    default:
      return [];
  }
}

function summarizeMove({
  server,
  field,
  key,
  secretName,
  alreadyStored,
}: CredentialMove): CredentialMoveSummary {
  return { server, field, key, secretName, alreadyStored };
}
