/**
 * Which tools each client may use: the access matrix, filterable by name and risk, with bulk
 * switches per server and the default for tools discovered later.
 */
import { useId, useState } from 'react';
import type { ControlEvent } from '../../../../shared/contracts/control-events.js';
import {
  ToolRiskSchema,
  type AccessChange,
  type ToolRisk,
} from '../../../../shared/contracts/tool-access.js';
import { PageHeader } from '../../components/page-header.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/status.js';
import { useAction } from '../../state/use-action.js';
import { useControlQuery } from '../../state/use-control-query.js';
import { useTransport } from '../../state/transport-context.js';
import { AccessMatrixTable } from './access-matrix.js';
import { ContextBudget } from './context-budget.js';
import { HeldTools } from './held-tools.js';
import { groupTools, withChange } from './matrix-rows.js';

const affectsMatrix = (event: ControlEvent): boolean =>
  event.type === 'catalog.changed' ||
  (event.type === 'config.changed' && ['access', 'clients', 'servers'].includes(event.area));

/** The Tools page: filters, the default for new tools, and the matrix. */
export function ToolsPage() {
  const transport = useTransport();
  const matrix = useControlQuery('access.matrix', {}, affectsMatrix);
  const action = useAction();
  const [text, setText] = useState('');
  const [risk, setRisk] = useState<ToolRisk | 'any'>('any');
  const ids = { filter: useId(), risk: useId(), newTools: useId() };

  const change = (accessChange: AccessChange): void => {
    const current = matrix.data;
    if (!current) return;
    matrix.replace(withChange(current, accessChange));
    void action.run(async () => {
      try {
        matrix.replace(await transport.call('access.set', { changes: [accessChange] }));
      } catch (failure) {
        matrix.refresh();
        throw failure;
      }
    });
  };

  const setDefault = (newTools: 'enabled' | 'disabled'): void =>
    void action.run(async () => matrix.replace(await transport.call('access.setDefault', { newTools })));

  const data = matrix.data;
  const groups = data ? groupTools(data.tools, { text, risk }) : [];

  return (
    <>
      <PageHeader
        title="Tools"
        description="Choose which tools each client sees. A tool switched off is hidden from that client and refused if called."
      />
      <HeldTools />
      <ContextBudget matrix={matrix.data} />
      {matrix.error && <ErrorNotice message={matrix.error} onRetry={matrix.refresh} />}
      {action.error && <ErrorNotice message={action.error} />}
      {!data ? (
        matrix.loading && <Loading label="Loading tools…" />
      ) : (
        <>
          <div className="row toolbar">
            <label htmlFor={ids.filter}>Filter</label>
            <input
              id={ids.filter}
              type="search"
              placeholder="Tool or server name"
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
            <label htmlFor={ids.risk}>Risk</label>
            <select id={ids.risk} value={risk} onChange={(event) => setRisk(parseRisk(event.target.value))}>
              <option value="any">Any risk</option>
              {ToolRiskSchema.options.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
            <label htmlFor={ids.newTools}>Tools found later</label>
            <select
              id={ids.newTools}
              value={data.newTools}
              disabled={action.busy}
              onChange={(event) => setDefault(event.target.value === 'disabled' ? 'disabled' : 'enabled')}
            >
              <option value="enabled">are on for every client</option>
              <option value="disabled">stay off until you switch them on</option>
            </select>
          </div>
          {data.clients.length === 0 ? (
            <EmptyState title="No clients yet.">
              <a href="#/clients">Add a client</a> to choose which tools it may use.
            </EmptyState>
          ) : data.tools.length === 0 ? (
            <EmptyState title="No tools yet.">
              Tools appear once a <a href="#/servers">server</a> is connected.
            </EmptyState>
          ) : groups.length === 0 ? (
            <EmptyState title="No tool matches this filter." />
          ) : (
            <AccessMatrixTable matrix={data} groups={groups} onChange={change} />
          )}
        </>
      )}
    </>
  );
}

function parseRisk(value: string): ToolRisk | 'any' {
  const parsed = ToolRiskSchema.safeParse(value);
  return parsed.success ? parsed.data : 'any';
}
