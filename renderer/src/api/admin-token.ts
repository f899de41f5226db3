/**
 * The admin token for the HTTP transport. The gateway prints `…/ui/#token=…`; the fragment never
 * reaches a server, and we take it out of the address bar at once so it is not bookmarked,
 * shared in a screenshot or kept in history. sessionStorage keeps it across reloads of this tab.
 */

const STORAGE_KEY = 'gatehouse.adminToken';

/** The page's location, history and storage, passed in so tests need no real window. */
export interface TokenSources {
  readonly location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  readonly history: Pick<History, 'replaceState' | 'state'>;
  readonly storage: Pick<Storage, 'getItem' | 'setItem'>;
}

/** The token from the URL fragment (stored, then removed from the URL) or from this tab's storage. */
export function takeAdminToken(sources: TokenSources): string | undefined {
  const { location, history, storage } = sources;
  const fromUrl = tokenInFragment(location.hash);
  if (fromUrl) {
    storage.setItem(STORAGE_KEY, fromUrl);
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    return fromUrl;
  }
  return storage.getItem(STORAGE_KEY) ?? undefined;
}

/** `#token=…` (alone or among other `&` parts); read by hand because URLSearchParams turns `+` into a space. */
function tokenInFragment(hash: string): string | undefined {
  const match = /^#?(?:.*&)?token=([^&]*)/.exec(hash);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}
