/**
 * One app in the first run's import step: its servers with a checkbox each, the credentials an
 * import would move (names only, values masked), and the change to the app's file that taking
 * them out of it would make.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { ImportCandidate } from '../../../../shared/contracts/client-onboarding.js';
import type { DetectedClient } from '../../../../shared/contracts/client-setup.js';
import { ErrorNotice, Loading } from '../../components/status.js';
import { useControlQuery } from '../../state/use-control-query.js';
import { ConfigChangeView } from '../clients/config-change-view.js';

/** What the person chose for one app. */
export interface AppChoice {
  readonly servers: string[];
  readonly removeFromApp: boolean;
  /** The removal preview's `basedOn`: the import is refused if the app rewrote its file since. */
  readonly basedOn: string | undefined;
}

/** Shown in place of every credential value: the UI never receives one. */
const MASK = '••••••••';

/** One app, its servers and the choice of which to import. */
export function AppServersCard({
  client,
  onChoice,
}: {
  client: DetectedClient;
  onChoice: (choice: AppChoice) => void;
}) {
  const full = useControlQuery('setup.importPreview', { kind: client.kind });
  const [picked, setPicked] = useState<Set<string> | undefined>(undefined);
  const [removeFromApp, setRemoveFromApp] = useState(true);
  const removeId = useId();

  const importable = useMemo(
    () =>
      (full.data?.servers ?? []).filter((server) => server.outcome === 'import').map((server) => server.name),
    [full.data],
  );
  // Every server that can be imported starts ticked.
  const selection = picked ?? new Set(importable);
  const servers = [...selection].filter((name) => importable.includes(name));
  const narrowed = useControlQuery('setup.importPreview', { kind: client.kind, servers });

  useEffect(() => {
    onChoice({ servers, removeFromApp, basedOn: narrowed.data?.removal?.basedOn });
    // `servers` is a new array each render; its content (the joined names) is what matters.
  }, [servers.join('\n'), removeFromApp, narrowed.data]);

  const toggle = (name: string, on: boolean): void => {
    const next = new Set(selection);
    if (on) next.add(name);
    else next.delete(name);
    setPicked(next);
  };

  return (
    <div className="setup-panel" role="group" aria-label={`Servers in ${client.title}`}>
      <h3>{client.title}</h3>
      <p className="muted">
        <code>{client.path}</code>
      </p>
      {full.error && <ErrorNotice message={full.error} onRetry={full.refresh} />}
      {!full.data ? (
        full.loading && <Loading label={`Reading ${client.title}’s servers…`} />
      ) : (
        <ul className="server-choices">
          {full.data.servers.map((server) => (
            <li key={server.name}>
              <label>
                <input
                  type="checkbox"
                  disabled={server.outcome !== 'import'}
                  checked={selection.has(server.name) && server.outcome === 'import'}
                  onChange={(event) => toggle(server.name, event.target.checked)}
                />{' '}
                <code>{server.name}</code> <span className="muted">{candidateNote(server, client)}</span>
              </label>
              <Credentials names={credentialsOf(full.data!.credentials, server.name)} />
            </li>
          ))}
        </ul>
      )}
      {narrowed.data?.removal && servers.length > 0 && (
        <>
          <div className="field row">
            <input
              id={removeId}
              type="checkbox"
              checked={removeFromApp}
              onChange={(event) => setRemoveFromApp(event.target.checked)}
            />
            <label htmlFor={removeId}>
              Take them out of {client.title}, so it reaches them only through Gatehouse
            </label>
          </div>
          {removeFromApp && <ConfigChangeView preview={narrowed.data.removal} />}
        </>
      )}
    </div>
  );
}

function Credentials({ names }: { names: { key: string; secretName: string; field: string }[] }) {
  if (names.length === 0) return null;
  return (
    <ul className="credential-moves" aria-label="Credentials">
      {names.map((move) => (
        <li key={`${move.field}/${move.key}`}>
          {move.field === 'env' ? 'env' : 'header'} <code>{move.key}</code> ={' '}
          <span aria-label="hidden value">{MASK}</span> → keychain as <code>{move.secretName}</code>
        </li>
      ))}
    </ul>
  );
}

function credentialsOf<T extends { server: string }>(moves: readonly T[], server: string): T[] {
  return moves.filter((move) => move.server === server);
}

function candidateNote(server: ImportCandidate, client: DetectedClient): string {
  const transport = client.servers.find((entry) => entry.name === server.name)?.transport;
  const how = transport === 'stdio' ? 'runs a program' : transport === 'http' ? 'reaches a URL' : '';
  switch (server.outcome) {
    case 'import':
      return how;
    case 'duplicate':
      return `Gatehouse runs it already as “${server.sameAs ?? server.name}”`;
    case 'name-taken':
      return 'Gatehouse has a different server of that name';
    case 'unsupported':
      return `cannot be taken over: ${server.reason ?? 'unknown entry'}`;
  }
}
