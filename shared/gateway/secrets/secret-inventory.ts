/**
 * The list of secret names the UI and the CLI show: every name the keychain holds and every name
 * the config refers to, with whether it is stored and who uses it. Never a value.
 */
import type { GatewayConfig } from '../../contracts/config.js';
import type { SecretEntry } from '../../contracts/secrets.js';
import { referencesIn } from './secret-references.js';
import { listSecretNames, type SecretStore } from './secret-store.js';

/** @throws GatehouseError `keychain_unavailable` */
export async function secretInventory(store: SecretStore, config: GatewayConfig): Promise<SecretEntry[]> {
  const stored = new Set(await listSecretNames(store));
  const users = serversBySecret(config);
  const names = new Set([...stored, ...users.keys()]);
  return [...names].sort().map((name) => ({ name, stored: stored.has(name), usedBy: users.get(name) ?? [] }));
}

/** The servers whose config refers to `${secret:NAME}`, for each NAME. */
export function serversBySecret(config: GatewayConfig): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const [server, entry] of Object.entries(config.mcpServers)) {
    for (const reference of referencesIn(entry)) {
      if (reference.source !== 'secret') continue;
      users.set(reference.name, [...(users.get(reference.name) ?? []), server]);
    }
  }
  return users;
}
