/**
 * Says, above every page, when the audit trail is not being written (a full disk, say): how many
 * records wait in memory, whether some are only counted, and whether tool calls are refused.
 * Hidden while the trail is written.
 */
import { useControlQuery } from '../state/use-control-query.js';

export function AuditBanner() {
  const state = useControlQuery(
    'gateway.state',
    {},
    (event) => event.type === 'audit.health' || event.type === 'gateway.state',
  );
  const audit = state.data?.audit;
  if (!audit || (audit.state === 'ok' && !audit.refusingCalls)) return null;
  const headline = audit.refusingCalls
    ? 'Tool calls are refused: the audit trail cannot be written.'
    : audit.state === 'full'
      ? 'The audit backlog is full: new records are counted, not kept.'
      : 'The audit trail is not being written right now.';
  return (
    <div
      role="alert"
      className={`banner ${audit.refusingCalls || audit.state === 'full' ? 'banner-danger' : 'banner-warning'}`}
    >
      <strong>{headline}</strong> {audit.message}
    </div>
  );
}
