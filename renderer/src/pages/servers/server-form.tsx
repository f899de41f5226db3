/**
 * Adds a server or edits one: a local program (command, arguments, environment, folder) or a
 * remote URL (transport, headers).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { DataClassSchema } from '../../../../shared/contracts/flow.js';
import type { ServerConfig } from '../../../../shared/contracts/config.js';
import { clientSecretName } from '../../../../shared/contracts/oauth-client.js';
import { KeyValueRows } from '../../components/key-value-rows.js';
import { ErrorNotice } from '../../components/status.js';
import { useAction } from '../../state/use-action.js';
import { useTransport } from '../../state/transport-context.js';
import {
  configFromDraft,
  draftFromConfig,
  emptyDraft,
  type RemoteType,
  type ServerDraft,
} from './server-draft.js';
import { OAuthClientFields } from './oauth-client-fields.js';

const SECRET_HINT =
  'Write ${secret:NAME} to take a value from the keychain instead of storing it in config.json.';

/** The add/edit form; `onDone(true)` after a save, `onDone(false)` on cancel. */
export function ServerForm({
  editing,
  onDone,
}: {
  /** The server being edited; undefined to add one. */
  editing: { name: string; config: ServerConfig } | undefined;
  onDone: (saved: boolean) => void;
}) {
  const transport = useTransport();
  const { run, busy, error } = useAction();
  const [draft, setDraft] = useState<ServerDraft>(() =>
    editing ? draftFromConfig(editing.name, editing.config) : emptyDraft(),
  );
  const [problems, setProblems] = useState<string[]>([]);
  const ids = {
    name: useId(),
    command: useId(),
    args: useId(),
    cwd: useId(),
    url: useId(),
    type: useId(),
    newTools: useId(),
    dataClass: useId(),
  };
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const set = (patch: Partial<ServerDraft>): void => setDraft((current) => ({ ...current, ...patch }));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = configFromDraft(draft, editing?.config);
    setProblems(result.problems);
    if (!result.config) return;
    const config = result.config;
    const secret = draft.kind === 'remote' && draft.oauthClientId.trim() ? draft.oauthClientSecret : '';
    const saved = await run(async () => {
      // The secret first: the entry refers to it, and the server connects as soon as it is saved.
      if (secret) await transport.call('secrets.set', { name: clientSecretName(draft.name), value: secret });
      return transport.call('servers.save', { name: draft.name, config, replace: !!editing });
    });
    if (saved) onDone(true);
  };

  const title = editing ? `Edit ${editing.name}` : 'Add a server';
  return (
    <form className="card" aria-label={title} onSubmit={(event) => void submit(event)} noValidate>
      <h2 ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <div className="field">
        <label htmlFor={ids.name}>Name</label>
        <input
          id={ids.name}
          type="text"
          value={draft.name}
          readOnly={!!editing}
          onChange={(event) => set({ name: event.target.value })}
        />
        <span className="field-hint">
          Becomes the prefix of its tools’ names, such as github__create_issue.
        </span>
      </div>
      <fieldset>
        <legend>Kind</legend>
        <label>
          <input
            type="radio"
            name="server-kind"
            checked={draft.kind === 'stdio'}
            onChange={() => set({ kind: 'stdio' })}
          />{' '}
          Local program (stdio)
        </label>{' '}
        <label>
          <input
            type="radio"
            name="server-kind"
            checked={draft.kind === 'remote'}
            onChange={() => set({ kind: 'remote' })}
          />{' '}
          Remote server (URL)
        </label>
      </fieldset>
      {draft.kind === 'stdio' ? (
        <>
          <div className="field">
            <label htmlFor={ids.command}>Command</label>
            <input
              id={ids.command}
              type="text"
              spellCheck={false}
              placeholder="npx"
              value={draft.command}
              onChange={(event) => set({ command: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.args}>Arguments (one per line)</label>
            <textarea
              id={ids.args}
              rows={3}
              spellCheck={false}
              placeholder={'-y\n@modelcontextprotocol/server-filesystem\n/home/me/projects'}
              value={draft.args}
              onChange={(event) => set({ args: event.target.value })}
            />
          </div>
          <KeyValueRows
            legend="Environment"
            keyLabel="Variable"
            hint={SECRET_HINT}
            rows={draft.env}
            onChange={(env) => set({ env })}
          />
          <div className="field">
            <label htmlFor={ids.cwd}>Working folder (optional)</label>
            <input
              id={ids.cwd}
              type="text"
              spellCheck={false}
              value={draft.cwd}
              onChange={(event) => set({ cwd: event.target.value })}
            />
          </div>
        </>
      ) : (
        <>
          <div className="field">
            <label htmlFor={ids.url}>URL</label>
            <input
              id={ids.url}
              type="url"
              spellCheck={false}
              placeholder="https://api.example.com/mcp"
              value={draft.url}
              onChange={(event) => set({ url: event.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.type}>Transport</label>
            <select
              id={ids.type}
              value={draft.remoteType}
              onChange={(event) => set({ remoteType: event.target.value as RemoteType })}
            >
              <option value="auto">Automatic (Streamable HTTP, then SSE)</option>
              <option value="streamable-http">Streamable HTTP</option>
              <option value="sse">SSE (legacy)</option>
            </select>
          </div>
          <KeyValueRows
            legend="Headers"
            keyLabel="Header"
            hint={SECRET_HINT}
            rows={draft.headers}
            onChange={(headers) => set({ headers })}
          />
          <OAuthClientFields draft={draft} set={set} />
        </>
      )}
      <div className="field">
        <label htmlFor={ids.newTools}>New tools from this server</label>
        <select
          id={ids.newTools}
          value={draft.newTools}
          onChange={(event) => set({ newTools: event.target.value === 'review' ? 'review' : 'available' })}
        >
          <option value="available">are available at once (pinned; a later change is held for review)</option>
          <option value="review">are held until you review them on the Tools page</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.dataClass}>Its data is</label>
        <select
          id={ids.dataClass}
          value={draft.dataClass}
          onChange={(event) => {
            const chosen = DataClassSchema.safeParse(event.target.value);
            set({ dataClass: chosen.success ? chosen.data : '' });
          }}
        >
          <option value="">
            judged from its tools (untrusted if one reaches the internet, else private)
          </option>
          <option value="private">private: files, a private repository, a mailbox</option>
          <option value="untrusted">untrusted: web pages, public issues, text strangers write</option>
          <option value="public">public: nothing to protect</option>
        </select>
        <p className="field-hint">
          The data-flow guard asks before private data leaves through another server, and before untrusted
          text steers a call that deletes or overwrites.
        </p>
      </div>
      {problems.length > 0 && (
        <div className="notice notice-error" role="alert">
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      {error && <ErrorNotice message={error} />}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : editing ? 'Save changes' : 'Add server'}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
