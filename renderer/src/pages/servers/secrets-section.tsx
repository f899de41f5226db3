/**
 * Secrets by name: which are stored in the keychain, which servers use them, and a form to set
 * one. Values go in and never come back out.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ControlEvent } from '../../../../shared/contracts/control-events.js';
import { SECRET_NAME_PATTERN, SECRET_NAME_RULE } from '../../../../shared/contracts/secrets.js';
import { ConfirmButton } from '../../components/confirm-button.js';
import { EmptyState, ErrorNotice, Loading, SuccessNotice } from '../../components/status.js';
import { useAction } from '../../state/use-action.js';
import { useControlQuery } from '../../state/use-control-query.js';
import { useTransport } from '../../state/transport-context.js';

const affectsSecrets = (event: ControlEvent): boolean =>
  event.type === 'config.changed' && (event.area === 'secrets' || event.area === 'servers');

/** A request from elsewhere on the page to set a given secret; `nonce` makes repeats count. */
export interface SecretRequest {
  readonly name: string;
  readonly nonce: number;
}

/** The Secrets section of the Servers page; `request` pre-fills the form. */
export function SecretsSection({ request }: { request: SecretRequest | undefined }) {
  const transport = useTransport();
  const secrets = useControlQuery('secrets.list', {}, affectsSecrets);
  const action = useAction();
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [done, setDone] = useState<string | undefined>(undefined);
  const ids = { name: useId(), value: useId() };
  const valueInput = useRef<HTMLInputElement>(null);

  const prepare = (secret: string): void => {
    setName(secret);
    setValue('');
    setDone(undefined);
    valueInput.current?.focus();
  };
  useEffect(() => {
    if (request) prepare(request.name);
  }, [request]);

  const nameValid = SECRET_NAME_PATTERN.test(name);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!nameValid || value === '') return;
    const result = await action.run(() => transport.call('secrets.set', { name, value }));
    setValue('');
    if (result) {
      setDone(
        `Saved ${result.name}.` +
          (result.restarted.length > 0 ? ` Restarted: ${result.restarted.join(', ')}.` : ''),
      );
      secrets.refresh();
    }
  };

  const remove = (secret: string): Promise<void> =>
    action
      .run(async () => {
        const result = await transport.call('secrets.delete', { name: secret });
        setDone(result.deleted ? `Deleted ${secret}.` : `${secret} was not stored.`);
        secrets.refresh();
      })
      .then(() => undefined);

  return (
    <section aria-labelledby="secrets-heading">
      <h2 id="secrets-heading">Secrets</h2>
      <p className="page-description">
        Values kept in your system keychain, used in server settings as <code>{'${secret:NAME}'}</code>.
      </p>
      {secrets.error && <ErrorNotice message={secrets.error} onRetry={secrets.refresh} />}
      {!secrets.data ? (
        secrets.loading && <Loading label="Loading secrets…" />
      ) : secrets.data.length === 0 ? (
        <EmptyState title="No secrets yet." />
      ) : (
        <div className="table-wrap">
          <table aria-label="Secrets">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Value</th>
                <th scope="col">Used by</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {secrets.data.map((secret) => (
                <tr key={secret.name}>
                  <th scope="row">
                    <code>{secret.name}</code>
                  </th>
                  <td>
                    <span className={secret.stored ? 'badge state-ready' : 'badge state-needs-secret'}>
                      {secret.stored ? 'Stored' : 'Missing'}
                    </span>
                  </td>
                  <td>
                    {secret.usedBy.length > 0 ? (
                      secret.usedBy.join(', ')
                    ) : (
                      <span className="muted">no server</span>
                    )}
                  </td>
                  <td>
                    <div className="cell-actions">
                      <button
                        type="button"
                        aria-label={`Set ${secret.name}`}
                        onClick={() => prepare(secret.name)}
                      >
                        Set value
                      </button>
                      {secret.stored && (
                        <ConfirmButton
                          label="Delete"
                          accessibleName={`Delete ${secret.name}`}
                          question={`Delete ${secret.name} from the keychain?`}
                          confirmLabel="Delete"
                          onConfirm={() => remove(secret.name)}
                        />
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="card" aria-label="Set a secret" onSubmit={(event) => void submit(event)}>
        <h3>Set a secret</h3>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={ids.name}>Secret name</label>
            <input
              id={ids.name}
              type="text"
              spellCheck={false}
              value={name}
              aria-invalid={name !== '' && !nameValid}
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.value}>Value</label>
            <input
              id={ids.value}
              ref={valueInput}
              type="password"
              autoComplete="new-password"
              value={value}
              onChange={(event) => setValue(event.target.value)}
            />
          </div>
          <div className="field">
            <button type="submit" className="primary" disabled={action.busy || !nameValid || value === ''}>
              Save secret
            </button>
          </div>
        </div>
        {name !== '' && !nameValid && <p className="field-error">{SECRET_NAME_RULE}.</p>}
        {action.error && <ErrorNotice message={action.error} />}
        {done && <SuccessNotice>{done}</SuccessNotice>}
      </form>
    </section>
  );
}
