/**
 * The app's own `app://gatehouse/` scheme, serving the built UI from disk. A standard, secure
 * scheme (unlike file://) gives the page a real origin, lets the response carry the CSP header,
 * and lets the IPC handler tell the app's page from anything else by its URL.
 */
import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { uiFile } from '../../shared/gateway/control/ui-files.js';
import { APP_HOST as HOST, APP_SCHEME as SCHEME } from './app-url.js';
import { APP_CONTENT_SECURITY_POLICY } from './window-security.js';

export { APP_PAGE_URL, isAppUrl } from './app-url.js';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false } },
  ]);
}

/** Answers `app://gatehouse/…` in `session` with files under `root` (the built renderer). */
export function serveAppScheme(session: Session, root: string): void {
  session.protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === HOST ? uiFile(root, url.pathname.slice(1)) : undefined;
    if (!file) return new Response('Not found.', { status: 404 });
    try {
      return new Response(await readFile(file.path), {
        headers: {
          'content-type': file.contentType,
          'content-security-policy': APP_CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found.', { status: 404 });
    }
  });
}
