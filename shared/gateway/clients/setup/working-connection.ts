/**
 * Whether a client's `gatehouse` entry works: it leads to this gateway and carries a token the
 * registry still accepts. Connecting again is then a no-op, not a token rotation.
 */
import type { ClientRegistry } from '../../config/client-registry.js';
import { readClientConfig } from './client-config-edit.js';
import { decodeText, readBytes } from './client-config-file.js';
import type { ClientConfigLocation } from './client-locations.js';
import { GATEHOUSE_ENTRY_NAME, gatehouseEntryStatus, isRecord } from './gatehouse-entry.js';

const BEARER = /^bearer\s+(\S+)\s*$/i;

/**
 * The client token an entry carries: its `Authorization: Bearer …` header (Codex spells the map
 * `http_headers`), or the bridge's `GATEHOUSE_TOKEN` or `--token`.
 */
export function entryToken(entry: unknown): string | undefined {
  if (!isRecord(entry)) return undefined;
  for (const headers of [entry.headers, entry.http_headers]) {
    if (!isRecord(headers)) continue;
    for (const [key, value] of Object.entries(headers)) {
      const match =
        key.toLowerCase() === 'authorization' && typeof value === 'string' ? BEARER.exec(value) : null;
      if (match) return match[1];
    }
  }
  if (isRecord(entry.env) && typeof entry.env.GATEHOUSE_TOKEN === 'string') return entry.env.GATEHOUSE_TOKEN;
  if (Array.isArray(entry.args)) {
    const at = entry.args.indexOf('--token');
    const value: unknown = at >= 0 ? entry.args[at + 1] : undefined;
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** The `gatehouse` entry in a client's file as it is now; undefined when there is none or no file. */
export function currentGatehouseEntry(location: ClientConfigLocation): unknown {
  try {
    const bytes = readBytes(location.path);
    if (bytes === undefined) return undefined;
    return readClientConfig(location, decodeText(location.path, bytes)).servers.get(GATEHOUSE_ENTRY_NAME);
  } catch {
    // An unreadable file has no working entry; the caller's own read reports why.
    return undefined;
  }
}

/** How a client's entry stands against this gateway and its registry. */
export interface EntryCheck {
  /** The entry leads to this gateway (whatever its token). */
  readonly pointsHere: boolean;
  /** The Gatehouse client the entry's token belongs to; undefined when it has none that works. */
  readonly client: string | undefined;
}

/** Checks the client's `gatehouse` entry as on disk now. */
export function checkEntry(
  location: ClientConfigLocation,
  gatewayUrl: string,
  registry: ClientRegistry,
): EntryCheck {
  const entry = currentGatehouseEntry(location);
  if (entry === undefined) return { pointsHere: false, client: undefined };
  const pointsHere = gatehouseEntryStatus(entry, gatewayUrl).pointsAtThisGateway;
  const token = entryToken(entry);
  return { pointsHere, client: pointsHere && token !== undefined ? registry.authenticate(token) : undefined };
}
