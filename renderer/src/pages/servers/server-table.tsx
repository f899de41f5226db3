/**
 * The configured servers with their live state, and what can be done to each.
 */
import { Fragment, useState } from 'react';
import { isServerEnabled, type ServerConfig } from '../../../../shared/contracts/config.js';
import type { ControlResult } from '../../../../shared/contracts/control-api.js';
import {
  describeProtocol,
  type UpstreamState,
  type UpstreamStatus,
} from '../../../../shared/contracts/upstream-status.js';
import { ConfirmButton } from '../../components/confirm-button.js';
import { ServerDetails } from './server-details.js';

type ServerEntry = ControlResult<'servers.list'>[number];

const STATE_LABELS: Record<UpstreamState, string> = {
  connecting: 'Connecting',
  ready: 'Running',
  error: 'Error',
  stopped: 'Stopped',
  'needs-secret': 'Needs a secret',
  'needs-sign-in': 'Needs sign-in',
};

/** What the table's buttons ask the page to do. */
export interface ServerActions {
  readonly edit: (name: string, config: ServerConfig) => void;
  readonly restart: (name: string) => void;
  readonly setEnabled: (name: string, enabled: boolean) => void;
  readonly remove: (name: string) => void;
  readonly setSecret: (secret: string) => void;
  /** Starts the OAuth sign-in from the window. */
  readonly signIn: (name: string) => void;
  /** Revokes and forgets the server's tokens. */
  readonly signOut: (name: string) => void;
}

/** One row per server, with a details row under the one opened. */
export function ServerTable({
  servers,
  actions,
}: {
  servers: readonly ServerEntry[];
  actions: ServerActions;
}) {
  const [open, setOpen] = useState<string | undefined>(undefined);
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">State</th>
            <th scope="col">Transport</th>
            <th scope="col">Protocol</th>
            <th scope="col">Tools</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {servers.map(({ name, config, status }) => {
            const enabled = isServerEnabled(config);
            const expanded = open === name;
            return (
              <Fragment key={name}>
                <tr>
                  <th scope="row">{name}</th>
                  <td>
                    <StateCell enabled={enabled} status={status} name={name} actions={actions} />
                  </td>
                  <td>{status?.transport ?? ('command' in config ? 'stdio' : 'remote')}</td>
                  <td>{describeProtocol(status?.protocol) ?? '–'}</td>
                  <td>{status ? status.toolCount : '–'}</td>
                  <td>
                    <div className="cell-actions">
                      <button
                        type="button"
                        aria-expanded={expanded}
                        aria-label={`Details of ${name}`}
                        onClick={() => setOpen(expanded ? undefined : name)}
                      >
                        {expanded ? 'Hide details' : 'Details'}
                      </button>
                      <button
                        type="button"
                        aria-label={`Edit ${name}`}
                        onClick={() => actions.edit(name, config)}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        aria-label={`Restart ${name}`}
                        disabled={!enabled}
                        onClick={() => actions.restart(name)}
                      >
                        Restart
                      </button>
                      <button
                        type="button"
                        aria-label={`${enabled ? 'Disable' : 'Enable'} ${name}`}
                        onClick={() => actions.setEnabled(name, !enabled)}
                      >
                        {enabled ? 'Disable' : 'Enable'}
                      </button>
                      {status?.signIn === 'signed-in' && (
                        <ConfirmButton
                          label="Sign out"
                          accessibleName={`Sign out of ${name}`}
                          question={`Sign out of ${name}? Its tokens are revoked and its tools leave every client until you sign in again.`}
                          confirmLabel="Sign out"
                          onConfirm={() => actions.signOut(name)}
                        />
                      )}
                      <ConfirmButton
                        label="Remove"
                        accessibleName={`Remove ${name}`}
                        question={`Remove ${name}? Its tools disappear from every client.`}
                        confirmLabel="Remove"
                        onConfirm={() => actions.remove(name)}
                      />
                    </div>
                  </td>
                </tr>
                {expanded && (
                  <tr className="detail-row">
                    <td colSpan={6}>
                      <ServerDetails name={name} status={status} onSetSecret={actions.setSecret} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The state, and for a server that waits on the person, what to do with the button that does it. */
function StateCell({
  enabled,
  status,
  name,
  actions,
}: {
  enabled: boolean;
  status: UpstreamStatus | undefined;
  name: string;
  actions: ServerActions;
}) {
  if (!enabled) return <span className="badge">Disabled</span>;
  if (!status) return <span className="badge">Not started</span>;
  const badge = <span className={`badge state-${status.state}`}>{STATE_LABELS[status.state]}</span>;
  if (status.state === 'needs-sign-in') {
    return (
      <>
        {badge}
        <div className="field-hint">Sign in to let Gatehouse use its tools.</div>
        <button
          type="button"
          className="primary"
          aria-label={`Sign in to ${name}`}
          onClick={() => actions.signIn(name)}
        >
          Sign in
        </button>
      </>
    );
  }
  if (status.state === 'needs-secret' && status.missingSecrets?.length) {
    const settable = status.missingSecrets.filter((secret) => !secret.startsWith('env '));
    return (
      <>
        {badge}
        {status.message && <div className="field-hint">{status.message}</div>}
        {settable.map((secret) => (
          <button
            type="button"
            key={secret}
            className="primary"
            aria-label={`Set ${secret} for ${name}`}
            onClick={() => actions.setSecret(secret)}
          >
            Set {secret}
          </button>
        ))}
      </>
    );
  }
  return (
    <>
      {badge}
      {status.message && <div className="field-hint">{status.message}</div>}
    </>
  );
}
