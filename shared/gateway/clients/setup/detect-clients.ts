/**
 * What a client's config file says about Gatehouse: whether the client is installed, whether its
 * `gatehouse` entry is there and leads to this gateway, and which servers it reaches directly.
 */
import type { ClientServerSummary, DetectedClient, DriftFinding } from '../../../contracts/client-setup.js';
import type { ClientConfigDocument } from './client-config-edit.js';
import type { ClientConfigLocation } from './client-locations.js';
import {
  GATEHOUSE_ENTRY_NAME,
  entryDisabled,
  entryTransport,
  gatehouseEntryStatus,
  reachesGateway,
} from './gatehouse-entry.js';

/** A client's config file as loaded: parsed, or the sentence saying why it could not be. */
export type LoadedClientConfig =
  { readonly document: ClientConfigDocument } | { readonly problem: string; readonly exists: boolean };

/** The gateway a client should lead to. */
export interface ExpectedGateway {
  readonly url: string;
}

/** One client as the UI lists it. */
export function describeClient(
  location: ClientConfigLocation,
  title: string,
  installed: boolean,
  loaded: LoadedClientConfig,
  expected: ExpectedGateway,
): DetectedClient {
  const base = { kind: location.kind, title, path: location.path, installed };
  if ('problem' in loaded) {
    return { ...base, configExists: loaded.exists, gatehouse: null, servers: [], problem: loaded.problem };
  }
  const { document } = loaded;
  const entry = document.servers.get(GATEHOUSE_ENTRY_NAME);
  return {
    ...base,
    configExists: document.exists,
    gatehouse: entry === undefined ? null : gatehouseEntryStatus(entry, expected.url),
    servers: serverSummaries(document, expected),
  };
}

/** Every server but Gatehouse's own entry, and whether each goes around the gateway. */
export function serverSummaries(
  document: ClientConfigDocument,
  expected: ExpectedGateway,
): ClientServerSummary[] {
  const summaries: ClientServerSummary[] = [];
  for (const [name, entry] of document.servers) {
    if (name === GATEHOUSE_ENTRY_NAME) continue;
    const disabled = entryDisabled(entry);
    summaries.push({
      name,
      transport: entryTransport(entry),
      disabled,
      bypassesGatehouse: !disabled && !reachesGateway(entry, expected.url),
    });
  }
  return summaries;
}

/**
 * How a client's file has moved away from sending everything through this gateway: the entry
 * removed or repointed, or servers added that the client reaches directly.
 */
export function driftFindings(
  location: ClientConfigLocation,
  title: string,
  loaded: LoadedClientConfig,
  expected: ExpectedGateway,
): DriftFinding[] {
  const { kind, path } = location;
  if ('problem' in loaded) return [{ type: 'config-unreadable', kind, path, message: loaded.problem }];
  const { document } = loaded;
  const findings: DriftFinding[] = [];
  const entry = document.servers.get(GATEHOUSE_ENTRY_NAME);
  if (entry === undefined) {
    findings.push({
      type: 'gatehouse-missing',
      kind,
      path,
      message: `${title} no longer has its "${GATEHOUSE_ENTRY_NAME}" entry in ${path}, so it does not use Gatehouse. Connect it again.`,
    });
  } else {
    const status = gatehouseEntryStatus(entry, expected.url);
    if (!status.pointsAtThisGateway) {
      findings.push({
        type: 'gatehouse-changed',
        kind,
        path,
        url: status.url,
        message:
          `The "${GATEHOUSE_ENTRY_NAME}" entry in ${path} leads to ${status.url ?? 'something else'} ` +
          `instead of ${expected.url}. Connect ${title} again to point it here.`,
      });
    }
  }
  for (const server of serverSummaries(document, expected)) {
    if (!server.bypassesGatehouse) continue;
    findings.push({
      type: 'bypass',
      kind,
      path,
      server: server.name,
      message:
        `${title} reaches "${server.name}" directly (${path}), past Gatehouse's policies, approvals ` +
        'and audit. Import it into Gatehouse and remove it from the client.',
    });
  }
  return findings;
}
