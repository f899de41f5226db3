/**
 * The address of the app's own page, `app://gatehouse/`: what IPC and permission checks trust.
 */

/** The scheme the app serves its UI on (see app-protocol.ts). */
export const APP_SCHEME = 'app';
/** The scheme's only host. */
export const APP_HOST = 'gatehouse';

/** The page every window loads (plus a hash route such as `#/compact`). */
export const APP_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Whether a frame's URL is the app's own page. */
export function isAppUrl(url: string): boolean {
  return url.startsWith(`${APP_SCHEME}://${APP_HOST}/`);
}
