/**
 * "How to connect" for an existing client: pick the app, read the steps (the token appears as a
 * placeholder, since it is not stored).
 */
import { useId, useState } from 'react';
import { ClientKindSchema, type ClientKind } from '../../../../shared/contracts/client-record.js';
import { ErrorNotice, Loading } from '../../components/status.js';
import { useControlQuery } from '../../state/use-control-query.js';
import { CLIENT_KIND_LABELS } from './client-kinds.js';
import { ConnectInstructionsView } from './connect-instructions.js';

/** Connect instructions for the client `name`, for the app picked. */
export function HowToConnect({ name }: { name: string }) {
  const [kind, setKind] = useState<ClientKind>('claude-code');
  const id = useId();
  const instructions = useControlQuery('clients.instructions', { name, kind });
  return (
    <div className="how-to-connect">
      <div className="row">
        <label htmlFor={id}>App</label>
        <select
          id={id}
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
      {instructions.error && <ErrorNotice message={instructions.error} onRetry={instructions.refresh} />}
      {instructions.data ? (
        <ConnectInstructionsView instructions={instructions.data} />
      ) : (
        instructions.loading && <Loading label="Loading instructions…" />
      )}
    </div>
  );
}
