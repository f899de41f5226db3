/**
 * The whole UI for one transport: providers, then either the full app (sidebar and pages), the
 * compact approval popup, or the "needs a fresh link" page.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import type { ControlTransport } from '../api/control-transport.js';
import { assertNever } from '../assert-never.js';
import { ApprovalsPage } from '../pages/approvals/approvals-page.js';
import { CompactApproval } from '../pages/approvals/compact-approval.js';
import { AuditPage } from '../pages/audit/audit-page.js';
import { ClientsPage } from '../pages/clients/clients-page.js';
import { PoliciesPage } from '../pages/policies/policies-page.js';
import { ServersPage } from '../pages/servers/servers-page.js';
import { SettingsPage } from '../pages/settings/settings-page.js';
import { FirstRunPage } from '../pages/start/first-run-page.js';
import { ToolsPage } from '../pages/tools/tools-page.js';
import { PendingApprovalsProvider, usePendingApprovals } from '../state/pending-approvals.js';
import { TransportProvider } from '../state/transport-context.js';
import { useConnectionState } from '../state/use-connection.js';
import { ConnectionBanner } from './connection-banner.js';
import { AuditBanner } from './audit-banner.js';
import { PauseBanner } from './pause-banner.js';
import type { PageRoute } from './routes.js';
import { Sidebar } from './sidebar.js';
import { UnauthorizedPage } from './unauthorized-page.js';
import { useHashRoute } from './use-hash-route.js';
import { useTheme } from './use-theme.js';

/** The UI, talking to the engine through `transport` only. */
export function App({ transport }: { transport: ControlTransport }) {
  return (
    <TransportProvider transport={transport}>
      <PendingApprovalsProvider>
        <Shell />
      </PendingApprovalsProvider>
    </TransportProvider>
  );
}

function Shell() {
  const connection = useConnectionState();
  const route = useHashRoute();
  const theme = useTheme();
  const { announcement } = usePendingApprovals();
  const main = useRef<HTMLElement>(null);
  const firstRoute = useRef(true);

  // After navigating, focus the new page's title so keyboard and screen-reader users start there.
  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [route]);

  if (connection === 'unauthorized') return <UnauthorizedPage />;

  // The live region exists before any announcement, or screen readers would not read it.
  const liveRegion = (
    <div aria-live="polite" className="visually-hidden">
      {announcement}
    </div>
  );
  if (route === 'compact') {
    return (
      <>
        {liveRegion}
        <CompactApproval />
      </>
    );
  }
  return (
    <div className="app">
      <button type="button" className="skip-link" onClick={() => main.current?.focus()}>
        Skip to content
      </button>
      {liveRegion}
      <Sidebar route={route} connection={connection} theme={theme} />
      <main className="content" id="main" ref={main} tabIndex={-1}>
        <ConnectionBanner connection={connection} />
        <PauseBanner />
        <AuditBanner />
        {pageFor(route)}
      </main>
    </div>
  );
}

function pageFor(route: PageRoute): ReactNode {
  switch (route) {
    case 'start':
      return <FirstRunPage />;
    case 'servers':
      return <ServersPage />;
    case 'clients':
      return <ClientsPage />;
    case 'tools':
      return <ToolsPage />;
    case 'approvals':
      return <ApprovalsPage />;
    case 'audit':
      return <AuditPage />;
    case 'policies':
      return <PoliciesPage />;
    case 'settings':
      return <SettingsPage />;
    default:
      return assertNever(route);
  }
}
