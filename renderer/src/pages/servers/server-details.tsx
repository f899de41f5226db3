/**
 * What an expanded server row shows: why it is not running, what it wrote to stderr last, and
 * its tools with their risk.
 */
import type { UpstreamStatus } from '../../../../shared/contracts/upstream-status.js';
import { RiskBadge } from '../../components/risk-badge.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/status.js';
import { useControlQuery } from '../../state/use-control-query.js';

/** The expanded details of the server `name`. */
export function ServerDetails({
  name,
  status,
  onSetSecret,
}: {
  name: string;
  status: UpstreamStatus | undefined;
  onSetSecret: (secret: string) => void;
}) {
  const tools = useControlQuery(
    'servers.tools',
    { name },
    (event) =>
      event.type === 'catalog.changed' || (event.type === 'server.status' && event.status.name === name),
  );
  return (
    <div className="server-details">
      {status?.message && <p>{status.message}</p>}
      {status?.missingSecrets && status.missingSecrets.length > 0 && (
        <p className="row">
          Missing:
          {status.missingSecrets.map((secret) => (
            <button type="button" key={secret} onClick={() => onSetSecret(secret)}>
              Set {secret}
            </button>
          ))}
        </p>
      )}
      {status?.state === 'needs-sign-in' && (
        <p className="muted">
          Use “Sign in” on its row. From a terminal: <code>gatehouse server login {name}</code>
        </p>
      )}
      <h3>Recent output (stderr)</h3>
      {status && status.stderrTail.length > 0 ? (
        <pre className="stderr" tabIndex={0} aria-label={`Recent output of ${name}`}>
          {status.stderrTail.join('\n')}
        </pre>
      ) : (
        <p className="muted">Nothing written to stderr.</p>
      )}
      <h3>Tools</h3>
      {tools.error && <ErrorNotice message={tools.error} onRetry={tools.refresh} />}
      {!tools.data ? (
        tools.loading && <Loading label="Loading tools…" />
      ) : tools.data.length === 0 ? (
        <EmptyState title="No tools listed." />
      ) : (
        <table aria-label={`Tools of ${name}`}>
          <thead>
            <tr>
              <th scope="col">Name clients see</th>
              <th scope="col">Risk</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {tools.data.map((tool) => (
              <tr key={tool.key}>
                <th scope="row">
                  <code>{tool.exposedName}</code>
                </th>
                <td>
                  <RiskBadge risk={tool.risk} />
                </td>
                <td>{tool.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
