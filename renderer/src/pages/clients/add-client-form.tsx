/**
 * Creates a client from a name and the kind of app it is.
 */
import { useId, useState, type FormEvent } from 'react';
import {
  CLIENT_NAME_PATTERN,
  ClientKindSchema,
  type ClientKind,
  type CreatedClient,
} from '../../../../shared/contracts/client-record.js';
import { ErrorNotice } from '../../components/status.js';
import { useAction } from '../../state/use-action.js';
import { useTransport } from '../../state/transport-context.js';
import { CLIENT_KIND_LABELS } from './client-kinds.js';

/** The "Add a client" form; `onCreated` gets the new client with its token. */
export function AddClientForm({ onCreated }: { onCreated: (client: CreatedClient) => void }) {
  const transport = useTransport();
  const { run, busy, error } = useAction();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ClientKind>('claude-code');
  const [touched, setTouched] = useState(false);
  const ids = { name: useId(), kind: useId(), hint: useId() };
  const nameValid = CLIENT_NAME_PATTERN.test(name);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setTouched(true);
    if (!nameValid) return;
    const created = await run(() => transport.call('clients.add', { name, kind }));
    if (created) {
      setName('');
      setTouched(false);
      onCreated(created);
    }
  };

  return (
    <form className="card" aria-label="Add a client" onSubmit={(event) => void submit(event)}>
      <h2>Add a client</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={ids.name}>Name</label>
          <input
            id={ids.name}
            type="text"
            value={name}
            aria-invalid={touched && !nameValid}
            aria-describedby={ids.hint}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.kind}>App</label>
          <select
            id={ids.kind}
            value={kind}
            onChange={(event) => setKind(ClientKindSchema.catch('other').parse(event.target.value))}
          >
            {ClientKindSchema.options.map((option) => (
              <option key={option} value={option}>
                {CLIENT_KIND_LABELS[option]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create client'}
          </button>
        </div>
      </div>
      <p id={ids.hint} className={touched && !nameValid ? 'field-error' : 'field-hint'}>
        Letters, digits, “.”, “_” and “-”, starting with a letter or digit (at most 64), such as
        “cursor-laptop”.
      </p>
      {error && <ErrorNotice message={error} />}
    </form>
  );
}
