/**
 * Step 2 of the first run: the apps found, a checkbox each (ticked for every installed app not yet
 * connected), the change connecting would make to each file, and one "Connect" that gives each
 * chosen app a token of its own. A file the app rewrote since its preview is refused and previewed
 * again; nothing of the app's change is lost.
 */
import { useEffect, useState } from 'react';
import type { DetectedClient, SetupClientKind } from '../../../../shared/contracts/client-setup.js';
import { ErrorNotice, Loading, SuccessNotice } from '../../components/status.js';
import { useControlQuery } from '../../state/use-control-query.js';
import { useTransport } from '../../state/transport-context.js';
import { ConfigChangeView } from '../clients/config-change-view.js';
import { UnreadableApps } from './unreadable-apps.js';
import { stepFailure, type StepFailure } from './step-error.js';

/** Apps Gatehouse can connect now. */
function connectable(clients: readonly DetectedClient[]): DetectedClient[] {
  return clients.filter((client) => client.installed && client.problem === undefined);
}

const connected = (client: DetectedClient): boolean => client.gatehouse?.pointsAtThisGateway === true;

/** The second step: choose apps, see each change, connect them (or skip). */
export function ConnectStep({
  onChanged,
  onNext,
}: {
  onChanged: (kind: SetupClientKind) => void;
  onNext: () => void;
}) {
  const transport = useTransport();
  const detection = useControlQuery('setup.detect', {});
  const [unticked, setUnticked] = useState<Set<SetupClientKind>>(new Set());
  const [basedOn, setBasedOn] = useState<Partial<Record<SetupClientKind, string>>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<StepFailure | undefined>(undefined);
  const [done, setDone] = useState<string[] | undefined>(undefined);
  const [generation, setGeneration] = useState(0);

  const apps = detection.data ? connectable(detection.data.clients) : [];
  const chosen = apps.filter((client) => !connected(client) && !unticked.has(client.kind));

  const connectChosen = async (): Promise<void> => {
    setBusy(true);
    setFailure(undefined);
    const sentences: string[] = [];
    try {
      for (const client of chosen) {
        const base = basedOn[client.kind];
        const result = await transport.call('setup.connect', {
          kind: client.kind,
          ...(base ? { basedOn: base } : {}),
        });
        if (result.changed) onChanged(client.kind);
        sentences.push(
          `Connected ${client.title}: ${result.path} now leads to Gatehouse with a token of its own.`,
        );
      }
      setDone(sentences);
    } catch (error: unknown) {
      setFailure(stepFailure(error));
      setGeneration((value) => value + 1);
      if (sentences.length > 0) setDone(sentences);
    } finally {
      setBusy(false);
      detection.refresh();
    }
  };

  const toggle = (kind: SetupClientKind, on: boolean): void => {
    const next = new Set(unticked);
    if (on) next.delete(kind);
    else next.add(kind);
    setUnticked(next);
  };

  return (
    <section aria-labelledby="connect-step-heading">
      <h2 id="connect-step-heading">Connect your apps to Gatehouse</h2>
      <p className="muted">
        Gatehouse adds itself to each app’s own config file. The original is backed up first, and undo puts it
        back byte for byte.
      </p>
      {detection.error && <ErrorNotice message={detection.error} onRetry={detection.refresh} />}
      {failure && (
        <ErrorNotice
          message={
            failure.fileChanged ? `${failure.message} The previews below were read again.` : failure.message
          }
        />
      )}
      {done && (
        <SuccessNotice>
          {done.map((sentence, index) => (
            <p key={index}>{sentence}</p>
          ))}
          <p>Restart an app that was open so it reads its new settings.</p>
        </SuccessNotice>
      )}
      {detection.data && <UnreadableApps clients={detection.data.clients} />}
      {!detection.data ? (
        detection.loading && <Loading label="Looking for your apps…" />
      ) : apps.length === 0 ? (
        <p>
          No app Gatehouse knows is installed. The Clients page shows how to connect any other MCP client.
        </p>
      ) : (
        apps.map((client) => (
          <div key={client.kind} className="setup-panel" role="group" aria-label={`Connect ${client.title}`}>
            <label>
              <input
                type="checkbox"
                disabled={connected(client) || busy}
                checked={connected(client) || !unticked.has(client.kind)}
                onChange={(event) => toggle(client.kind, event.target.checked)}
              />{' '}
              <strong>{client.title}</strong>{' '}
              {connected(client) && <span className="badge state-ready">Connected</span>}
            </label>
            {!connected(client) && !unticked.has(client.kind) && (
              <ConnectPreview
                key={`${client.kind}-${generation}`}
                client={client}
                onBasedOn={(base) => setBasedOn((previous) => ({ ...previous, [client.kind]: base }))}
              />
            )}
          </div>
        ))
      )}
      <div className="row">
        {!done && (
          <button
            type="button"
            className="primary"
            disabled={busy || chosen.length === 0}
            onClick={() => void connectChosen()}
          >
            {chosen.length === 1 ? 'Connect 1 app' : `Connect ${chosen.length} apps`}
          </button>
        )}
        <button type="button" className={done ? 'primary' : undefined} onClick={onNext} disabled={busy}>
          {done ? 'Next: watch it work' : 'Skip this step'}
        </button>
      </div>
    </section>
  );
}

/** The change connecting one app would make, read fresh each time it is shown. */
function ConnectPreview({
  client,
  onBasedOn,
}: {
  client: DetectedClient;
  onBasedOn: (basedOn: string) => void;
}) {
  const preview = useControlQuery('setup.preview', { kind: client.kind, action: 'connect' });
  const base = preview.data?.basedOn;
  useEffect(() => {
    if (base !== undefined) onBasedOn(base);
    // Only a new preview's base matters; the callback is a fresh closure each render.
  }, [base]);
  if (preview.error) return <ErrorNotice message={preview.error} onRetry={preview.refresh} />;
  if (!preview.data) return <Loading label={`Working out the change to ${client.title}…`} />;
  return <ConfigChangeView preview={preview.data} />;
}
