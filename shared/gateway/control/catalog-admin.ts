/**
 * The control API's context-budget methods: each client's catalog cost, and changes to its
 * catalog mode. A change is written to config.json and every session re-reads its tools.
 */
import {
  ClientCatalogConfigSchema,
  type CatalogBudget,
  type CatalogChange,
} from '../../contracts/catalog-budget.js';
import { clientBudget } from '../catalog/budget/catalog-budget.js';
import { TOKENIZER_LABEL } from '../catalog/budget/token-count.js';
import { GatehouseError } from '../errors.js';
import type { Gateway } from '../gateway.js';

/** Every client's budget, in name order (settings of revoked clients stay in the file, unshown). */
export function catalogBudget(gateway: Gateway): CatalogBudget {
  const names = gateway.clients.names();
  const catalog = gateway.catalog();
  return {
    tokenizer: TOKENIZER_LABEL,
    clients: [...names]
      .sort()
      .map((client) =>
        clientBudget(client, gateway.catalogs.settings(client), gateway.visibleTools(client), catalog),
      ),
  };
}

/**
 * Applies one client's change and answers with the new budgets.
 * @throws GatehouseError `client_unknown` for a client Gatehouse has no token for.
 */
export async function configureCatalog(gateway: Gateway, change: CatalogChange): Promise<CatalogBudget> {
  const { client, kind, ...fields } = change;
  if (!gateway.clients.names().has(client))
    throw new GatehouseError(
      'client_unknown',
      `There is no client named "${client}". Add it on the Clients page first.`,
    );
  const current = gateway.catalogs.settings(client);
  const next = ClientCatalogConfigSchema.parse({
    ...current,
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
    ...(kind === undefined ? {} : { kind: kind ?? undefined }),
  });
  if (kind === null) delete (next as { kind?: unknown }).kind;
  const written = gateway.configStore.update((raw) => {
    const catalogs =
      raw.catalogs && typeof raw.catalogs === 'object' ? (raw.catalogs as Record<string, unknown>) : {};
    return { ...raw, catalogs: { ...catalogs, [client]: next } };
  });
  // Which tools a client sees changed: 'access' makes every session re-read its tools/list.
  await gateway.configChanged(written, 'access');
  return catalogBudget(gateway);
}
