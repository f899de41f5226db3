/**
 * The navigation column: pages (Approvals with its pending count), connection state, the pause
 * switch, theme.
 */
import type { ConnectionState } from '../api/control-transport.js';
import { usePendingApprovals } from '../state/pending-approvals.js';
import { PauseButton } from './pause-banner.js';
import { PAGES, routeHref, type Route } from './routes.js';
import type { ThemeControl } from './use-theme.js';

const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  unauthorized: 'Not signed in',
};

/** The navigation column of the full app (not shown in the compact popup). */
export function Sidebar({
  route,
  connection,
  theme,
}: {
  route: Route;
  connection: ConnectionState;
  theme: ThemeControl;
}) {
  const pending = usePendingApprovals().items.length;
  return (
    <aside className="sidebar">
      <p className="brand">Gatehouse</p>
      <nav aria-label="Pages">
        <ul>
          {PAGES.map((page) => (
            <li key={page.route}>
              <a href={routeHref(page.route)} aria-current={route === page.route ? 'page' : undefined}>
                <span>{page.label}</span>
                {page.route === 'approvals' && pending > 0 && (
                  <>
                    {' '}
                    <span className="badge badge-count">
                      {pending} <span className="visually-hidden">pending</span>
                    </span>
                  </>
                )}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-footer">
        <p className={`connection connection-${connection}`}>
          <span className="dot" aria-hidden="true" />
          {CONNECTION_LABELS[connection]}
        </p>
        <PauseButton />
        <button type="button" onClick={theme.toggle}>
          {theme.theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
      </div>
    </aside>
  );
}
