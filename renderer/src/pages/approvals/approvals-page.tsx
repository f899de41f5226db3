/**
 * Every call waiting for the person, oldest first, updated live from the event stream.
 */
import { PageHeader } from '../../components/page-header.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/status.js';
import { usePendingApprovals } from '../../state/pending-approvals.js';
import { ApprovalCard } from './approval-card.js';
import { GrantsList } from './grants-list.js';

/** The Approvals page: every pending approval, oldest first. */
export function ApprovalsPage() {
  const { items, loading, error } = usePendingApprovals();
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Calls your policies send to you. A call you do not answer in time is denied."
      />
      {error && <ErrorNotice message={error} />}
      {loading && items.length === 0 ? (
        <Loading label="Loading approvals…" />
      ) : items.length === 0 ? (
        <EmptyState title="Nothing is waiting for you.">
          Calls that a policy marks “approve” appear here as they arrive.
        </EmptyState>
      ) : (
        <div className="approval-list">
          {items.map((approval) => (
            <ApprovalCard key={approval.id} approval={approval} />
          ))}
        </div>
      )}
      <GrantsList />
    </>
  );
}
