/**
 * The tray popup (about 360×480): the oldest pending approval alone, its four answers, and how
 * many more are waiting. No sidebar; the full list is on the Approvals page.
 */
import { EmptyState, ErrorNotice, Loading } from '../../components/status.js';
import { usePendingApprovals } from '../../state/pending-approvals.js';
import { ApprovalCard } from './approval-card.js';

/** The compact popup view (route `#/compact`). */
export function CompactApproval() {
  const { items, loading, error } = usePendingApprovals();
  const [oldest, ...rest] = items;
  return (
    <main className="compact" id="main">
      <h1 className="visually-hidden">Approval</h1>
      {error && <ErrorNotice message={error} />}
      {oldest ? (
        <>
          <ApprovalCard key={oldest.id} approval={oldest} compact />
          {rest.length > 0 && (
            <p className="more-waiting">
              {rest.length} more waiting · <a href="#/approvals">See all</a>
            </p>
          )}
        </>
      ) : loading ? (
        <Loading label="Loading approvals…" />
      ) : (
        <EmptyState title="Nothing is waiting for you." />
      )}
    </main>
  );
}
