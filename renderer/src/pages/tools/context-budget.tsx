/**
 * Context budget on the Tools page: what each client's tools/list costs in tokens, per server,
 * its tool count against its app's limit, and its catalog mode. Gatehouse suggests search mode
 * past a threshold; only the person switches.
 */
import { useId } from 'react';
import type { CatalogChange, ClientBudget } from '../../../../shared/contracts/catalog-budget.js';
import { ClientKindSchema, type ClientKind } from '../../../../shared/contracts/client-record.js';
import type { ControlEvent } from '../../../../shared/contracts/control-events.js';
import type { AccessMatrix } from '../../../../shared/contracts/tool-access.js';
import { ErrorNotice } from '../../components/status.js';
import { CLIENT_KIND_LABELS } from '../clients/client-kinds.js';
import { useAction } from '../../state/use-action.js';
import { useControlQuery } from '../../state/use-control-query.js';
import { useTransport } from '../../state/transport-context.js';

const affectsBudget = (event: ControlEvent): boolean =>
  event.type === 'catalog.changed' ||
  (event.type === 'config.changed' && ['access', 'clients', 'servers', 'policy'].includes(event.area));

const KIND_LABELS = CLIENT_KIND_LABELS;

const tokens = (value: number) => value.toLocaleString('en-US');

/** The budget table; the access matrix supplies the tools a client can pin. */
export function ContextBudget({ matrix }: { matrix: AccessMatrix | undefined }) {
  const transport = useTransport();
  const budget = useControlQuery('catalog.budget', {}, affectsBudget);
  const action = useAction();
  const clients = budget.data?.clients ?? [];
  if (clients.length === 0 && !budget.error) return null;

  const configure = (change: CatalogChange) =>
    void action.run(async () => budget.replace(await transport.call('catalog.configure', change)));

  return (
    <section className="context-budget" aria-labelledby="context-budget-title">
      <h2 id="context-budget-title">Context budget</h2>
      <p className="field-hint">
        Tokens each client&apos;s tools/list costs in every request, counted with{' '}
        {budget.data?.tokenizer ?? 'a BPE tokenizer'}. Search mode lists two Gatehouse tools (plus the ones
        you pin) and finds the rest when the model asks.
      </p>
      {budget.error && <ErrorNotice message={budget.error} onRetry={budget.refresh} />}
      {action.error && <ErrorNotice message={action.error} />}
      <div className="table-wrap">
        <table className="budget">
          <caption className="visually-hidden">Tokens and tools per client</caption>
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">Catalog</th>
              <th scope="col">App</th>
              <th scope="col">Tools</th>
              <th scope="col">Tokens now</th>
              <th scope="col">Full · trimmed · search</th>
            </tr>
          </thead>
          <tbody>
            {clients.map((client) => (
              <BudgetRow
                key={client.client}
                client={client}
                busy={action.busy}
                matrix={matrix}
                onChange={configure}
              />
            ))}
          </tbody>
        </table>
      </div>
      {clients
        .filter((client) => client.suggestion)
        .map((client) => (
          <p key={client.client} className="banner banner-warning" role="note">
            {client.suggestion}
          </p>
        ))}
    </section>
  );
}

function BudgetRow({
  client,
  busy,
  matrix,
  onChange,
}: {
  client: ClientBudget;
  busy: boolean;
  matrix: AccessMatrix | undefined;
  onChange: (change: CatalogChange) => void;
}) {
  const ids = { mode: useId(), trimmed: useId(), kind: useId() };
  // What the app receives is the listed set: search mode is how a big catalog fits the limit.
  const over = client.limit !== undefined && client.listedCount > client.limit.maxTools;
  return (
    <tr>
      <th scope="row">{client.client}</th>
      <td>
        <label className="visually-hidden" htmlFor={ids.mode}>
          Catalog mode of {client.client}
        </label>
        <select
          id={ids.mode}
          value={client.mode}
          disabled={busy}
          onChange={(event) =>
            onChange({ client: client.client, mode: event.target.value === 'search' ? 'search' : 'full' })
          }
        >
          <option value="full">Full list</option>
          <option value="search">Search</option>
        </select>{' '}
        {client.mode === 'full' ? (
          <label htmlFor={ids.trimmed}>
            <input
              id={ids.trimmed}
              type="checkbox"
              checked={client.trimmed}
              disabled={busy}
              onChange={(event) => onChange({ client: client.client, trimmed: event.target.checked })}
            />{' '}
            trimmed
          </label>
        ) : (
          <PinnedTools client={client} matrix={matrix} busy={busy} onChange={onChange} />
        )}
      </td>
      <td>
        <label className="visually-hidden" htmlFor={ids.kind}>
          App of {client.client}
        </label>
        <select
          id={ids.kind}
          value={client.kind ?? ''}
          disabled={busy}
          onChange={(event) => onChange({ client: client.client, kind: parseKind(event.target.value) })}
        >
          <option value="">Unknown</option>
          {ClientKindSchema.options.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </td>
      <td className={over ? 'over-limit' : undefined} title={client.limit?.note}>
        {client.listedCount} listed of {client.toolCount}
        {client.limit && (
          <>
            {' '}
            <span className={`badge ${over ? 'risk-destructive' : ''}`}>
              limit {client.limit.maxTools}
              {over ? ': over' : ''}
            </span>
          </>
        )}
      </td>
      <td>
        <strong>{tokens(client.tokens.current)}</strong>
      </td>
      <td>
        {tokens(client.tokens.full)} · {tokens(client.tokens.trimmed)} · {tokens(client.tokens.search)}
        <span className="field-hint"> +{tokens(client.tokens.searchAnswer)} per search</span>
        {client.servers.length > 0 && (
          <details>
            <summary>By server</summary>
            <ul className="server-costs" aria-label={`Tokens by server for ${client.client}`}>
              {client.servers.map((server) => (
                <li key={server.server}>
                  {server.server}: {tokens(server.tokens)} ({server.tools} tools)
                </li>
              ))}
            </ul>
          </details>
        )}
      </td>
    </tr>
  );
}

/** The tools listed even in search mode: the client's usable tools, each with a checkbox. */
function PinnedTools({
  client,
  matrix,
  busy,
  onChange,
}: {
  client: ClientBudget;
  matrix: AccessMatrix | undefined;
  busy: boolean;
  onChange: (change: CatalogChange) => void;
}) {
  const enabled = matrix?.enabled[client.client] ?? {};
  const usable = (matrix?.tools ?? []).filter((tool) => enabled[tool.key] && !tool.held);
  const pinned = new Set(client.pinned);
  const toggle = (key: string, on: boolean) =>
    onChange({
      client: client.client,
      pinned: on ? [...client.pinned, key] : client.pinned.filter((other) => other !== key),
    });
  return (
    <details className="pinned-tools">
      <summary>Always visible ({client.pinned.length})</summary>
      <ul aria-label={`Tools always visible to ${client.client}`}>
        {usable.map((tool) => (
          <li key={tool.key}>
            <label>
              <input
                type="checkbox"
                checked={pinned.has(tool.key)}
                disabled={busy}
                onChange={(event) => toggle(tool.key, event.target.checked)}
              />{' '}
              <code>{tool.exposedName}</code>
            </label>
          </li>
        ))}
      </ul>
    </details>
  );
}

function parseKind(value: string): ClientKind | null {
  const parsed = ClientKindSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
