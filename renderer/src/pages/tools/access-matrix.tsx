/**
 * The clients × tools table: one checkbox per cell, and one per server and client that switches
 * all of that server's tools at once.
 */
import { useEffect, useRef } from 'react';
import type { AccessChange, AccessMatrix } from '../../../../shared/contracts/tool-access.js';
import { RiskBadge } from '../../components/risk-badge.js';
import { groupState, type ServerGroup } from './matrix-rows.js';

/** The matrix table; `onChange` gets each switch as an access change. */
export function AccessMatrixTable({
  matrix,
  groups,
  onChange,
}: {
  matrix: AccessMatrix;
  groups: readonly ServerGroup[];
  onChange: (change: AccessChange) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="matrix">
        <caption className="visually-hidden">Which tools each client may use</caption>
        <thead>
          <tr>
            <th scope="col">Tool</th>
            <th scope="col">Risk</th>
            {matrix.clients.map((client) => (
              <th scope="col" key={client} className="center">
                {client}
              </th>
            ))}
          </tr>
        </thead>
        {groups.map((group) => (
          <tbody key={group.server}>
            <tr className="group-row">
              <th scope="rowgroup" colSpan={2}>
                {group.server}{' '}
                <span className="muted">
                  ({group.all.length} {group.all.length === 1 ? 'tool' : 'tools'})
                </span>
              </th>
              {matrix.clients.map((client) => (
                <td key={client} className="center">
                  <BulkCheckbox
                    label={`Allow all ${group.server} tools for ${client}`}
                    state={groupState(matrix, client, group.all)}
                    onChange={(enabled) => onChange({ client, server: group.server, enabled })}
                  />
                </td>
              ))}
            </tr>
            {group.shown.map((tool) => (
              <tr key={tool.key}>
                <th scope="row">
                  <span className="tool-name">
                    <code>{tool.exposedName}</code>
                  </span>
                  {tool.description && <span className="field-hint">{firstLine(tool.description)}</span>}
                </th>
                <td>
                  <span className="badges">
                    <RiskBadge risk={tool.risk} />
                    {tool.signs.length > 0 && (
                      <span
                        className="badge risk-destructive"
                        title={tool.signs.map((sign) => `${sign.kind}: ${sign.evidence}`).join('\n')}
                      >
                        suspicious
                      </span>
                    )}
                    {tool.held && <span className="badge">held for review</span>}
                  </span>
                </td>
                {matrix.clients.map((client) => (
                  <td key={client} className="center">
                    <input
                      type="checkbox"
                      aria-label={`Allow ${tool.exposedName} for ${client}`}
                      checked={matrix.enabled[client]?.[tool.key] === true}
                      onChange={(event) =>
                        onChange({
                          client,
                          server: tool.server,
                          tool: tool.tool,
                          enabled: event.target.checked,
                        })
                      }
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

/** A checkbox that shows "mixed" when some of a server's tools are on; pressing it turns all on. */
function BulkCheckbox({
  label,
  state,
  onChange,
}: {
  label: string;
  state: 'on' | 'off' | 'mixed';
  onChange: (enabled: boolean) => void;
}) {
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = state === 'mixed';
  }, [state]);
  return (
    <input
      ref={box}
      type="checkbox"
      aria-label={label}
      checked={state === 'on'}
      onChange={() => onChange(state !== 'on')}
    />
  );
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}
