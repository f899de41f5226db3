/**
 * Pure bookkeeping for the pending approvals list, which is fed from two sides at once: the
 * `approvals.list` answer and the event stream. Kept apart from React so the merge rules are plain.
 */
import type { PendingApproval } from '../../../shared/contracts/approvals.js';

/** Oldest first: the person answers in the order calls arrived. */
export function withApproval(
  items: readonly PendingApproval[],
  approval: PendingApproval,
): PendingApproval[] {
  const others = items.filter((item) => item.id !== approval.id);
  return [...others, approval].sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
}

/** The list without the approval `id` (decided, expired or withdrawn). */
export function withoutApproval(items: readonly PendingApproval[], id: string): PendingApproval[] {
  return items.filter((item) => item.id !== id);
}

/**
 * The list to show once `approvals.list` answers: its items, plus those requested by events while
 * it was running (the answer may predate them), minus any decided meanwhile.
 */
export function mergeListed(
  listed: readonly PendingApproval[],
  requestedMeanwhile: readonly PendingApproval[],
  decided: ReadonlySet<string>,
): PendingApproval[] {
  return [...listed, ...requestedMeanwhile]
    .filter((item) => !decided.has(item.id))
    .reduce<PendingApproval[]>(withApproval, []);
}
