/**
 * The sign-in client of a remote server, for providers that do not let Gatehouse register itself:
 * a client ID and secret registered by hand (the secret goes to the keychain, never to
 * config.json), or a URL-based client ID (a Client ID Metadata Document).
 */
import { useId } from 'react';
import type { ServerDraft } from './server-draft.js';

/** The fields; `set` patches the draft. */
export function OAuthClientFields({
  draft,
  set,
}: {
  draft: ServerDraft;
  set: (patch: Partial<ServerDraft>) => void;
}) {
  const ids = { id: useId(), secret: useId(), url: useId(), hint: useId() };
  return (
    <fieldset className="field">
      <legend>Sign-in client (optional)</legend>
      <p className="field-hint" id={ids.hint}>
        Leave empty for servers that let Gatehouse register itself. Some providers need a client you
        registered with them: its ID, and its secret if it has one (kept in the keychain).
      </p>
      <label htmlFor={ids.id}>Client ID</label>
      <input
        id={ids.id}
        spellCheck={false}
        autoComplete="off"
        value={draft.oauthClientId}
        onChange={(event) => set({ oauthClientId: event.target.value })}
      />
      <label htmlFor={ids.secret}>Client secret</label>
      <input
        id={ids.secret}
        type="password"
        autoComplete="new-password"
        placeholder={draft.oauthSecretRef ? 'Stored in the keychain (leave empty to keep it)' : ''}
        disabled={draft.oauthClientId.trim() === ''}
        value={draft.oauthClientSecret}
        onChange={(event) => set({ oauthClientSecret: event.target.value })}
      />
      <label htmlFor={ids.url}>Client metadata URL</label>
      <input
        id={ids.url}
        type="url"
        spellCheck={false}
        placeholder="https://example.com/gatehouse-client.json"
        aria-describedby={ids.hint}
        value={draft.oauthMetadataUrl}
        onChange={(event) => set({ oauthMetadataUrl: event.target.value })}
      />
    </fieldset>
  );
}
