/**
 * One audit record in full: who called what with which arguments, what policy decided and why,
 * the approval if there was one, and how the call ended.
 */
import { useEffect, useRef } from 'react';
import { FlowProvenance } from '../../components/flow-provenance.js';
import { JsonBlock } from '../../components/json-block.js';
import { ErrorNotice, Loading } from '../../components/status.js';
import { useControlQuery } from '../../state/use-control-query.js';
import { formatDuration } from './audit-table.js';

/** The side panel for the record `seq`, read with `audit.get`. */
export function AuditDetail({ seq, onClose }: { seq: number; onClose: () => void }) {
  const record = useControlQuery('audit.get', { seq });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [seq]);
  const data = record.data;

  return (
    <aside className="card detail-panel" aria-labelledby="audit-detail-heading">
      <div className="row spread">
        <h2 id="audit-detail-heading" ref={heading} tabIndex={-1}>
          Record #{seq}
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {record.error && <ErrorNotice message={record.error} onRetry={record.refresh} />}
      {data === undefined ? (
        record.loading && <Loading label="Loading record…" />
      ) : data === null ? (
        <p>This record is no longer kept (removed by the retention settings).</p>
      ) : (
        <>
          <dl className="facts">
            <dt>Time</dt>
            <dd>
              <time dateTime={data.time}>{new Date(data.time).toLocaleString()}</time>
            </dd>
            <dt>Client</dt>
            <dd>
              {data.client} <span className="muted">(session {data.sessionId})</span>
            </dd>
            <dt>Request</dt>
            <dd>
              {data.method}
              {data.server && ` on ${data.server}`}
              {data.target && (
                <>
                  : <code>{data.target}</code>
                </>
              )}
            </dd>
            <dt>Decision</dt>
            <dd>{data.decision ?? 'none (not decided by policy)'}</dd>
            {data.ruleId && (
              <>
                <dt>Rule</dt>
                <dd>
                  <code>{data.ruleId}</code>
                </dd>
              </>
            )}
            {data.explanation && (
              <>
                <dt>Why</dt>
                <dd>{data.explanation}</dd>
              </>
            )}
            {data.approval && (
              <>
                <dt>Approval</dt>
                <dd>
                  {data.approval.kind}
                  {data.approval.decidedBy && ` by ${data.approval.decidedBy}`}, after{' '}
                  {formatDuration(data.approval.waitedMs)}
                </dd>
              </>
            )}
            <dt>Outcome</dt>
            <dd>
              <span className={`badge outcome-${data.outcome}`}>{data.outcome.replace('_', ' ')}</span>
              {data.errorMessage && <div>{data.errorMessage}</div>}
            </dd>
            <dt>Duration</dt>
            <dd>{formatDuration(data.durationMs)}</dd>
            {data.resultBytes !== undefined && (
              <>
                <dt>Result size</dt>
                <dd>{data.resultBytes.toLocaleString()} bytes</dd>
              </>
            )}
          </dl>
          {data.flows && data.flows.length > 0 && <FlowProvenance flows={data.flows} args={data.arguments} />}
          <h3>Arguments</h3>
          {data.arguments === undefined ? (
            <p className="muted">None.</p>
          ) : (
            <JsonBlock value={data.arguments} label={`Arguments of record ${seq}`} />
          )}
          <p className="field-hint">
            Hash <code>{data.hash.slice(0, 16)}…</code>
          </p>
        </>
      )}
    </aside>
  );
}
