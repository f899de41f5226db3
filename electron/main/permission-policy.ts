/**
 * Which web permissions the app's windows get: exactly one, the clipboard write behind every Copy
 * button (`navigator.clipboard.writeText`), and only for the app's own page in a main frame.
 * Everything else (camera, notifications from the page, clipboard reads, …) is refused.
 */

/** The one permission granted. Electron 39 names the async clipboard write this way in both
 * `Session.setPermissionRequestHandler` and `setPermissionCheckHandler` (electron.d.ts, "permission:
 * … 'clipboard-sanitized-write' …"; docs/api/session.md). */
export const CLIPBOARD_WRITE = 'clipboard-sanitized-write';

/** What Electron tells a handler about who asks (`PermissionRequest` / check-handler details). */
export interface PermissionAsker {
  /** The last URL the requesting frame loaded; absent for cross-origin sub frames. */
  readonly requestingUrl?: string;
  readonly isMainFrame: boolean;
}

/** Decides permission requests and checks for the app's session. */
export class PermissionPolicy {
  /** @param isAppUrl whether a URL is the app's own page (`app://gatehouse/…`). */
  constructor(private readonly isAppUrl: (url: string) => boolean) {}

  /** Whether to grant `permission` to the frame described by `asker`. */
  allows(permission: string, asker: PermissionAsker): boolean {
    if (permission !== CLIPBOARD_WRITE) return false;
    // An iframe (none exist, but the CSP is the only thing stopping one) gets nothing.
    if (!asker.isMainFrame || asker.requestingUrl === undefined) return false;
    return this.isAppUrl(asker.requestingUrl);
  }

  /** For `session.setPermissionRequestHandler`: answers through Electron's callback. */
  readonly request = (
    _contents: unknown,
    permission: string,
    callback: (granted: boolean) => void,
    details: PermissionAsker,
  ): void => callback(this.allows(permission, details));

  /** For `session.setPermissionCheckHandler`: Chromium checks before it requests. */
  readonly check = (
    _contents: unknown,
    permission: string,
    _requestingOrigin: string,
    details: PermissionAsker,
  ): boolean => this.allows(permission, details);
}
