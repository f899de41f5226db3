/**
 * The calls waiting for the person, shared by the sidebar badge, the Approvals page and the
 * compact popup: read once, then kept current from `approval.requested` / `approval.decided`.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ApprovalVerdict, PendingApproval } from '../../../shared/contracts/approvals.js';
import { describeError } from '../api/control-error.js';
import { mergeListed, withApproval, withoutApproval } from './approval-queue.js';
import { useOnReconnected } from './use-connection.js';
import { useControlEvents } from './use-control-events.js';
import { useTransport } from './transport-context.js';

/** The pending approvals and the way to answer one. */
export interface PendingApprovals {
  /** Oldest first. */
  readonly items: readonly PendingApproval[];
  readonly loading: boolean;
  readonly error: string | undefined;
  /** A sentence for screen readers about the newest request. */
  readonly announcement: string;
  /** Answers one approval; rejects with a ControlError when the gateway refuses. */
  readonly decide: (id: string, verdict: ApprovalVerdict) => Promise<void>;
}

const PendingApprovalsContext = createContext<PendingApprovals | undefined>(undefined);

/** Keeps the pending approvals for everything below it, from one read and the event stream. */
export function PendingApprovalsProvider({ children }: { children: ReactNode }) {
  const transport = useTransport();
  const [items, setItems] = useState<PendingApproval[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>(undefined);
  const [announcement, setAnnouncement] = useState('');
  const decided = useRef(new Set<string>());
  const requestedDuringLoad = useRef<PendingApproval[] | undefined>(undefined);

  const load = useCallback(() => {
    const meanwhile: PendingApproval[] = [];
    requestedDuringLoad.current = meanwhile;
    transport
      .call('approvals.list', {})
      .then(
        (listed) => {
          setItems(mergeListed(listed, meanwhile, decided.current));
          setError(undefined);
        },
        (failure: unknown) => setError(describeError(failure)),
      )
      .finally(() => {
        if (requestedDuringLoad.current === meanwhile) requestedDuringLoad.current = undefined;
        setLoading(false);
      });
  }, [transport]);

  useEffect(load, [load]);
  useOnReconnected(load);

  useControlEvents((event) => {
    if (event.type === 'approval.requested') {
      requestedDuringLoad.current?.push(event.approval);
      setItems((current) => withApproval(current, event.approval));
      setAnnouncement(
        `Approval needed: ${event.approval.client} wants to run ${event.approval.exposedTool}.`,
      );
    } else if (event.type === 'approval.decided') {
      decided.current.add(event.approval.id);
      setItems((current) => withoutApproval(current, event.approval.id));
    }
  });

  const decide = useCallback(
    async (id: string, verdict: ApprovalVerdict) => {
      await transport.call('approvals.decide', { id, verdict });
      decided.current.add(id);
      setItems((current) => withoutApproval(current, id));
    },
    [transport],
  );

  return (
    <PendingApprovalsContext.Provider value={{ items, loading, error, announcement, decide }}>
      {children}
    </PendingApprovalsContext.Provider>
  );
}

/** The pending approvals kept by the nearest PendingApprovalsProvider. */
export function usePendingApprovals(): PendingApprovals {
  const value = useContext(PendingApprovalsContext);
  if (!value) throw new Error('usePendingApprovals needs a PendingApprovalsProvider above it.');
  return value;
}
