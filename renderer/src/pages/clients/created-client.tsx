/**
 * A client just created: its token, shown this once (the gateway keeps only a hash), and how to
 * connect it.
 */
import { useEffect, useRef } from 'react';
import type { CreatedClient } from '../../../../shared/contracts/client-record.js';
import { CopyButton } from '../../components/copy-button.js';
import { ConnectInstructionsView } from './connect-instructions.js';

/** The one-time view of a new client's token; `onDone` hides it for good. */
export function CreatedClientPanel({ client, onDone }: { client: CreatedClient; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card" aria-labelledby="created-client-heading">
      <h2 id="created-client-heading" ref={heading} tabIndex={-1}>
        Client “{client.name}” created
      </h2>
      <p>
        <strong>Copy its token now: it is shown only this once.</strong> If it is lost, revoke the client and
        create it again.
      </p>
      <p className="token" aria-label={`Token for ${client.name}`}>
        {client.token}
      </p>
      <CopyButton text={client.token} label="Copy token" />
      <ConnectInstructionsView instructions={client.instructions} />
      <button type="button" onClick={onDone}>
        Done, hide the token
      </button>
    </section>
  );
}
