/**
 * "Launch at login" for the platform the app runs on.
 */
import { app } from 'electron';
import type { LoginItems } from './desktop-shell.js';
import { LinuxAutostart } from './linux-autostart.js';

/** Electron's login items on macOS and Windows; an XDG autostart entry on Linux. */
export function platformLoginItems(): LoginItems {
  if (process.platform === 'linux') {
    // Inside an AppImage the binary lives in a temporary mount; the AppImage file is what to run.
    return new LinuxAutostart(process.env.APPIMAGE ?? process.execPath);
  }
  return {
    isEnabled: () => app.getLoginItemSettings().openAtLogin,
    setEnabled: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, args: ['--hidden'] }),
  };
}
