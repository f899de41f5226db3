/**
 * Where the app's windows may go. The UI is a local page: any navigation away from it is
 * refused, new windows are never opened, and only plain https links are handed to the
 * system browser (never file:, javascript:, custom protocols or http:).
 */

/** Whether a window may navigate to `target` (only within the app's own page). */
export function isInAppNavigation(target: string, appUrl: string): boolean {
  const to = parse(target);
  const app = parse(appUrl);
  if (!to || !app) return false;
  // Hash routes (#/audit) change only the fragment; anything else leaves the app.
  return to.protocol === app.protocol && to.host === app.host && to.pathname === app.pathname;
}

/** Whether a link may be opened in the system browser after the person clicked it. */
export function isSafeExternalLink(target: string): boolean {
  const url = parse(target);
  return url !== undefined && url.protocol === 'https:' && url.username === '' && url.password === '';
}

function parse(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
