/**
 * How the CLI shows context budgets: one block per client with its tokens per tools/list in each
 * mode, its tool count against the app's limit, and the suggestion, if any.
 */
import type { CatalogBudget, ClientBudget } from '../../contracts/catalog-budget.js';

const number = (value: number) => value.toLocaleString('en-US');

/** The lines `gatehouse status` and `gatehouse catalog` print about budgets. */
export function describeBudget(budget: CatalogBudget): string[] {
  if (budget.clients.length === 0) return [];
  return [
    `Context budget (tokens per tools/list, ${budget.tokenizer}):`,
    ...budget.clients.flatMap(describeClient),
  ];
}

function describeClient(client: ClientBudget): string[] {
  const mode = client.mode === 'search' ? 'search' : client.trimmed ? 'full, trimmed' : 'full';
  const limit = client.limit ? ` of ${client.limit.maxTools} allowed (${client.kind})` : '';
  const over = client.limit && client.listedCount > client.limit.maxTools ? ' — OVER LIMIT' : '';
  const lines = [
    `  ${client.client}\t${mode}\t${number(client.tokens.current)} tokens\t${client.listedCount} listed, ` +
      `${client.toolCount} usable${limit}${over}`,
    `    full ${number(client.tokens.full)} · trimmed ${number(client.tokens.trimmed)} · search ` +
      `${number(client.tokens.search)} (+${number(client.tokens.searchAnswer)} per search answer)`,
  ];
  const servers = client.servers.map(
    (server) => `${server.server} ${number(server.tokens)} (${server.tools})`,
  );
  if (servers.length > 0) lines.push(`    by server: ${servers.join(', ')}`);
  if (client.suggestion) lines.push(`    ${client.suggestion}`);
  return lines;
}
