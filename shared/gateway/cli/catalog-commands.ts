/**
 * `gatehouse catalog`: each client's context budget, and its catalog mode (full or search),
 * trimming, pinned tools and app kind, on the running gateway.
 */
import type { Command } from 'commander';
import type { CatalogChange } from '../../contracts/catalog-budget.js';
import { ClientKindSchema } from '../../contracts/client-record.js';
import { GatehouseError } from '../errors.js';
import { connectToGateway } from './approval-commands.js';
import { describeBudget } from './catalog-output.js';
import type { GlobalOptions } from './global-options.js';
import { report, reportFailure } from './output.js';

interface SetOptions {
  mode?: string;
  trimmed?: boolean;
  pin?: string[];
  kind?: string;
  json?: boolean;
}

/** Adds `catalog` and `catalog set`. */
export function registerCatalogCommands(program: Command, globals: () => GlobalOptions): void {
  const catalog = program
    .command('catalog')
    .description("Show what each client's tools/list costs in tokens, per mode and per server")
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const budget = await connectToGateway(globals().dataDir).call('catalog.budget', {});
        report(json, budget, describeBudget(budget).join('\n') || 'No clients yet.');
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });
  catalog
    .command('set <client>')
    .description("Change a client's catalog: search mode, trimmed definitions, pinned tools, app kind")
    .option('--mode <mode>', 'full (every tool listed) or search (search and call tools, plus pinned ones)')
    .option('--trimmed', 'in full mode, cut descriptions and schema annotations to a budget')
    .option('--no-trimmed', 'list definitions as the servers wrote them')
    .option('--pin <server/tool...>', 'tools listed even in search mode (replaces the pinned list)')
    .option('--kind <kind>', `the client app, for its tool limit (${ClientKindSchema.options.join(', ')})`)
    .option('--json', 'print JSON')
    .action(async (client: string, options: SetOptions) => {
      const json = Boolean(options.json);
      try {
        const change = catalogChange(client, options);
        const budget = await connectToGateway(globals().dataDir).call('catalog.configure', change);
        const lines = describeBudget({
          ...budget,
          clients: budget.clients.filter((c) => c.client === client),
        });
        report(json, budget, lines.join('\n'));
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });
}

function catalogChange(client: string, options: SetOptions): CatalogChange {
  const change: CatalogChange = { client };
  if (options.mode !== undefined) {
    if (options.mode !== 'full' && options.mode !== 'search')
      throw new GatehouseError('name_invalid', `--mode must be "full" or "search", not "${options.mode}".`);
    change.mode = options.mode;
  }
  if (options.trimmed !== undefined) change.trimmed = options.trimmed;
  if (options.pin !== undefined) change.pinned = options.pin;
  if (options.kind !== undefined) {
    const kind = ClientKindSchema.safeParse(options.kind);
    if (!kind.success)
      throw new GatehouseError(
        'client_kind_unknown',
        `--kind must be one of ${ClientKindSchema.options.join(', ')}, not "${options.kind}".`,
      );
    change.kind = kind.data;
  }
  return change;
}
