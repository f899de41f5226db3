/**
 * The AI apps allowed to connect: set up the ones installed here, list, add (token shown once),
 * revoke, how to connect.
 */
import { Fragment, useState } from 'react';
import type { CreatedClient } from '../../../../shared/contracts/client-record.js';
import type { ControlEvent } from '../../../../shared/contracts/control-events.js';
import { ConfirmButton } from '../../components/confirm-button.js';
import { PageHeader } from '../../components/page-header.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/status.js';
import { useAction } from '../../state/use-action.js';
import { useControlQuery } from '../../state/use-control-query.js';
import { useTransport } from '../../state/transport-context.js';
import { AddClientForm } from './add-client-form.js';
import { ConnectApps } from './connect-apps.js';
import { CreatedClientPanel } from './created-client.js';
import { HowToConnect } from './how-to-connect.js';

const affectsClients = (event: ControlEvent): boolean =>
  event.type === 'config.changed' && event.area === 'clients';

/** The Clients page: add, list, revoke, and how to connect. */
export function ClientsPage() {
  const transport = useTransport();
  const clients = useControlQuery('clients.list', {}, affectsClients);
  const revoke = useAction();
  const [created, setCreated] = useState<CreatedClient | undefined>(undefined);
  const [open, setOpen] = useState<string | undefined>(undefined);

  return (
    <>
      <PageHeader
        title="Clients"
        description="Each AI app connects with its own token, so you can see and limit what each one does."
      />
      <ConnectApps />
      {created ? (
        <CreatedClientPanel client={created} onDone={() => setCreated(undefined)} />
      ) : (
        <AddClientForm
          onCreated={(client) => {
            setCreated(client);
            clients.refresh();
          }}
        />
      )}
      <section aria-labelledby="client-list-heading">
        <h2 id="client-list-heading">Clients</h2>
        {clients.error && <ErrorNotice message={clients.error} onRetry={clients.refresh} />}
        {revoke.error && <ErrorNotice message={revoke.error} />}
        {!clients.data ? (
          clients.loading && <Loading label="Loading clients…" />
        ) : clients.data.length === 0 ? (
          <EmptyState title="No clients yet.">Add one above to get a token for it.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Created</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {clients.data.map((client) => (
                  <Fragment key={client.name}>
                    <tr>
                      <th scope="row">{client.name}</th>
                      <td>
                        <time dateTime={client.createdAt}>{new Date(client.createdAt).toLocaleString()}</time>
                      </td>
                      <td>
                        <div className="cell-actions">
                          <button
                            type="button"
                            aria-label={`How to connect ${client.name}`}
                            aria-expanded={open === client.name}
                            onClick={() => setOpen(open === client.name ? undefined : client.name)}
                          >
                            How to connect
                          </button>
                          <ConfirmButton
                            label="Revoke"
                            accessibleName={`Revoke ${client.name}`}
                            question={`Revoke ${client.name}? Its token stops working at once.`}
                            confirmLabel="Revoke"
                            onConfirm={() =>
                              revoke.run(async () => {
                                await transport.call('clients.revoke', { name: client.name });
                                clients.refresh();
                              })
                            }
                          />
                        </div>
                      </td>
                    </tr>
                    {open === client.name && (
                      <tr className="detail-row">
                        <td colSpan={3}>
                          <HowToConnect name={client.name} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
