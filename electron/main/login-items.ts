/**
 * "Launch at login" for the platform the app runs on.
 */
import { appExecutable } from '../../shared/gateway/config/app-executable.js';
import type { LoginItems } from './desktop-shell.js';
import { LinuxAutostart } from './linux-autostart.js';

/** The argument a login launch carries, so the app starts in the tray without a window. */
export const HIDDEN_ARG = '--hidden';

/** The part of Electron's `app` that login items use (so tests can pass a fake). */
export interface LoginItemApi {
  getLoginItemSettings(options?: { path?: string; args?: string[] }): {
    openAtLogin: boolean;
    wasOpenedAtLogin?: boolean;
  };
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
}

/** Where the app runs, as login items need to know it. */
export interface LoginItemPlatform {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly execPath: string;
}

/** Electron's login items on macOS and Windows; an XDG autostart entry on Linux. */
export function platformLoginItems(api: LoginItemApi, where: LoginItemPlatform): LoginItems {
  // An empty XDG_CONFIG_HOME counts as unset (XDG Base Directory spec), hence `|| undefined`.
  if (where.platform === 'linux')
    return new LinuxAutostart(appExecutable(where), where.env.XDG_CONFIG_HOME || undefined);
  if (where.platform === 'win32') {
    // Windows keeps a Run registry value of "path args"; Electron's getLoginItemSettings compares
    // against `path` and `args` and reports openAtLogin false when they differ ("you need to pass
    // the same arguments here for openAtLogin to be set correctly", app.getLoginItemSettings in
    // Electron 39's electron.d.ts). So both calls pass the same ones.
    const entry = { path: where.execPath, args: [HIDDEN_ARG] };
    return {
      isEnabled: () => api.getLoginItemSettings(entry).openAtLogin,
      setEnabled: (enabled) => api.setLoginItemSettings({ openAtLogin: enabled, ...entry }),
    };
  }
  // macOS ignores `args` (Windows only); a login launch is recognised by wasOpenedAtLogin instead.
  return {
    isEnabled: () => api.getLoginItemSettings().openAtLogin,
    setEnabled: (enabled) => api.setLoginItemSettings({ openAtLogin: enabled }),
  };
}

/** Whether this launch should start in the tray without opening a window. */
export function launchedHidden(
  api: LoginItemApi,
  where: { platform: NodeJS.Platform; argv: readonly string[] },
): boolean {
  if (where.argv.includes(HIDDEN_ARG)) return true;
  return where.platform === 'darwin' && api.getLoginItemSettings().wasOpenedAtLogin === true;
}
