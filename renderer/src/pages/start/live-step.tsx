/**
 * Step 3 of the first run: the tool calls arriving, live, as a connected app makes them, and a
 * way to take back every change the guide made to the apps' files.
 */
import { useState } from 'react';
import type { SetupClientKind } from '../../../../shared/contracts/client-setup.js';
import type { CallSummary } from '../../../../shared/contracts/control-events.js';
import { ConfirmButton } from '../../components/confirm-button.js';
import { ErrorNotice, SuccessNotice } from '../../components/status.js';
import { useControlEvents } from '../../state/use-control-events.js';
import { useTransport } from '../../state/transport-context.js';
import { describeError } from '../../api/control-error.js';
import type { GuideChanges } from './first-run-page.js';

/** A call as this page lists it: started, then finished with its outcome. */
interface LiveCall extends CallSummary {
  readonly outcome?: string;
  readonly durationMs?: number;
}

/** Calls kept on the page; older ones are on the Audit page. */
const KEEP = 20;

/** The last step: calls arriving live, and undo of the guide's changes. */
export function LiveStep({ changes, onUndone }: { changes: GuideChanges; onUndone: () => void }) {
  const transport = useTransport();
  const [calls, setCalls] = useState<LiveCall[]>([]);
  const [undoMessages, setUndoMessages] = useState<string[] | undefined>(undefined);
  const [undoError, setUndoError] = useState<string | undefined>(undefined);

  useControlEvents((event) => {
    if (event.type === 'call.started') {
      setCalls((previous) =>
        [event.call, ...previous.filter((call) => call.id !== event.call.id)].slice(0, KEEP),
      );
    } else if (event.type === 'call.finished') {
      setCalls((previous) => {
        const others = previous.filter((call) => call.id !== event.call.id);
        return [event.call as LiveCall, ...others].slice(0, KEEP);
      });
    }
  });

  const changed = Object.entries(changes).filter(([, count]) => (count ?? 0) > 0) as [
    SetupClientKind,
    number,
  ][];
  const undoAll = async (): Promise<void> => {
    setUndoError(undefined);
    const messages: string[] = [];
    try {
      for (const [kind, count] of changed) {
        for (let n = 0; n < count; n++) messages.push((await transport.call('setup.undo', { kind })).message);
      }
      setUndoMessages(messages);
      onUndone();
    } catch (error: unknown) {
      setUndoError(describeError(error));
      if (messages.length > 0) setUndoMessages(messages);
    }
  };

  return (
    <section aria-labelledby="live-step-heading">
      <h2 id="live-step-heading">Watch it work</h2>
      <p className="muted">
        Ask a connected app to use one of its tools. Each call appears here as it passes through Gatehouse,
        and stays on the Audit page.
      </p>
      {calls.length === 0 ? (
        <p className="loading" role="status">
          Waiting for the first call…
        </p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Calls arriving">
            <thead>
              <tr>
                <th scope="col">App</th>
                <th scope="col">Server</th>
                <th scope="col">Tool</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((call) => (
                <tr key={call.id}>
                  <td>{call.client}</td>
                  <td>{call.server}</td>
                  <td>
                    <code>{call.tool}</code>
                  </td>
                  <td>
                    {call.outcome ? `${call.outcome} (${Math.round(call.durationMs ?? 0)} ms)` : 'running…'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {undoError && <ErrorNotice message={undoError} />}
      {undoMessages && (
        <SuccessNotice>
          {undoMessages.map((message, index) => (
            <p key={index}>{message}</p>
          ))}
        </SuccessNotice>
      )}
      <div className="row">
        <a className="button primary" href="#/servers">
          Done
        </a>
        {changed.length > 0 && (
          <ConfirmButton
            label="Undo the guide’s changes"
            question={`Put back ${changed.length === 1 ? 'this app’s file' : `these ${changed.length} apps’ files`} exactly as they were before the guide changed them?`}
            confirmLabel="Undo"
            onConfirm={() => undoAll()}
          />
        )}
      </div>
    </section>
  );
}
