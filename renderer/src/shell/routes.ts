/**
 * The UI's pages and their `#/name` addresses. Hash routing needs no router library and works the
 * same under the gateway's /ui/ path and from Electron's file:// URL.
 */

/** The sidebar's pages, in order. */
export const PAGES = [
  { route: 'start', label: 'Get started' },
  { route: 'servers', label: 'Servers' },
  { route: 'clients', label: 'Clients' },
  { route: 'tools', label: 'Tools' },
  { route: 'approvals', label: 'Approvals' },
  { route: 'audit', label: 'Audit' },
  { route: 'policies', label: 'Policies' },
  { route: 'settings', label: 'Settings' },
] as const;

/** A page the sidebar links to. */
export type PageRoute = (typeof PAGES)[number]['route'];

/** `compact` is the tray popup: the oldest approval alone, without the sidebar. */
export type Route = PageRoute | 'compact';

const DEFAULT_ROUTE: Route = 'servers';

/** The route a `location.hash` names; anything unknown opens the default page. */
export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  if (name === 'compact') return 'compact';
  return PAGES.find((page) => page.route === name)?.route ?? DEFAULT_ROUTE;
}

/** The `href` of a route. */
export function routeHref(route: Route): string {
  return `#/${route}`;
}
