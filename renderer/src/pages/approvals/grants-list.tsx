/**
 * Every grant in force: what it lets through, who gave it, how long it has left, and a button that
 * ends it at once (the next call it covered is asked about again).
 */
import type { Grant } from '../../../../shared/contracts/grants.js';
import { ErrorNotice, Loading } from '../../components/status.js';
import { useAction } from '../../state/use-action.js';
import { useControlQuery } from '../../state/use-control-query.js';
import { useNow } from '../../state/use-now.js';
import { useTransport } from '../../state/transport-context.js';

/** `h:mm:ss` or `m:ss` left, or undefined once it has passed. */
export function remaining(expiresAt: string, now: number): string | undefined {
  const ms = Date.parse(expiresAt) - now;
  if (!(ms > 0)) return undefined;
  // Rounded down: the window's clock may run a moment behind the engine's, and a grant never shows more than it has.
  const total = Math.floor(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** The "Grants in force" section of the Approvals page. */
export function GrantsList() {
  const transport = useTransport();
  const grants = useControlQuery('grants.list', {}, (event) => event.type === 'grants.changed');
  const action = useAction();
  const now = useNow();
  const live = (grants.data ?? []).filter((grant) => remaining(grant.expiresAt, now) !== undefined);
  const revoke = (grant: Grant): void =>
    void action.run(async () => {
      await transport.call('grants.revoke', { id: grant.id });
      grants.refresh();
    });
  return (
    <section aria-labelledby="grants-heading" className="grants">
      <h2 id="grants-heading">Grants in force</h2>
      {grants.error && <ErrorNotice message={grants.error} onRetry={grants.refresh} />}
      {action.error && <ErrorNotice message={action.error} />}
      {!grants.data ? (
        grants.loading && <Loading label="Loading grants…" />
      ) : live.length === 0 ? (
        <p className="muted">
          None. “Allow for a while” on an approval gives one; it lets matching calls through without asking
          until it runs out.
        </p>
      ) : (
        <table aria-label="Grants in force">
          <thead>
            <tr>
              <th scope="col">Grant</th>
              <th scope="col">Lets through</th>
              <th scope="col">Given by</th>
              <th scope="col">Time left</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {live.map((grant) => (
              <tr key={grant.id}>
                <th scope="row">
                  <code>{grant.id}</code>
                </th>
                <td>{grant.summary}</td>
                <td>{grant.grantedBy}</td>
                <td>
                  <time dateTime={grant.expiresAt}>{remaining(grant.expiresAt, now)}</time>
                </td>
                <td>
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Revoke ${grant.id}`}
                    disabled={action.busy}
                    onClick={() => revoke(grant)}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
