/**
 * The capabilities Gatehouse declares to clients, in both eras (2025 `initialize`, 2026
 * `server/discover`): its own fixed set, plus the extensions (SEP-1724) its servers declared, so
 * a host learns, for example, that views (MCP Apps) can come through.
 */
import { hasView, UI_EXTENSION_ID } from '../catalog/app-meta.js';
import type { Catalog } from '../catalog/catalog.js';
import type { UpstreamFeatures } from '../upstream/model.js';

/** What Gatehouse itself can do for clients, whatever its servers are. */
export const GATEHOUSE_CAPABILITIES = {
  tools: { listChanged: true },
  prompts: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  logging: {},
  completions: {},
} as const;

/**
 * Gatehouse's capabilities with its servers' extensions: each extension as the first server (in
 * config order) declared it, and MCP Apps also when a server offers views without declaring it
 * (the ext-apps server helpers register app tools without touching capabilities).
 */
export function declaredCapabilities(
  upstreams: Iterable<{ readonly features: UpstreamFeatures }>,
  catalog: Catalog,
): Record<string, unknown> {
  const extensions: Record<string, unknown> = {};
  for (const { features } of upstreams)
    for (const [id, settings] of Object.entries(features.extensions ?? {}))
      if (!(id in extensions)) extensions[id] = settings;
  if (!(UI_EXTENSION_ID in extensions) && catalog.tools.some(hasView)) extensions[UI_EXTENSION_ID] = {};
  return Object.keys(extensions).length === 0
    ? { ...GATEHOUSE_CAPABILITIES }
    : { ...GATEHOUSE_CAPABILITIES, extensions };
}
