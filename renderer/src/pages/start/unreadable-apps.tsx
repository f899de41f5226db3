/**
 * The apps whose config file Gatehouse cannot read (a syntax error, not UTF-8): named with the
 * sentence saying where, since the guide leaves them out rather than risk writing them.
 */
import type { DetectedClient } from '../../../../shared/contracts/client-setup.js';

/** One notice per installed app whose file cannot be read. */
export function UnreadableApps({ clients }: { clients: readonly DetectedClient[] }) {
  const unreadable = clients.filter((client) => client.problem !== undefined);
  if (unreadable.length === 0) return null;
  return (
    <div className="banner banner-warning" role="note">
      {unreadable.map((client) => (
        <p key={client.kind}>
          {client.title} is left out: {client.problem}
        </p>
      ))}
    </div>
  );
}
