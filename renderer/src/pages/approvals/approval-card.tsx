/**
 * One call waiting for the person: who asks, for which tool, with what arguments, why it was
 * sent here, how long is left, and the four answers.
 */
import { useId, useState } from 'react';
import { describeGrant } from '../../../../shared/contracts/grants.js';
import type { PendingApproval } from '../../../../shared/contracts/approvals.js';
import { FlowProvenance } from '../../components/flow-provenance.js';
import { JsonBlock } from '../../components/json-block.js';
import { usePendingApprovals } from '../../state/pending-approvals.js';
import { ApprovalDecisions } from './approval-decisions.js';
import { Countdown } from './countdown.js';
import { conditionsFrom, GrantScope, type ScopeChoices } from './grant-scope.js';

/** One pending approval as an article named by who asks for what. */
export function ApprovalCard({
  approval,
  compact = false,
}: {
  approval: PendingApproval;
  /** For the small tray popup: leaves out what the countdown already implies. */
  compact?: boolean;
}) {
  const { decide } = usePendingApprovals();
  const headingId = useId();
  const [choices, setChoices] = useState<ScopeChoices>({});
  const conditions = conditionsFrom(approval, choices);
  return (
    <article className="card approval" aria-labelledby={headingId}>
      <header className="approval-header">
        <h2 id={headingId}>
          <strong>{approval.client}</strong> wants to run <code>{approval.exposedTool}</code>
        </h2>
        <Countdown expiresAt={approval.expiresAt} />
      </header>
      <dl className="facts">
        <dt>Client</dt>
        <dd>{approval.client}</dd>
        <dt>Server</dt>
        <dd>
          {approval.server} (tool <code>{approval.tool}</code>)
        </dd>
        <dt>Why you are asked</dt>
        <dd>
          {approval.explanation}
          {approval.ruleId && (
            <>
              {' '}
              (rule <code>{approval.ruleId}</code>)
            </>
          )}
        </dd>
        {!compact && (
          <>
            <dt>Requested</dt>
            <dd>
              <time dateTime={approval.requestedAt}>
                {new Date(approval.requestedAt).toLocaleTimeString()}
              </time>
            </dd>
          </>
        )}
      </dl>
      {approval.flows && approval.flows.length > 0 && (
        <FlowProvenance flows={approval.flows} args={approval.arguments} />
      )}
      <JsonBlock value={approval.arguments} label={`Arguments for ${approval.exposedTool}`} />
      {approval.argumentsDigest && (
        <p className="muted">
          Arguments digest <code className="digest">{approval.argumentsDigest}</code> (SHA-256 of these
          arguments; the audit record shows the same ones)
        </p>
      )}
      {!compact && <GrantScope approval={approval} choices={choices} onChange={setChoices} />}
      <ApprovalDecisions
        coverage={(minutes) => describeGrant({ ...approval, conditions }, minutes)}
        onDecide={(verdict) =>
          decide(
            approval.id,
            verdict.kind === 'allow-for' && conditions.length > 0 ? { ...verdict, conditions } : verdict,
          )
        }
      />
      {!compact && (
        <p className="muted">
          “Always allow” adds a rule on the Policies page: {approval.client} may call {approval.server}/
          {approval.tool} with any arguments until you remove it.
        </p>
      )}
    </article>
  );
}
