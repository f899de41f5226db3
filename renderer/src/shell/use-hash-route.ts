/**
 * The current route, following the address bar's fragment.
 */
import { useSyncExternalStore } from 'react';
import { parseRoute, type Route } from './routes.js';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The route the address bar names now; re-renders on every hash change. */
export function useHashRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
