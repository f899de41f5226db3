/**
 * "Connect your apps": the AI apps found on this computer, whether each goes through Gatehouse,
 * what bypasses it, and one-click connect, disconnect, import and undo, each previewed first.
 */
import { Fragment, useState } from 'react';
import type { SetupDetection } from '../../../../shared/contracts/client-onboarding.js';
import type { DetectedClient } from '../../../../shared/contracts/client-setup.js';
import type { ControlEvent } from '../../../../shared/contracts/control-events.js';
import { ConfirmButton } from '../../components/confirm-button.js';
import { ErrorNotice, Loading, SuccessNotice } from '../../components/status.js';
import { useAction } from '../../state/use-action.js';
import { useControlQuery } from '../../state/use-control-query.js';
import { useTransport } from '../../state/transport-context.js';
import { ImportServersPanel } from './import-servers-panel.js';
import { SetupChangePanel } from './setup-change-panel.js';

const affectsSetup = (event: ControlEvent): boolean =>
  event.type === 'config.changed' && (event.area === 'clients' || event.area === 'servers');

/** The panel open under one app's row. */
type OpenPanel = { kind: DetectedClient['kind']; flow: 'connect' | 'disconnect' | 'import' };

/** Where the app's `gatehouse` entry leads, as a label and the badge colour that goes with it. */
function entryStatus(client: DetectedClient): { label: string; className: string } {
  if (client.gatehouse === null) return { label: 'Not connected', className: 'badge' };
  return client.gatehouse.pointsAtThisGateway
    ? { label: 'Connected', className: 'badge state-ready' }
    : { label: 'Points elsewhere', className: 'badge state-connecting' };
}

/** Installed apps first (in Gatehouse's order), then the ones it knows but did not find. */
function installedFirst(clients: readonly DetectedClient[]): DetectedClient[] {
  return [...clients.filter((client) => client.installed), ...clients.filter((client) => !client.installed)];
}

/** The "Connect your apps" section of the Clients page. */
export function ConnectApps() {
  const transport = useTransport();
  const detection = useControlQuery('setup.detect', {}, affectsSetup);
  const undo = useAction();
  const [undone, setUndone] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState<OpenPanel | undefined>(undefined);

  const toggle = (panel: OpenPanel): void => {
    setUndone(undefined);
    setOpen(open?.kind === panel.kind && open.flow === panel.flow ? undefined : panel);
  };
  const runUndo = (client: DetectedClient): Promise<void> =>
    undo
      .run(() => transport.call('setup.undo', { kind: client.kind }))
      .then((result) => {
        if (!result) return;
        setUndone(result.message);
        setOpen(undefined);
        detection.refresh();
      });

  return (
    <section aria-labelledby="connect-apps-heading">
      <h2 id="connect-apps-heading">Connect your apps</h2>
      <p className="muted">
        Gatehouse writes each app’s own config file, with a token for that app. Every change is shown before
        it is made and can be undone.
      </p>
      {detection.error && <ErrorNotice message={detection.error} onRetry={detection.refresh} />}
      {undo.error && <ErrorNotice message={undo.error} />}
      {undone && <SuccessNotice>{undone}</SuccessNotice>}
      {!detection.data ? (
        detection.loading && <Loading label="Looking for apps…" />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">App</th>
                <th scope="col">Config file</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {installedFirst(detection.data.clients).map((client) => (
                <Fragment key={client.kind}>
                  <tr>
                    <th scope="row">{client.title}</th>
                    <td>
                      <code>{client.path}</code>
                      {!client.installed && <p className="muted">Not installed</p>}
                    </td>
                    <td>
                      <span className={entryStatus(client).className}>{entryStatus(client).label}</span>
                    </td>
                    <td>
                      <ClientActions
                        client={client}
                        detection={detection.data!}
                        open={open}
                        onToggle={toggle}
                        onUndo={runUndo}
                        busy={undo.busy}
                      />
                    </td>
                  </tr>
                  <ClientFindings client={client} detection={detection.data!} />
                  {open?.kind === client.kind && (
                    <tr className="detail-row">
                      <td colSpan={4}>
                        {open.flow === 'import' ? (
                          <ImportServersPanel
                            client={client}
                            onImported={detection.refresh}
                            onClose={() => setOpen(undefined)}
                          />
                        ) : (
                          <SetupChangePanel
                            key={open.flow}
                            client={client}
                            action={open.flow}
                            onChanged={detection.refresh}
                            onClose={() => setOpen(undefined)}
                          />
                        )}
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ClientActions({
  client,
  detection,
  open,
  onToggle,
  onUndo,
  busy,
}: {
  client: DetectedClient;
  detection: SetupDetection;
  open: OpenPanel | undefined;
  onToggle: (panel: OpenPanel) => void;
  onUndo: (client: DetectedClient) => Promise<void>;
  busy: boolean;
}) {
  const { kind, title } = client;
  const readable = client.problem === undefined;
  const lastChange = detection.undoable.find((change) => change.kind === kind);
  const button = (flow: OpenPanel['flow'], label: string, name: string) => (
    <button
      type="button"
      aria-label={name}
      aria-expanded={open?.kind === kind && open.flow === flow}
      onClick={() => onToggle({ kind, flow })}
    >
      {label}
    </button>
  );
  return (
    <div className="cell-actions">
      {client.installed && readable && button('connect', 'Connect', `Connect ${title}`)}
      {client.gatehouse !== null && readable && button('disconnect', 'Disconnect', `Disconnect ${title}`)}
      {client.servers.length > 0 &&
        readable &&
        button('import', 'Import servers', `Import servers from ${title}`)}
      {lastChange && (
        <ConfirmButton
          label="Undo"
          accessibleName={`Undo the last change to ${title}`}
          question={`Undo Gatehouse’s last change to ${title} (${lastChange.action})?`}
          confirmLabel="Undo"
          disabled={busy}
          onConfirm={() => onUndo(client)}
        />
      )}
    </div>
  );
}

/** Problems reading the file, drift, and servers the app reaches past Gatehouse, under its row. */
function ClientFindings({ client, detection }: { client: DetectedClient; detection: SetupDetection }) {
  // An unreadable file is shown once, as the problem, not again as drift.
  const drift = detection.drift.filter(
    (finding) => finding.kind === client.kind && !(finding.type === 'config-unreadable' && client.problem),
  );
  const bypassing = client.servers.filter((server) => server.bypassesGatehouse).map((server) => server.name);
  // Drift already names each bypassing server of a connected app; others get one line for all.
  const showBypass = bypassing.length > 0 && !drift.some((finding) => finding.type === 'bypass');
  if (!client.problem && drift.length === 0 && !showBypass) return null;
  return (
    <tr className="detail-row">
      <td colSpan={4}>
        {client.problem && (
          <div className="notice notice-error">
            <p>{client.problem}</p>
          </div>
        )}
        {drift.map((finding, index) => (
          <div key={index} className="banner banner-warning" role="note">
            {finding.message}
          </div>
        ))}
        {showBypass && (
          <p className="muted">Reaches {bypassing.join(', ')} directly, not through Gatehouse.</p>
        )}
      </td>
    </tr>
  );
}
