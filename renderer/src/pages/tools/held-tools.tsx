/**
 * Tools Gatehouse holds back from every client until the person looks: tools that changed since
 * they were approved (a possible rug pull), shown with the approved and the offered definition
 * side by side, and new tools of servers set to hold them. Accepting pins what is offered now.
 */
import type { ControlEvent } from '../../../../shared/contracts/control-events.js';
import type { HeldTool, PinnedDefinition } from '../../../../shared/contracts/tool-integrity.js';
import { prettyJson } from '../../components/json-block.js';
import { RiskBadge } from '../../components/risk-badge.js';
import { ErrorNotice } from '../../components/status.js';
import { useAction } from '../../state/use-action.js';
import { useControlQuery } from '../../state/use-control-query.js';
import { useTransport } from '../../state/transport-context.js';

const affectsHeld = (event: ControlEvent): boolean =>
  event.type === 'catalog.changed' || (event.type === 'config.changed' && event.area === 'servers');

const FIELDS = ['description', 'inputSchema', 'annotations'] as const;
const FIELD_LABELS: Record<(typeof FIELDS)[number], string> = {
  description: 'Description',
  inputSchema: 'Input schema',
  annotations: 'Annotations',
};

/** The review list; renders nothing while no tool is held. */
export function HeldTools() {
  const transport = useTransport();
  const held = useControlQuery('tools.held', {}, affectsHeld);
  const action = useAction();
  const tools = held.data ?? [];
  if (tools.length === 0 && !held.error) return null;

  const accept = (tool: HeldTool) =>
    void action.run(async () =>
      held.replace(
        await transport.call('tools.accept', { server: tool.server, tool: tool.tool, hash: tool.hash }),
      ),
    );

  return (
    <section className="held-tools" aria-labelledby="held-tools-title">
      <h2 id="held-tools-title">Waiting for your review ({tools.length})</h2>
      <p className="field-hint">
        These tools are hidden from every client and refused if called until you accept them.
      </p>
      {held.error && <ErrorNotice message={held.error} onRetry={held.refresh} />}
      {action.error && <ErrorNotice message={action.error} />}
      {tools.map((tool) => (
        <article key={`${tool.server}/${tool.tool}`} className="held-tool card">
          <h3>
            <code>
              {tool.server} / {tool.tool}
            </code>{' '}
            <RiskBadge risk={tool.classification.risk} />{' '}
            <span className={`badge ${tool.reason === 'changed' ? 'risk-destructive' : ''}`}>
              {tool.reason === 'changed' ? 'changed since approved' : 'new tool'}
            </span>
          </h3>
          {tool.classification.signs.length > 0 && (
            <ul className="poisoning-signs" aria-label="Signs of tool poisoning">
              {tool.classification.signs.map((sign, index) => (
                <li key={index}>
                  <strong>{sign.kind.replace('-', ' ')}</strong>: <code>{sign.evidence}</code>
                </li>
              ))}
            </ul>
          )}
          <DefinitionComparison pinned={tool.pinned} current={tool.current} />
          <button type="button" onClick={() => accept(tool)} disabled={action.busy}>
            {tool.reason === 'changed' ? 'Accept the change' : 'Accept this tool'}
          </button>
        </article>
      ))}
    </section>
  );
}

/** Approved and offered definitions side by side, field by field, changed fields marked. */
function DefinitionComparison({ pinned, current }: { pinned?: PinnedDefinition; current: PinnedDefinition }) {
  return (
    <table className="definition-diff">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">{pinned ? 'Approved before' : 'Before'}</th>
          <th scope="col">Offered now</th>
        </tr>
      </thead>
      <tbody>
        {FIELDS.map((field) => {
          const before = pinned ? show(pinned[field]) : '';
          const after = show(current[field]);
          const changed = pinned !== undefined && before !== after;
          return (
            <tr key={field} className={changed ? 'field-changed' : undefined}>
              <th scope="row">
                {FIELD_LABELS[field]}
                {changed && <span className="visually-hidden"> (changed)</span>}
              </th>
              <td>
                <pre>{pinned ? before || '—' : 'not approved yet'}</pre>
              </td>
              <td>
                <pre>{after || '—'}</pre>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function show(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : prettyJson(value);
}
