/**
 * Connecting or disconnecting one app: the change is previewed first (summary and diff), and
 * only "Apply" writes the app's config file.
 */
import { useState } from 'react';
import type { ConfigChangeResult, DetectedClient } from '../../../../shared/contracts/client-setup.js';
import { ErrorNotice, Loading, SuccessNotice } from '../../components/status.js';
import { useAction } from '../../state/use-action.js';
import { useControlQuery } from '../../state/use-control-query.js';
import { useTransport } from '../../state/transport-context.js';
import { ConfigChangeView } from './config-change-view.js';

/** Which change the panel makes. */
export type SetupChangeAction = 'connect' | 'disconnect';

const VERBS: Record<SetupChangeAction, { now: string; done: string }> = {
  connect: { now: 'Connect', done: 'Connected' },
  disconnect: { now: 'Disconnect', done: 'Disconnected' },
};

/** Preview, then apply, one connect or disconnect. `onChanged` runs once the file was written. */
export function SetupChangePanel({
  client,
  action,
  onChanged,
  onClose,
}: {
  client: DetectedClient;
  action: SetupChangeAction;
  onChanged: () => void;
  onClose: () => void;
}) {
  const transport = useTransport();
  const preview = useControlQuery('setup.preview', { kind: client.kind, action });
  const apply = useAction();
  const [result, setResult] = useState<ConfigChangeResult | undefined>(undefined);
  const verb = VERBS[action];

  const run = async (): Promise<void> => {
    // The preview's base: if the app rewrote its file since, the engine refuses and nothing is lost.
    const basedOn = preview.data?.basedOn;
    const args = { kind: client.kind, ...(basedOn ? { basedOn } : {}) };
    const done = await apply.run<ConfigChangeResult>(() =>
      action === 'connect' ? transport.call('setup.connect', args) : transport.call('setup.disconnect', args),
    );
    if (!done) preview.refresh();
    if (done) {
      setResult(done);
      onChanged();
    }
  };

  // A disconnect that leaves the file alone may still revoke the app's token, so it stays possible.
  const nothingToDo = action === 'connect' && preview.data?.changed === false;
  return (
    <div className="setup-panel" aria-label={`${verb.now} ${client.title}`} role="region">
      <h3>
        {verb.now} {client.title}
      </h3>
      {result ? (
        <>
          <SuccessNotice>
            <p>{result.changed ? `${verb.done} ${client.title}.` : 'Nothing needed changing.'}</p>
            {result.summary.map((sentence, index) => (
              <p key={index}>{sentence}</p>
            ))}
            {result.backupPath && <p>The original is kept in {result.backupPath}.</p>}
          </SuccessNotice>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </>
      ) : (
        <>
          {preview.error && <ErrorNotice message={preview.error} onRetry={preview.refresh} />}
          {apply.error && <ErrorNotice message={apply.error} />}
          {preview.data ? (
            <ConfigChangeView preview={preview.data} />
          ) : (
            preview.loading && <Loading label="Working out the change…" />
          )}
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={!preview.data || nothingToDo || apply.busy}
              onClick={() => void run()}
            >
              Apply
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </>
      )}
    </div>
  );
}
