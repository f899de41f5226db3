/**
 * Step 1 of the first run: every app found with the servers it already has (credentials shown
 * by name only, masked), a checkbox per server, and one "Import" that takes the chosen ones into
 * Gatehouse: plain-text credentials into the keychain, and (unless unticked) out of the app's file,
 * so the app reaches them only through Gatehouse.
 */
import { useState } from 'react';
import type { ImportPreview } from '../../../../shared/contracts/client-onboarding.js';
import type { DetectedClient, SetupClientKind } from '../../../../shared/contracts/client-setup.js';
import { ErrorNotice, Loading, SuccessNotice } from '../../components/status.js';
import { useControlQuery } from '../../state/use-control-query.js';
import { useTransport } from '../../state/transport-context.js';
import { AppServersCard, type AppChoice } from './app-servers-card.js';
import { UnreadableApps } from './unreadable-apps.js';
import { stepFailure, type StepFailure } from './step-error.js';

/** Apps with servers Gatehouse could take over. */
function withServers(clients: readonly DetectedClient[]): DetectedClient[] {
  return clients.filter((client) => client.problem === undefined && client.servers.length > 0);
}

/** The first step: choose servers to import, then import them (or skip). */
export function AppsStep({
  onChanged,
  onNext,
}: {
  onChanged: (kind: SetupClientKind) => void;
  onNext: () => void;
}) {
  const transport = useTransport();
  const detection = useControlQuery('setup.detect', {});
  const [choices, setChoices] = useState<Partial<Record<SetupClientKind, AppChoice>>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<StepFailure | undefined>(undefined);
  const [done, setDone] = useState<string[] | undefined>(undefined);
  /** Bumped after a refused import, so every card reads its app's file again. */
  const [generation, setGeneration] = useState(0);

  const apps = detection.data ? withServers(detection.data.clients) : [];
  const chosen = Object.entries(choices).filter(([, choice]) => choice && choice.servers.length > 0) as [
    SetupClientKind,
    AppChoice,
  ][];
  const total = chosen.reduce((sum, [, choice]) => sum + choice.servers.length, 0);

  const importChosen = async (): Promise<void> => {
    setBusy(true);
    setFailure(undefined);
    const sentences: string[] = [];
    try {
      for (const [kind, choice] of chosen) {
        const result = await transport.call('setup.import', {
          kind,
          servers: choice.servers,
          removeFromClient: choice.removeFromApp,
          ...(choice.removeFromApp && choice.basedOn ? { basedOn: choice.basedOn } : {}),
        });
        if (result.removal?.changed) onChanged(kind);
        sentences.push(...importSentences(result));
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

  return (
    <section aria-labelledby="apps-step-heading">
      <h2 id="apps-step-heading">Bring in the servers your apps already use</h2>
      <p className="muted">
        Tick the servers Gatehouse should run for you. Keys and tokens written in the apps’ files move into
        your system keychain; no value is shown here.
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
        </SuccessNotice>
      )}
      {detection.data && <UnreadableApps clients={detection.data.clients} />}
      {!detection.data ? (
        detection.loading && <Loading label="Looking for your apps…" />
      ) : apps.length === 0 ? (
        <p>None of the apps Gatehouse knows lists an MCP server of its own. Nothing to bring in.</p>
      ) : (
        apps.map((client) => (
          <AppServersCard
            key={`${client.kind}-${generation}`}
            client={client}
            onChoice={(choice) => setChoices((previous) => ({ ...previous, [client.kind]: choice }))}
          />
        ))
      )}
      <div className="row">
        {!done && (
          <button
            type="button"
            className="primary"
            disabled={busy || total === 0}
            onClick={() => void importChosen()}
          >
            {total === 1 ? 'Import 1 server' : `Import ${total} servers`}
          </button>
        )}
        <button type="button" className={done ? 'primary' : undefined} onClick={onNext} disabled={busy}>
          {done ? 'Next: connect your apps' : 'Skip this step'}
        </button>
      </div>
    </section>
  );
}

function importSentences(result: {
  path: string;
  added: string[];
  moved: { secretName: string }[];
  removal: { changed: boolean; path: string } | null;
}): string[] {
  return [
    result.added.length > 0
      ? `Imported ${result.added.join(', ')} from ${result.path}.`
      : `Nothing new in ${result.path}.`,
    ...(result.moved.length > 0
      ? [`Moved ${result.moved.map((move) => move.secretName).join(', ')} into the keychain.`]
      : []),
    ...(result.removal?.changed ? [`Took them out of ${result.removal.path}; undo puts them back.`] : []),
  ];
}

export type { ImportPreview };
