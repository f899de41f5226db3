/**
 * The four answers to an approval: allow once, allow for a while, always allow, deny (with an
 * optional reason). Shared by the Approvals page and the compact popup.
 */
import { useId, useState } from 'react';
import type { ApprovalVerdict } from '../../../../shared/contracts/approvals.js';
import { ErrorNotice } from '../../components/status.js';
import { useAction } from '../../state/use-action.js';

const MAX_MINUTES = 7 * 24 * 60;
const DEFAULT_MINUTES = 15;

/** The answer buttons; `onDecide` gets the verdict in the shape approvals.decide takes. */
export function ApprovalDecisions({
  onDecide,
  coverage,
}: {
  onDecide: (verdict: ApprovalVerdict) => Promise<void>;
  /** What “Allow for” would let through, for this many minutes, in a sentence. */
  coverage?: (minutes: number) => string;
}) {
  const { run, busy, error } = useAction();
  const [minutesText, setMinutesText] = useState(String(DEFAULT_MINUTES));
  const [reason, setReason] = useState('');
  const ids = { minutes: useId(), reason: useId() };
  const minutes = Number(minutesText);
  const minutesValid = Number.isInteger(minutes) && minutes >= 1 && minutes <= MAX_MINUTES;
  const decide = (verdict: ApprovalVerdict): void => void run(() => onDecide(verdict));

  return (
    <div className="decisions">
      <div className="decision-row">
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => decide({ kind: 'allow-once' })}
        >
          Allow once
        </button>
        <span className="decision-for">
          <button
            type="button"
            disabled={busy || !minutesValid}
            onClick={() => decide({ kind: 'allow-for', minutes })}
          >
            {minutesValid ? `Allow for ${minutes} minutes` : 'Allow for a while'}
          </button>
          <label htmlFor={ids.minutes} className="visually-hidden">
            Minutes to allow
          </label>
          <input
            id={ids.minutes}
            className="minutes"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_MINUTES}
            value={minutesText}
            aria-invalid={!minutesValid}
            onChange={(event) => setMinutesText(event.target.value)}
          />
          <span aria-hidden="true">min</span>
        </span>
        <button type="button" disabled={busy} onClick={() => decide({ kind: 'always-allow' })}>
          Always allow
        </button>
      </div>
      {coverage && minutesValid && <p className="grant-preview">“Allow for” covers: {coverage(minutes)}</p>}
      <div className="decision-row">
        <label htmlFor={ids.reason}>Reason for denying (optional)</label>
        <input
          id={ids.reason}
          type="text"
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => decide(reason.trim() ? { kind: 'deny', reason: reason.trim() } : { kind: 'deny' })}
        >
          Deny
        </button>
      </div>
      {!minutesValid && (
        <p className="field-error">Minutes must be a whole number from 1 to {MAX_MINUTES}.</p>
      )}
      {error && <ErrorNotice message={error} />}
    </div>
  );
}
