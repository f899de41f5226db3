/**
 * What a draft policy would have decided differently on recent calls.
 */
import type { DryRunReport } from '../../../../shared/contracts/policy.js';

/** How many recent calls were checked and which would be decided differently. */
export function DryRunReportView({ report }: { report: DryRunReport }) {
  const changed = report.calls.filter((call) => call.changed);
  return (
    <section aria-labelledby="dry-run-heading">
      <h2 id="dry-run-heading">Dry run</h2>
      <p role="status">
        Checked {report.checked.toLocaleString()} recent {report.checked === 1 ? 'call' : 'calls'}:{' '}
        {report.changed === 0
          ? 'this draft would have decided every one the same way.'
          : `${report.changed.toLocaleString()} would be decided differently.`}
      </p>
      {changed.length > 0 && (
        <div className="table-wrap">
          <table aria-label="Calls decided differently">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Client</th>
                <th scope="col">Tool</th>
                <th scope="col">Before</th>
                <th scope="col">With this draft</th>
              </tr>
            </thead>
            <tbody>
              {changed.map((call) => (
                <tr key={call.seq}>
                  <td>
                    <time dateTime={call.time}>{new Date(call.time).toLocaleString()}</time>
                  </td>
                  <td>{call.client}</td>
                  <td>
                    <code>
                      {call.server}/{call.tool}
                    </code>
                  </td>
                  <td>
                    {call.before.action ?? 'not decided'}
                    {call.before.ruleId && <span className="muted"> ({call.before.ruleId})</span>}
                  </td>
                  <td>
                    <strong>{call.after.action}</strong>
                    {call.after.ruleId && <span className="muted"> ({call.after.ruleId})</span>}
                    <div className="field-hint">{call.after.explanation}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
