/**
 * Importing an app's own MCP servers into Gatehouse: what would be imported, what Gatehouse has
 * already, which plain-text credentials move into the keychain (by name), and optionally taking
 * the servers out of the app so that all its traffic goes through Gatehouse.
 */
import { useId, useState } from 'react';
import type {
  ClientImportResult,
  ImportCandidate,
  ImportPreview,
} from '../../../../shared/contracts/client-onboarding.js';
import type { DetectedClient } from '../../../../shared/contracts/client-setup.js';
import { assertNever } from '../../assert-never.js';
import { ErrorNotice, Loading, SuccessNotice } from '../../components/status.js';
import { useAction } from '../../state/use-action.js';
import { useControlQuery } from '../../state/use-control-query.js';
import { useTransport } from '../../state/transport-context.js';
import { ConfigChangeView } from './config-change-view.js';

/** Preview, then import, one app's servers. `onImported` runs once something was written. */
export function ImportServersPanel({
  client,
  onImported,
  onClose,
}: {
  client: DetectedClient;
  onImported: () => void;
  onClose: () => void;
}) {
  const transport = useTransport();
  const preview = useControlQuery('setup.importPreview', { kind: client.kind });
  const importing = useAction();
  const [removeFromClient, setRemoveFromClient] = useState(false);
  const [result, setResult] = useState<ClientImportResult | undefined>(undefined);
  const checkboxId = useId();

  const run = async (): Promise<void> => {
    const basedOn = removeFromClient ? preview.data?.removal?.basedOn : undefined;
    const done = await importing.run(() =>
      transport.call('setup.import', {
        kind: client.kind,
        removeFromClient,
        ...(basedOn ? { basedOn } : {}),
      }),
    );
    if (!done) preview.refresh();
    if (done) {
      setResult(done);
      onImported();
    }
  };

  const plan = preview.data;
  const canImport =
    plan !== undefined &&
    (plan.servers.some((server) => server.outcome === 'import') ||
      (removeFromClient && plan.removal !== null));
  return (
    <div className="setup-panel" role="region" aria-label={`Import servers from ${client.title}`}>
      <h3>Import servers from {client.title}</h3>
      {result ? (
        <>
          <ImportResultNotice result={result} />
          <button type="button" onClick={onClose}>
            Close
          </button>
        </>
      ) : (
        <>
          {preview.error && <ErrorNotice message={preview.error} onRetry={preview.refresh} />}
          {importing.error && <ErrorNotice message={importing.error} />}
          {plan ? (
            <ImportPlanView plan={plan} />
          ) : (
            preview.loading && <Loading label="Reading the servers…" />
          )}
          {plan?.removal && (
            <div className="field row">
              <input
                id={checkboxId}
                type="checkbox"
                checked={removeFromClient}
                onChange={(event) => setRemoveFromClient(event.target.checked)}
              />
              <label htmlFor={checkboxId}>
                Remove them from {client.title} so all its traffic goes through Gatehouse
              </label>
            </div>
          )}
          {removeFromClient && plan?.removal && <ConfigChangeView preview={plan.removal} />}
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={!canImport || importing.busy}
              onClick={() => void run()}
            >
              Import
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

function ImportPlanView({ plan }: { plan: ImportPreview }) {
  if (plan.servers.length === 0) return <p>{plan.path} lists no servers besides Gatehouse.</p>;
  const count = plan.credentials.length;
  return (
    <>
      <ul aria-label="Servers found">
        {plan.servers.map((server) => (
          <li key={server.name}>
            <code>{server.name}</code>: {outcomeText(server)}
          </li>
        ))}
      </ul>
      {count > 0 && (
        <>
          <p>
            {count === 1 ? '1 credential' : `${count} credentials`} in plain text will move into the keychain:
          </p>
          <ul aria-label="Credentials to move">
            {plan.credentials.map((move) => (
              <li key={`${move.server}/${move.field}/${move.key}`}>
                {move.server} {move.field === 'env' ? 'env' : 'header'} <code>{move.key}</code> → stored as{' '}
                <code>{move.secretName}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function outcomeText(server: ImportCandidate): string {
  switch (server.outcome) {
    case 'import':
      return 'will be imported';
    case 'duplicate':
      return `Gatehouse runs it already as “${server.sameAs ?? server.name}”`;
    case 'name-taken':
      return 'skipped: Gatehouse has a different server of that name';
    case 'unsupported':
      return `skipped: ${server.reason ?? 'Gatehouse cannot take it over'}`;
    default:
      return assertNever(server.outcome);
  }
}

function ImportResultNotice({ result }: { result: ClientImportResult }) {
  const sentences = [
    result.added.length > 0 ? `Imported ${result.added.join(', ')}.` : 'No new servers were imported.',
    ...(result.moved.length > 0
      ? [`Moved ${result.moved.map((move) => move.secretName).join(', ')} into the keychain.`]
      : []),
    ...result.skipped.map((skipped) => skipped.reason),
    ...(result.removal?.changed ? result.removal.summary : []),
  ];
  return (
    <SuccessNotice>
      {sentences.map((sentence, index) => (
        <p key={index}>{sentence}</p>
      ))}
    </SuccessNotice>
  );
}
