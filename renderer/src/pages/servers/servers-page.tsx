/**
 * The upstream MCP servers: their live state, details and tools, add/edit/remove, on/off,
 * restart; and the secrets they use.
 */
import { useState } from 'react';
import type { ServerConfig } from '../../../../shared/contracts/config.js';
import type { ControlEvent } from '../../../../shared/contracts/control-events.js';
import { PageHeader } from '../../components/page-header.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/status.js';
import { useAction } from '../../state/use-action.js';
import { useControlEvents } from '../../state/use-control-events.js';
import { useControlQuery } from '../../state/use-control-query.js';
import { useTransport } from '../../state/transport-context.js';
import { SecretsSection, type SecretRequest } from './secrets-section.js';
import { ServerForm } from './server-form.js';
import { ServerTable, type ServerActions } from './server-table.js';
import { SignInNoticeView } from './sign-in-notice.js';
import { useSignIn } from './use-sign-in.js';

const affectsServers = (event: ControlEvent): boolean =>
  event.type === 'config.changed' && (event.area === 'servers' || event.area === 'secrets');

type Editing = { mode: 'add' } | { mode: 'edit'; name: string; config: ServerConfig };

/** The Servers page: the server table, the add/edit form, and secrets. */
export function ServersPage() {
  const transport = useTransport();
  const servers = useControlQuery('servers.list', {}, affectsServers);
  const action = useAction();
  const [editing, setEditing] = useState<Editing | undefined>(undefined);
  const [secretRequest, setSecretRequest] = useState<SecretRequest | undefined>(undefined);
  const signIns = useSignIn();

  // A status event carries the whole new status: patch it in rather than read the list again.
  useControlEvents((event) => {
    if (event.type !== 'server.status' || !servers.data) return;
    const known = servers.data.some((entry) => entry.name === event.status.name);
    if (!known) return servers.refresh();
    servers.replace(
      servers.data.map((entry) =>
        entry.name === event.status.name ? { ...entry, status: event.status } : entry,
      ),
    );
  });

  const mutate = (work: () => Promise<unknown>): void =>
    void action.run(async () => {
      await work();
      servers.refresh();
    });
  const actions: ServerActions = {
    edit: (name, config) => setEditing({ mode: 'edit', name, config }),
    restart: (name) => mutate(() => transport.call('servers.restart', { name })),
    setEnabled: (name, enabled) => mutate(() => transport.call('servers.setEnabled', { name, enabled })),
    remove: (name) => mutate(() => transport.call('servers.remove', { name })),
    setSecret: (name) => setSecretRequest((previous) => ({ name, nonce: (previous?.nonce ?? 0) + 1 })),
    signIn: signIns.signIn,
    signOut: signIns.signOut,
  };

  return (
    <>
      <PageHeader
        title="Servers"
        description="The MCP servers Gatehouse connects to. Their tools reach your clients through Gatehouse."
        actions={
          !editing && (
            <button type="button" className="primary" onClick={() => setEditing({ mode: 'add' })}>
              Add server
            </button>
          )
        }
      />
      {editing && (
        <ServerForm
          key={editing.mode === 'edit' ? editing.name : 'new'}
          editing={editing.mode === 'edit' ? editing : undefined}
          onDone={(saved) => {
            setEditing(undefined);
            if (saved) servers.refresh();
          }}
        />
      )}
      {servers.error && <ErrorNotice message={servers.error} onRetry={servers.refresh} />}
      {action.error && <ErrorNotice message={action.error} />}
      <SignInNoticeView notice={signIns.notice} />
      {!servers.data ? (
        servers.loading && <Loading label="Loading servers…" />
      ) : servers.data.length === 0 ? (
        <EmptyState title="No servers yet.">
          <p>Bring in the servers your AI apps already use (their keys go into your keychain), or add one.</p>
          <div className="row centered">
            <a className="button primary" href="#/start/apps">
              Import from your apps
            </a>
            <button type="button" onClick={() => setEditing({ mode: 'add' })}>
              Add a server by hand
            </button>
          </div>
        </EmptyState>
      ) : (
        <ServerTable servers={servers.data} actions={actions} />
      )}
      <SecretsSection request={secretRequest} />
    </>
  );
}
